import type { ScheduleStatus } from '@payos/contracts';
import { type Claimed, claimAndRun, type Database, type Environment, type Queryable } from '@payos/db';
import type { Currency } from '@payos/money';
import { afterCursor, type Cursor } from '../../core/cursor.js';
import type { StoredTravelRule } from '../transfers/transfers.repo.js';
import type { Frequency } from './recurrence.js';

export type { ScheduleStatus };

export type ScheduleRow = {
  id: string;
  status: ScheduleStatus;
  from_account_id: string;
  to_account_id: string | null;
  payment_method_id: string | null;
  amount: string;
  currency: Currency;
  description: string | null;
  frequency: Frequency;
  interval_count: number;
  day_of_week: number | null;
  day_of_month: number | null;
  start_date: string;
  end_date: string | null;
  max_occurrences: number | null;
  timezone: string;
  next_index: number;
  next_occurrence_date: string | null;
  next_run_at: Date | null;
  occurrences_run: number;
  initiated_by_type: 'user' | 'api_key' | 'agent' | 'system';
  initiated_by_id: string | null;
  initiated_by_name: string | null;
  /** When the approval it needed at creation came (null: it needed none). */
  approved_at: Date | null;
  /** Travel rule data each run's payout carries. */
  travel_rule: StoredTravelRule | null;
  created_at: Date;
  updated_at: Date;
};

// Dates travel as text: the drivers disagree on how to decode a `date`.
const COLUMNS = `id, status, from_account_id, to_account_id, payment_method_id, amount::text, currency, description, frequency,
  interval_count, day_of_week, day_of_month, start_date::text, end_date::text, max_occurrences, timezone, next_index,
  next_occurrence_date::text, next_run_at, occurrences_run, initiated_by_type, initiated_by_id, initiated_by_name, approved_at, travel_rule,
  created_at, updated_at`;

export type OccurrenceStatus = 'succeeded' | 'retrying' | 'failed';
export type OccurrenceRow = {
  id: string;
  schedule_id: string;
  kind: 'scheduled' | 'manual';
  occurrence_date: string;
  scheduled_for: Date;
  status: OccurrenceStatus;
  attempts: number;
  next_attempt_at: Date | null;
  last_error_code: string | null;
  last_error_message: string | null;
  transfer_id: string | null;
  created_at: Date;
  updated_at: Date;
};

const OCCURRENCE_COLUMNS = `id, schedule_id, kind, occurrence_date::text, scheduled_for, status, attempts, next_attempt_at, last_error_code,
  last_error_message, transfer_id, created_at, updated_at`;

export async function insertSchedule(
  tx: Queryable,
  s: Omit<ScheduleRow, 'occurrences_run' | 'next_index' | 'approved_at' | 'updated_at'> & { tenantId: string; environment: Environment },
): Promise<ScheduleRow> {
  const [row] = await tx.query<ScheduleRow>(
    `INSERT INTO transfer_schedules (tenant_id, environment, id, status, from_account_id, to_account_id, payment_method_id, amount, currency,
                                     description, frequency, interval_count, day_of_week, day_of_month, start_date, end_date,
                                     max_occurrences, timezone, next_occurrence_date, next_run_at, initiated_by_type, initiated_by_id,
                                     initiated_by_name, created_at, updated_at, travel_rule)
     VALUES ($1, $2, $3, $24, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::date, $15::date, $16, $17, $18::date, $19, $20, $21,
             $22, $23, $23, $25::jsonb)
     RETURNING ${COLUMNS}`,
    [
      s.tenantId,
      s.environment,
      s.id,
      s.from_account_id,
      s.to_account_id,
      s.payment_method_id,
      s.amount,
      s.currency,
      s.description,
      s.frequency,
      s.interval_count,
      s.day_of_week,
      s.day_of_month,
      s.start_date,
      s.end_date,
      s.max_occurrences,
      s.timezone,
      s.next_occurrence_date,
      s.next_run_at,
      s.initiated_by_type,
      s.initiated_by_id,
      s.initiated_by_name,
      s.created_at,
      s.status,
      s.travel_rule === null ? null : JSON.stringify(s.travel_rule),
    ],
  );
  return row as ScheduleRow;
}

