import { inOrder, type Queryable } from '@payos/db';
import type { Actor } from '../../core/actor.js';

/* The SQL of idempotency keys (see idempotency.ts for the protocol). */

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

/**
 * Claims the key for this transaction and reads what is stored under it, in one round trip: the
 * try-lock never waits, and the lookup that follows takes its snapshot only once the lock is held —
 * it sees the stored response of any holder that already committed.
 */
export async function claimKey(tx: Queryable, actor: Actor, key: string): Promise<{ acquired: boolean; stored?: StoredResponse }> {
  const [[lock], [stored]] = await inOrder(
    tx.query<{ acquired: boolean }>('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS acquired', [
      `${actor.tenantId}|${actor.environment}|${key}`,
    ]),
    tx.query<StoredResponse>(
      `SELECT request_hash, response_status, response_body, expires_at, actor_kind, actor_id, method, path
         FROM idempotency_keys WHERE key = $1`,
      [key],
    ),
  );
  return { acquired: Boolean(lock?.acquired), stored };
}

/** Stores the response, sent with COMMIT (no round trip of its own): if it fails, the transaction rolls back. */
export function storeOnCommit(
  tx: Queryable,
  r: {
    actor: Actor;
    key: string;
    requestHash: string;
    status: number;
    body: string;
    now: Date;
    expiresAt: Date;
    method: string;
    path: string;
  },
) {
  tx.defer(
    `INSERT INTO idempotency_keys (tenant_id, environment, key, request_hash, response_status, response_body, created_at, expires_at,
                                   actor_kind, actor_id, method, path)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (tenant_id, environment, key) DO UPDATE
       SET request_hash = EXCLUDED.request_hash, response_status = EXCLUDED.response_status,
           response_body = EXCLUDED.response_body, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at,
           actor_kind = EXCLUDED.actor_kind, actor_id = EXCLUDED.actor_id, method = EXCLUDED.method, path = EXCLUDED.path`,
    [
      r.actor.tenantId,
      r.actor.environment,
      r.key,
      r.requestHash,
      r.status,
      r.body,
      r.now,
      r.expiresAt,
      r.actor.kind,
      r.actor.id,
      r.method,
      r.path,
    ],
  );
}
