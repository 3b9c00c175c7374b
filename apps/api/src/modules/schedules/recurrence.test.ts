import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { occurrenceDate, type RecurrenceRule, runInstant, upcoming } from './recurrence.js';

const rule = (r: Partial<RecurrenceRule>): RecurrenceRule => ({
  frequency: 'monthly',
  interval: 1,
  startDate: '2026-01-31',
  timezone: 'UTC',
  ...r,
});

describe('monthly', () => {
  it('runs on day 31, or the last day of shorter months, across leap years', () => {
    expect(upcoming(rule({ startDate: '2027-12-31' }), 0, 5)).toEqual([
      '2027-12-31',
      '2028-01-31',
      '2028-02-29',
      '2028-03-31',
      '2028-04-30',
    ]);
    expect(upcoming(rule({ startDate: '2026-12-31' }), 0, 3)).toEqual(['2026-12-31', '2027-01-31', '2027-02-28']);
  });

  it('keeps day 29 and 30 through February and back', () => {
    expect(upcoming(rule({ startDate: '2028-01-29' }), 0, 3)).toEqual(['2028-01-29', '2028-02-29', '2028-03-29']);
    expect(upcoming(rule({ startDate: '2027-01-30' }), 0, 3)).toEqual(['2027-01-30', '2027-02-28', '2027-03-30']);
    expect(upcoming(rule({ startDate: '2027-01-29' }), 0, 3)).toEqual(['2027-01-29', '2027-02-28', '2027-03-29']);
  });

  it('honours an explicit dayOfMonth and an interval', () => {
    expect(upcoming(rule({ startDate: '2026-02-28', dayOfMonth: 31, interval: 3 }), 0, 4)).toEqual([
      '2026-02-28',
      '2026-05-31',
      '2026-08-31',
      '2026-11-30',
    ]);
  });

  it('never drifts: whatever the start day and interval, every occurrence is that day or its month’s last day', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 300 }),
        (start, interval, index) => {
          const startDate = start.toISOString().slice(0, 10);
          const startDay = Number(startDate.slice(8));
          const d = occurrenceDate(rule({ startDate, interval }), index) as string;
          const [y, m, day] = d.split('-').map(Number) as [number, number, number];
          const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
          expect(day).toBe(Math.min(startDay, last));
          const months = (y - start.getUTCFullYear()) * 12 + (m - 1 - start.getUTCMonth());
          expect(months).toBe(index * interval);
        },
      ),
    );
  });
});

describe('daily and weekly', () => {
  it('count calendar days, so the first run is on startDate', () => {
    expect(upcoming(rule({ frequency: 'daily', startDate: '2026-03-06', interval: 2 }), 0, 3)).toEqual([
      '2026-03-06',
      '2026-03-08',
      '2026-03-10',
    ]);
    expect(upcoming(rule({ frequency: 'weekly', startDate: '2026-11-27' }), 0, 3)).toEqual(['2026-11-27', '2026-12-04', '2026-12-11']);
    expect(upcoming(rule({ frequency: 'biweekly', startDate: '2026-11-27' }), 0, 3)).toEqual(['2026-11-27', '2026-12-11', '2026-12-25']);
  });

  it('stop at endDate (inclusive) and maxOccurrences; once runs once', () => {
    expect(upcoming(rule({ frequency: 'daily', startDate: '2026-01-01', endDate: '2026-01-03' }), 0, 10)).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-01-03',
    ]);
    expect(upcoming(rule({ frequency: 'weekly', startDate: '2026-01-01', maxOccurrences: 2 }), 0, 10)).toHaveLength(2);
    expect(upcoming(rule({ frequency: 'once', startDate: '2026-01-01' }), 0, 10)).toEqual(['2026-01-01']);
  });
});

describe('time zones and daylight saving', () => {
  it('runs weekly at local midnight across a DST start and end in America/Mexico_City (2022, its last DST)', () => {
    const r = rule({ frequency: 'weekly', startDate: '2022-03-27', timezone: 'America/Mexico_City' });
    const dates = upcoming(r, 0, 40);
    const instants = dates.map((d) => runInstant(d, r.timezone).toISOString());
    expect(instants[0]).toBe('2022-03-27T06:00:00.000Z'); // CST, UTC−6
    // DST began 3 April at 02:00, after that day's midnight; it ended 30 October at 02:00.
    expect(instants[1]).toBe('2022-04-03T06:00:00.000Z');
    expect(instants[2]).toBe('2022-04-10T05:00:00.000Z'); // CDT, UTC−5
    expect(instants.find((i) => i.startsWith('2022-10-30'))).toBe('2022-10-30T05:00:00.000Z');
    expect(instants.find((i) => i.startsWith('2022-11-06'))).toBe('2022-11-06T06:00:00.000Z'); // back to CST
    // One run per week, no gap, no double: consecutive dates are exactly 7 days apart.
    for (let i = 1; i < dates.length; i++) {
      expect(Date.parse(dates[i] as string) - Date.parse(dates[i - 1] as string)).toBe(7 * 86_400_000);
    }
    expect(new Set(instants).size).toBe(instants.length);
  });

  it('finds the first instant of a day whose midnight does not exist (America/Sao_Paulo, 4 Nov 2018)', () => {
    // Clocks jumped from 00:00 to 01:00: the day starts at 01:00 −02:00 = 03:00 UTC.
    expect(runInstant('2018-11-04', 'America/Sao_Paulo').toISOString()).toBe('2018-11-04T03:00:00.000Z');
    expect(runInstant('2018-11-03', 'America/Sao_Paulo').toISOString()).toBe('2018-11-03T03:00:00.000Z');
    const weekly = upcoming(rule({ frequency: 'weekly', startDate: '2018-10-28', timezone: 'America/Sao_Paulo' }), 0, 3);
    expect(weekly).toEqual(['2018-10-28', '2018-11-04', '2018-11-11']);
    expect(weekly.map((d) => runInstant(d, 'America/Sao_Paulo').toISOString())).toEqual([
      '2018-10-28T03:00:00.000Z',
      '2018-11-04T03:00:00.000Z',
      '2018-11-11T02:00:00.000Z',
    ]);
  });

  it('orders run instants strictly with their dates in any zone (property)', () => {
    const zones = [
      'America/Mexico_City',
      'America/Sao_Paulo',
      'America/Bogota',
      'America/Argentina/Buenos_Aires',
      'America/New_York',
      'UTC',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.date({ min: new Date('2010-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom('daily', 'weekly', 'monthly') as fc.Arbitrary<'daily' | 'weekly' | 'monthly'>,
        (timezone, start, frequency) => {
          const r = rule({ frequency, startDate: start.toISOString().slice(0, 10), timezone });
          const instants = upcoming(r, 0, 30).map((d) => runInstant(d, timezone).getTime());
          for (let i = 1; i < instants.length; i++) expect(instants[i]).toBeGreaterThan(instants[i - 1] as number);
        },
      ),
      { numRuns: 200 },
    );
  });
});