export async function findSchedule(tx: Queryable, id: string, lock = false): Promise<ScheduleRow | undefined> {
  const [row] = await tx.query<ScheduleRow>(`SELECT ${COLUMNS} FROM transfer_schedules WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return row;
}

export function findSchedules(tx: Queryable, ids: string[]): Promise<ScheduleRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return tx.query<ScheduleRow>(`SELECT ${COLUMNS} FROM transfer_schedules WHERE id = ANY($1::uuid[])`, [ids]);
}

export type ScheduleFilter = { status?: ScheduleStatus; accountId?: string };

export function listSchedules(tx: Queryable, f: ScheduleFilter, page: { limit: number; cursor?: Cursor }) {
  return tx.query<ScheduleRow>(
    `SELECT ${COLUMNS} FROM transfer_schedules
      WHERE ($1::text IS NULL OR status = $1)
        AND ($2::uuid IS NULL OR from_account_id = $2 OR to_account_id = $2)
        AND (created_at, id) < ($3::timestamptz, $4::uuid)
      ORDER BY created_at DESC, id DESC LIMIT $5`,
    [f.status ?? null, f.accountId ?? null, ...afterCursor(page.cursor), page.limit + 1],
  );
}

/** Moves the schedule to its next occurrence (or ends it when there is none). */
export async function advance(
  tx: Queryable,
  id: string,
  next: { index: number; date: string | null; runAt: Date | null; status: ScheduleStatus; ranOne: boolean; now: Date },
) {
  await tx.query(
    `UPDATE transfer_schedules
        SET next_index = $2, next_occurrence_date = $3::date, next_run_at = $4, status = $5,
            occurrences_run = occurrences_run + $6, updated_at = $7
      WHERE id = $1`,
    [id, next.index, next.date, next.runAt, next.status, next.ranOne ? 1 : 0, next.now],
  );
}

/** An approved schedule starts: its first run is `next` (or it completes when none is left). */
export async function approve(
  tx: Queryable,
  id: string,
  next: { index: number; date: string | null; runAt: Date | null; status: ScheduleStatus; now: Date },
) {
  await tx.query(
    `UPDATE transfer_schedules
        SET next_index = $2, next_occurrence_date = $3::date, next_run_at = $4, status = $5, approved_at = $6, updated_at = $6
      WHERE id = $1`,
    [id, next.index, next.date, next.runAt, next.status, next.now],
  );
}

export async function setStatus(tx: Queryable, id: string, status: ScheduleStatus, now: Date) {
  await tx.query(
    `UPDATE transfer_schedules SET status = $2, updated_at = $3,
            next_run_at = CASE WHEN $2 IN ('active', 'paused') THEN next_run_at END
      WHERE id = $1`,
    [id, status, now],
  );
}

/** Claims the occurrence of (schedule, date); undefined when another runner already ran it. */
export async function claimOccurrence(
  tx: Queryable,
  o: {
    tenantId: string;
    environment: Environment;
    id: string;
    scheduleId: string;
    kind: 'scheduled' | 'manual';
    date: string;
    scheduledFor: Date;
    now: Date;
  },
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO schedule_occurrences (tenant_id, environment, id, schedule_id, kind, occurrence_date, scheduled_for, status, attempts,
                                       next_attempt_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::date, $7, 'retrying', 1, $8, $8, $8)
     ON CONFLICT (tenant_id, schedule_id, occurrence_date) WHERE kind = 'scheduled' DO NOTHING
     RETURNING id`,
    [o.tenantId, o.environment, o.id, o.scheduleId, o.kind, o.date, o.scheduledFor, o.now],
  );
  return rows.length === 1;
}

export async function recordAttempt(
  tx: Queryable,
  id: string,
  r: {
    status: OccurrenceStatus;
    attempts: number;
    nextAttemptAt: Date | null;
    transferId: string | null;
    error: { code: string; message: string } | null;
    now: Date;
  },
) {
  await tx.query(
    `UPDATE schedule_occurrences
        SET status = $2, attempts = $3, next_attempt_at = $4, transfer_id = $5, last_error_code = $6, last_error_message = $7, updated_at = $8
      WHERE id = $1`,
    [id, r.status, r.attempts, r.nextAttemptAt, r.transferId, r.error?.code ?? null, r.error?.message ?? null, r.now],
  );
}

export async function findOccurrence(tx: Queryable, id: string, lock = false): Promise<OccurrenceRow | undefined> {
  const [row] = await tx.query<OccurrenceRow>(
    `SELECT ${OCCURRENCE_COLUMNS} FROM schedule_occurrences WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return row;
}

export function listOccurrences(tx: Queryable, scheduleId: string, page: { limit: number; cursor?: Cursor }) {
  return tx.query<OccurrenceRow>(
    `SELECT ${OCCURRENCE_COLUMNS} FROM schedule_occurrences
      WHERE schedule_id = $1 AND (created_at, id) < ($2::timestamptz, $3::uuid)
      ORDER BY created_at DESC, id DESC LIMIT $4`,
    [scheduleId, ...afterCursor(page.cursor), page.limit + 1],
  );
}

type RunClaimed = (tx: Queryable, due: Claimed) => Promise<void>;

/**
 * Claims the active schedule that fell due first with FOR UPDATE SKIP LOCKED, as the owner role, and
 * runs `run` on it in its tenant (see claimAndRun). Resolves to false when none is due.
 */
export function claimDueSchedule(db: Database, now: Date, run: RunClaimed): Promise<boolean> {
  return claimAndRun(
    db,
    `SELECT tenant_id, environment, id FROM transfer_schedules
      WHERE status = 'active' AND next_run_at <= $1 ORDER BY next_run_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [now],
    run,
  );
}

/** Claims the refused occurrence whose retry fell due first, like claimDueSchedule. */
export function claimDueRetry(db: Database, now: Date, run: RunClaimed): Promise<boolean> {
  return claimAndRun(
    db,
    `SELECT tenant_id, environment, id FROM schedule_occurrences
      WHERE status = 'retrying' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [now],
    run,
  );
}

/**
 * Opens the savepoint one attempt runs under: `rollback` undoes only what the attempt wrote (the
 * transaction goes on), `release` keeps it. Attempts do not nest, so one name serves.
 */
export async function savepoint(tx: Queryable): Promise<{ release: () => Promise<void>; rollback: () => Promise<void> }> {
  await tx.exec('SAVEPOINT schedule_attempt');
  return {
    release: () => tx.exec('RELEASE SAVEPOINT schedule_attempt'),
    rollback: () => tx.exec('ROLLBACK TO SAVEPOINT schedule_attempt'),
  };
}

/**
 * Whether whoever created a schedule may still act: a user still a member, an API key neither revoked
 * nor expired at `now`. Agents are agentActorFor's.
 */
export async function creatorActive(tx: Queryable, creator: { type: 'user' | 'api_key'; id: string }, now: Date): Promise<boolean> {
  const rows =
    creator.type === 'user'
      ? await tx.query(`SELECT 1 FROM users WHERE id = $1 AND status = 'active'`, [creator.id])
      : await tx.query('SELECT 1 FROM api_keys WHERE id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)', [
          creator.id,
          now,
        ]);
  return rows.length > 0;
}
