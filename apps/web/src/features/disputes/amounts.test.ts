import { describe, expect, it } from 'vitest';
import { amountProblem, needsAmount, resolutionSplit } from './amounts';
import { canEscalate, canResolve, canRespond, dueState } from './due';

const DAY = 86_400_000;
const now = Date.parse('2026-03-10T12:00:00Z');
const at = (ms: number) => new Date(now + ms).toISOString();

describe('amountProblem()', () => {
  it('accepts up to the maximum, in the currency’s decimals', () => {
    expect(amountProblem('40.00', 'USDC', '40.00')).toBeUndefined();
    expect(amountProblem('0.000001', 'USDC', '40.00')).toBeUndefined();
    expect(amountProblem('40.000001', 'USDC', '40.00')).toBe('At most 40.00 USDC can be disputed.');
    expect(amountProblem('10.001', 'USD', '40.00')).toMatch(/decimal/i);
  });

  it('refuses what is not an amount', () => {
    expect(amountProblem('', 'USD', '1.00')).toBe('Enter an amount.');
    expect(amountProblem('0', 'USD', '1.00')).toBe('Enter an amount such as 1.00');
    expect(amountProblem('1e3', 'USD', '1.00')).toBe('Enter an amount such as 1.00');
    expect(amountProblem('-1', 'USD', '1.00')).toBe('Enter an amount such as 1.00');
  });

  it('compares in decimals beyond a double’s precision', () => {
    expect(amountProblem('900719925474099.01', 'USD', '900719925474099.00')).toMatch(/^At most/);
    expect(amountProblem('900719925474098.99', 'USD', '900719925474099.00')).toBeUndefined();
  });
});

describe('resolutionSplit()', () => {
  it('refunds all, part or nothing of the hold and releases the rest', () => {
    expect(resolutionSplit('100.00', 'USD', 'refund_issued', '')).toEqual({ refund: '100', release: '0' });
    expect(resolutionSplit('100.00', 'USD', 'no_action', '5')).toEqual({ refund: '0', release: '100' });
    expect(resolutionSplit('0.3', 'USDC', 'partial_refund', '0.1')).toEqual({ refund: '0.1', release: '0.2' });
    expect(resolutionSplit('100.00', 'USD', 'credit_issued', '100.00')).toEqual({ refund: '100', release: '0' });
  });

  it('is undefined while the amount is missing or above the disputed one', () => {
    expect(resolutionSplit('100.00', 'USD', 'partial_refund', '')).toBeUndefined();
    expect(resolutionSplit('100.00', 'USD', 'partial_refund', '100.01')).toBeUndefined();
  });

  it('knows which resolutions take an amount', () => {
    expect(['refund_issued', 'partial_refund', 'credit_issued', 'no_action', ''].filter((r) => needsAmount(r as never))).toEqual([
      'partial_refund',
      'credit_issued',
    ]);
  });
});

describe('dueState()', () => {
  it('warns about open disputes and disputes under review due within 7 days', () => {
    expect(dueState({ status: 'open', dueAt: at(20 * 3600_000) }, now)).toEqual({ kind: 'soon', days: 1 });
    expect(dueState({ status: 'under_review', dueAt: at(7 * DAY) }, now)).toEqual({ kind: 'soon', days: 7 });
    expect(dueState({ status: 'open', dueAt: at(7 * DAY + 1) }, now)).toEqual({ kind: 'none' });
  });

  it('says overdue once the due date passed', () => {
    expect(dueState({ status: 'open', dueAt: at(-1) }, now)).toEqual({ kind: 'overdue', days: 1 });
    expect(dueState({ status: 'under_review', dueAt: at(-26 * 3600_000) }, now)).toEqual({ kind: 'overdue', days: 2 });
  });

  it('says nothing of escalated and resolved disputes', () => {
    expect(dueState({ status: 'escalated', dueAt: at(-DAY) }, now)).toEqual({ kind: 'none' });
    expect(dueState({ status: 'resolved', dueAt: at(DAY) }, now)).toEqual({ kind: 'none' });
  });
});

describe('the actions a status allows', () => {
  it('respond while open and not yet due; resolve until resolved; escalate while open or under review', () => {
    expect(canRespond({ status: 'open', dueAt: at(DAY) }, now)).toBe(true);
    expect(canRespond({ status: 'open', dueAt: at(-1) }, now)).toBe(false);
    expect(canRespond({ status: 'under_review', dueAt: at(DAY) }, now)).toBe(false);
    expect(['open', 'under_review', 'escalated', 'resolved'].map((status) => canResolve({ status: status as never }))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(['open', 'under_review', 'escalated', 'resolved'].map((status) => canEscalate({ status: status as never }))).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
