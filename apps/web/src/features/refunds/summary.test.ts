import { describe, expect, it } from 'vitest';
import { summarizeRefunds } from './summary';

describe('summarizeRefunds()', () => {
  it('adds amounts per currency, succeeded and pending apart, and counts by status', () => {
    const summary = summarizeRefunds([
      { amount: '0.10', currency: 'USD', status: 'succeeded' },
      { amount: '0.20', currency: 'USD', status: 'succeeded' },
      { amount: '5.000001', currency: 'USDC', status: 'pending' },
      { amount: '3.00', currency: 'USD', status: 'failed' },
      { amount: '7.50', currency: 'USD', status: 'pending' },
    ]);
    // 0.1 + 0.2 is 0.3 exactly: decimal arithmetic, not floating point.
    expect(summary.totals).toEqual([
      { currency: 'USD', refunded: '0.3', pending: '7.5' },
      { currency: 'USDC', refunded: '0', pending: '5.000001' },
    ]);
    expect(summary.counts).toEqual({ all: 5, succeeded: 2, pending: 2, failed: 1 });
  });

  it('keeps every digit of amounts beyond a double’s precision', () => {
    const { totals } = summarizeRefunds([
      { amount: '9007199254740993.01', currency: 'USD', status: 'succeeded' },
      { amount: '0.01', currency: 'USD', status: 'succeeded' },
    ]);
    expect(totals[0]?.refunded).toBe('9007199254740993.02');
  });

  it('is empty for no refunds', () => {
    expect(summarizeRefunds([])).toEqual({ totals: [], counts: { all: 0, succeeded: 0, pending: 0, failed: 0 } });
  });
});
