import type { Frequency } from '@payos/contracts';
import { DateTime, IANAZone } from 'luxon';

export type { Frequency };

/**
 * Schedule date math. A schedule's occurrences are *local calendar dates* numbered 0, 1, 2, … and
 * computed from the start date and the index alone — never by adding an interval to the previous
 * run's instant — so daylight-saving changes and time zones can neither skip nor double a run.
 * Occurrence k runs at the first instant of its date in the schedule's time zone (when midnight does
 * not exist that day, as on a DST start at 00:00, the first instant that does).
 */
export type RecurrenceRule = {
  frequency: Frequency;
  /** Every N days / weeks / two-week periods / months (≥ 1). */
  interval: number;
  /** Monthly only: 1–31; months without that day use their last day. Defaults to the start date's day. */
  dayOfMonth?: number | null;
  /** YYYY-MM-DD, the first occurrence. */
  startDate: string;
  /** YYYY-MM-DD, inclusive: no occurrence after it. */
  endDate?: string | null;
  maxOccurrences?: number | null;
  timezone: string;
};

export const isValidTimeZone = (zone: string) => IANAZone.isValidZone(zone);

const date = (iso: string) => DateTime.fromISO(iso, { zone: 'UTC' });

/** The index-th occurrence date (0 = startDate), or null when the schedule has ended by then. */
export function occurrenceDate(rule: RecurrenceRule, index: number): string | null {
  if (index < 0 || (rule.maxOccurrences != null && index >= rule.maxOccurrences)) return null;
  if (rule.frequency === 'once' && index > 0) return null;
  const start = date(rule.startDate);
  let result: DateTime;
  switch (rule.frequency) {
    case 'once':
      result = start;
      break;
    case 'daily':
      result = start.plus({ days: index * rule.interval });
      break;
    case 'weekly':
      result = start.plus({ weeks: index * rule.interval });
      break;
    case 'biweekly':
      result = start.plus({ weeks: 2 * index * rule.interval });
      break;
    case 'monthly': {
      const month = start.startOf('month').plus({ months: index * rule.interval });
      const day = Math.min(rule.dayOfMonth ?? start.day, month.daysInMonth ?? 28);
      result = month.set({ day });
      break;
    }
  }
  const iso = result.toISODate() as string;
  return rule.endDate && iso > rule.endDate ? null : iso;
}

/** When an occurrence date runs: the first instant of that date in the time zone. */
export function runInstant(occurrence: string, timezone: string): Date {
  const midnight = DateTime.fromISO(occurrence, { zone: timezone }).startOf('day');
  // luxon moves a non-existent local midnight forward past the gap; if that ever landed on the
  // previous day (it cannot for real zones), fall back to the start of the UTC date.
  return midnight.toISODate() === occurrence ? midnight.toJSDate() : date(occurrence).toJSDate();
}

/** Up to `count` occurrence dates from index `from` on. */
export function upcoming(rule: RecurrenceRule, from: number, count: number): string[] {
  const dates: string[] = [];
  for (let i = from; dates.length < count; i++) {
    const next = occurrenceDate(rule, i);
    if (next === null) break;
    dates.push(next);
  }
  return dates;
}

/** Today's date in a time zone (YYYY-MM-DD). */
export const localToday = (now: Date, timezone: string) => DateTime.fromJSDate(now, { zone: timezone }).toISODate() as string;

/** 0 = Sunday … 6 = Saturday, as in the API. */
export const dayOfWeekOf = (iso: string) => date(iso).weekday % 7;

export const dayOfMonthOf = (iso: string) => date(iso).day;

export const daysInMonthOf = (iso: string) => date(iso).daysInMonth ?? 28;

/** The first index whose date is on or after `localDate` (resuming skips the paused-over dates). */
export function firstIndexOnOrAfter(rule: RecurrenceRule, from: number, localDate: string): number {
  let i = from;
  for (;;) {
    const next = occurrenceDate(rule, i);
    if (next === null || next >= localDate) return i;
    i++;
  }
}
