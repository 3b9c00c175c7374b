import type { Approval } from '@payos/contracts';
import { describe, expect, it } from 'vitest';
import { cadence, countByType, heldByCurrency, scheduleEnd } from './summary';

type Held = Pick<Approval, 'transfer' | 'stream'>;
const transfer = (currency: string, totalDebit: string) => ({ transfer: { currency, totalDebit }, stream: null }) as unknown as Held;
const stream = (currency: string, funded: string) => ({ transfer: null, stream: { currency, funded } }) as unknown as Held;
const schedule = { transfer: null, stream: null } as Held;

describe('the inbox summary', () => {
  it('adds up what waiting transfers hold and waiting streams were funded with, per currency, in decimals', () => {
    expect(
      heldByCurrency([
        transfer('USDC', '2763.750000'),
        transfer('USD', '1859.25'),
        stream('USDC', '0.100000'),
        stream('USDC', '0.200000'),
        schedule,
      ]),
    ).toEqual([
      { currency: 'USD', amount: '1859.25' },
      // 0.1 + 0.2 is 0.3 here, not 0.30000000000000004.
      { currency: 'USDC', amount: '2764.05' },
    ]);
    expect(heldByCurrency([schedule])).toEqual([]);
  });

  it('counts what waits by kind', () => {
    const of = (...types: Approval['objectType'][]) => types.map((objectType) => ({ objectType }));
    expect(countByType(of('transfer', 'stream', 'transfer', 'schedule'))).toBe('2 transfers, 1 schedule, 1 stream');
    expect(countByType(of('schedule', 'schedule'))).toBe('2 schedules');
    expect(countByType([])).toBe('');
  });

  it('says a schedule’s rule and its end in words', () => {
    expect(cadence({ frequency: 'once', interval: 1 })).toBe('Once');
    expect(cadence({ frequency: 'monthly', interval: 1 })).toBe('Monthly');
    expect(cadence({ frequency: 'monthly', interval: 3 })).toBe('Every 3 months');
    expect(cadence({ frequency: 'weekly', interval: 1 })).toBe('Weekly');
    expect(cadence({ frequency: 'biweekly', interval: 1 })).toBe('Every 2 weeks');
    expect(cadence({ frequency: 'biweekly', interval: 2 })).toBe('Every 4 weeks');
    expect(cadence({ frequency: 'daily', interval: 2 })).toBe('Every 2 days');
    const day = (d: string) => `<${d}>`;
    expect(scheduleEnd({ frequency: 'monthly', endDate: null, maxOccurrences: null }, day)).toBeNull();
    expect(scheduleEnd({ frequency: 'monthly', endDate: '2027-12-31', maxOccurrences: null }, day)).toBe('on <2027-12-31>');
    expect(scheduleEnd({ frequency: 'monthly', endDate: null, maxOccurrences: 1 }, day)).toBe('after 1 run');
    expect(scheduleEnd({ frequency: 'weekly', endDate: '2027-12-31', maxOccurrences: 12 }, day)).toBe(
      'on <2027-12-31> or after 12 runs, whichever comes first',
    );
    expect(scheduleEnd({ frequency: 'once', endDate: null, maxOccurrences: null }, day)).toBe('after its one run');
  });
});
