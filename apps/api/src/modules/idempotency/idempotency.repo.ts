import { inOrder, type Queryable } from '@payos/db';
import type { Actor } from '../../core/actor.js';

/* The SQL of idempotency keys (see idempotency.service.ts for the protocol). */

export type StoredResponse = {
  request_hash: string;
  response_status: number;
  response_body: string;
  expires_at: Date;
  actor_kind: string | null;
  actor_id: string | null;
  method: string | null;
  path: string | null;
};

const lockKey = (actor: Pick<Actor, 'tenantId' | 'environment'>, key: string) => `${actor.tenantId}|${actor.environment}|${key}`;

/**
 * Claims the key for this transaction and reads what is stored under it, in one round trip: the
 * try-lock never waits, and the lookup that follows takes its snapshot only once the lock is held —
 * it sees the stored response of any holder that already committed.
 */
export async function claimKey(tx: Queryable, actor: Actor, key: string): Promise<{ acquired: boolean; stored?: StoredResponse }> {
  const claimed = await claimKeys(tx, actor, [key]);
  return claimed.get(key) ?? { acquired: false };
}

/**
 * claimKey for several keys of one tenant environment, in one round trip (two statements): a key
 * another transaction holds is not acquired. Keys must be distinct.
 */
export async function claimKeys(
  tx: Queryable,
  scope: Pick<Actor, 'tenantId' | 'environment'>,
  keys: string[],
): Promise<Map<string, { acquired: boolean; stored?: StoredResponse }>> {
  const [locks, stored] = await inOrder(
    tx.query<{ key: string; acquired: boolean }>(
      'SELECT k AS key, pg_try_advisory_xact_lock(hashtextextended(k2, 0)) AS acquired FROM unnest($1::text[], $2::text[]) AS u (k, k2)',
      [keys, keys.map((k) => lockKey(scope, k))],
    ),
    tx.query<StoredResponse & { key: string }>(
      `SELECT key, request_hash, response_status, response_body, expires_at, actor_kind, actor_id, method, path
         FROM idempotency_keys WHERE key = ANY($1::text[])`,
      [keys],
    ),
  );
  const storedByKey = new Map(stored.map((s) => [s.key, s]));
  return new Map(locks.map((l) => [l.key, { acquired: l.acquired, stored: storedByKey.get(l.key) }]));
}

export type StoredRecord = {
  actor: Actor;
  key: string;
  requestHash: string;
  status: number;
  body: string;
  now: Date;
  expiresAt: Date;
  method: string;
  path: string;
};

/** Stores responses, sent with COMMIT (no round trip of its own): if it fails, the transaction rolls back. */
export function storeOnCommit(tx: Queryable, records: StoredRecord[]) {
  if (records.length === 0) return;
  // Timestamps travel as ISO strings: the drivers disagree on how to encode a Date[] parameter.
  tx.defer(
    `INSERT INTO idempotency_keys (tenant_id, environment, key, request_hash, response_status, response_body, created_at, expires_at,
                                   actor_kind, actor_id, method, path)
     SELECT r.tenant_id::uuid, r.environment, r.key, r.request_hash, r.response_status, r.response_body, r.created_at::timestamptz,
            r.expires_at::timestamptz, r.actor_kind, r.actor_id::uuid, r.method, r.path
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[],
                   $10::text[], $11::text[], $12::text[])
            AS r (tenant_id, environment, key, request_hash, response_status, response_body, created_at, expires_at, actor_kind,
                  actor_id, method, path)
     ON CONFLICT (tenant_id, environment, key) DO UPDATE
       SET request_hash = EXCLUDED.request_hash, response_status = EXCLUDED.response_status,
           response_body = EXCLUDED.response_body, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at,
           actor_kind = EXCLUDED.actor_kind, actor_id = EXCLUDED.actor_id, method = EXCLUDED.method, path = EXCLUDED.path`,
    [
      records.map((r) => r.actor.tenantId),
      records.map((r) => r.actor.environment),
      records.map((r) => r.key),
      records.map((r) => r.requestHash),
      records.map((r) => r.status),
      records.map((r) => r.body),
      records.map((r) => r.now.toISOString()),
      records.map((r) => r.expiresAt.toISOString()),
      records.map((r) => r.actor.kind),
      records.map((r) => r.actor.id),
      records.map((r) => r.method),
      records.map((r) => r.path),
    ],
  );
}
