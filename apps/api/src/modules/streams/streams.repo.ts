import type { StreamEventType, StreamHealth, StreamStatus } from '@payos/contracts';
import { type Claimed, claimAndRun, type Database, type Environment, type Queryable } from '@payos/db';
import type { Currency } from '@payos/money';
import { afterCursor, type Cursor } from '../../core/cursor.js';

export type { StreamStatus };
export type StreamRow = {
  id: string;
  sender_account_id: string;
  receiver_account_id: string;
  currency: Currency;
  rate_per_second: string;
  funded: string;
  withdrawn: string;
  status: StreamStatus;
  accrued_seconds: string;
  running_since: Date | null;
  depletes_at: Date | null;
  health: StreamHealth;
  description: string | null;
  category: string | null;
  initiated_by_type: 'user' | 'api_key' | 'agent' | 'system';
  initiated_by_id: string | null;
  initiated_by_name: string | null;
  created_at: Date;
  updated_at: Date;
  ended_at: Date | null;
};

export const COLUMNS = `id, sender_account_id, receiver_account_id, currency, rate_per_second::text, funded::text, withdrawn::text, status,
  accrued_seconds::text, running_since, depletes_at, health, description, category, initiated_by_type, initiated_by_id, initiated_by_name,
  created_at, updated_at, ended_at`;

export async function insertStream(
  tx: Queryable,
  s: Omit<StreamRow, 'withdrawn' | 'accrued_seconds' | 'updated_at' | 'ended_at'> & {
    tenantId: string;
    environment: Environment;
  },
): Promise<StreamRow> {
  const [row] = await tx.query<StreamRow>(
    `INSERT INTO streams (tenant_id, environment, id, sender_account_id, receiver_account_id, currency, rate_per_second, funded, status,
                          running_since, depletes_at, health, description, category, initiated_by_type, initiated_by_id, initiated_by_name,
                          created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $18, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)
     RETURNING ${COLUMNS}`,
    [
      s.tenantId,
      s.environment,
      s.id,
      s.sender_account_id,
      s.receiver_account_id,
      s.currency,
      s.rate_per_second,
      s.funded,
      s.running_since,
      s.depletes_at,
      s.health,
      s.description,
      s.category,
      s.initiated_by_type,
      s.initiated_by_id,
      s.initiated_by_name,
      s.created_at,
      s.status,
    ],
  );
  return row as StreamRow;
}

export async function findStream(tx: Queryable, id: string, lock = false): Promise<StreamRow | undefined> {
  const [row] = await tx.query<StreamRow>(`SELECT ${COLUMNS} FROM streams WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return row;
}

export async function updateStream(tx: Queryable, id: string, changes: Record<string, unknown>, now: Date): Promise<StreamRow> {
  const entries = Object.entries(changes);
  const sets = entries.map(([column], i) => `${column} = $${i + 3}`);
  const [row] = await tx.query<StreamRow>(
    `UPDATE streams SET ${[...sets, 'updated_at = $2'].join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, now, ...entries.map(([, value]) => value)],
  );
  return row as StreamRow;
}

export type StreamFilter = {
  status?: StreamStatus;
  health?: string;
  accountId?: string;
  direction?: 'outgoing' | 'incoming';
  ids?: string[];
};

export function listStreams(tx: Queryable, f: StreamFilter, page: { limit: number; cursor?: Cursor }) {
  return tx.query<StreamRow>(
    `SELECT ${COLUMNS} FROM streams
      WHERE ($1::text IS NULL OR status = $1)
        AND ($2::text IS NULL OR health = $2)
        AND ($3::uuid IS NULL OR ($4::text IS DISTINCT FROM 'incoming' AND sender_account_id = $3)
                              OR ($4::text IS DISTINCT FROM 'outgoing' AND receiver_account_id = $3))
        AND ($5::uuid[] IS NULL OR id = ANY($5::uuid[]))
        AND (created_at, id) < ($6::timestamptz, $7::uuid)
      ORDER BY created_at DESC, id DESC LIMIT $8`,
    [
      f.status ?? null,
      f.health ?? null,
      f.accountId ?? null,
      f.direction ?? null,
      f.ids ?? null,
      ...afterCursor(page.cursor),
      page.limit + 1,
    ],
  );
}

export async function insertEvent(
  tx: Queryable,
  e: {
    tenantId: string;
    environment: Environment;
    id: string;
    streamId: string;
    type: StreamEventType;
    amount: string | null;
    data?: Record<string, unknown>;
    actorType: EventRow['actor_type'];
    actorId: string | null;
    at: Date;
  },
) {
  await tx.query(
    `INSERT INTO stream_events (tenant_id, environment, id, stream_id, type, amount, data, actor_type, actor_id, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9, $10)`,
    [e.tenantId, e.environment, e.id, e.streamId, e.type, e.amount, JSON.stringify(e.data ?? {}), e.actorType, e.actorId, e.at],
  );
}

export type EventRow = {
  id: string;
  type: StreamEventType;
  amount: string | null;
  data: Record<string, unknown>;
  actor_type: 'user' | 'api_key' | 'agent' | 'system';
  actor_id: string | null;
  at: Date;
};

export function listEvents(tx: Queryable, streamId: string, limit: number) {
  return tx.query<EventRow>(
    `SELECT id, type, amount::text, data, actor_type, actor_id, at FROM stream_events WHERE stream_id = $1 ORDER BY seq DESC LIMIT $2`,
    [streamId, limit],
  );
}

/** Active and paused streams an agent started (for its active-streams limit). */
export async function countOpenByAgent(tx: Queryable, agentId: string) {
  const [row] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM streams WHERE initiated_by_type = 'agent' AND initiated_by_id = $1 AND status IN ('requires_approval', 'active', 'paused')`,
    [agentId],
  );
  return row?.n ?? 0;
}

/**
 * Claims the active stream whose funding ran out first (depletes_at passed) with FOR UPDATE SKIP
 * LOCKED, as the owner role, and runs `settle` on it in its tenant (see claimAndRun). Resolves to
 * false when none is due.
 */
export function claimDepletedStream(db: Database, now: Date, settle: (tx: Queryable, due: Claimed) => Promise<void>): Promise<boolean> {
  return claimAndRun(
    db,
    `SELECT tenant_id, environment, id FROM streams WHERE status = 'active' AND depletes_at <= $1
      ORDER BY depletes_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [now],
    settle,
  );
}

export type TenantStreamRow = StreamRow & { tenant_id: string; environment: Environment };

/** Up to 1,000 active streams of every tenant, locked (SKIP LOCKED), for the health sweep; takes an owner transaction. */
export function lockActiveStreams(tx: Queryable) {
  return tx.query<TenantStreamRow>(
    `SELECT tenant_id, environment, ${COLUMNS} FROM streams WHERE status = 'active' ORDER BY depletes_at LIMIT 1000 FOR UPDATE SKIP LOCKED`,
  );
}

/** Stores a stream's new health band (by tenant and id: the sweep runs as the owner, across tenants). */
export async function setHealth(tx: Queryable, s: { tenantId: string; id: string }, health: StreamHealth, now: Date) {
  await tx.query('UPDATE streams SET health = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2', [s.tenantId, s.id, health, now]);
}
