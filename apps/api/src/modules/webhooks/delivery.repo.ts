import type { Database, Environment, Queryable } from '@payos/db';
import { withOwner } from '@payos/db';
import type { EventRow } from '../events/events.repo.js';
import type { EndpointRow } from './webhooks.repo.js';

/** As delivery.ts: a claim's lease, and how long an endpoint may fail. */
const LEASE_MS = 60_000;
/** Attempts in flight per tenant environment across every worker, whatever its endpoints (a quarter of one worker's slots). */
export const TENANT_IN_FLIGHT = 64;
const GIVE_UP_AFTER_MS = 3 * 24 * 3600_000;
type SendResult = { statusCode: number | null; excerpt: string | null; error: string | null; durationMs: number };

/* The delivery worker's SQL (modules/webhooks/delivery.ts): claiming under a lease, settling an attempt. */

const SECOND = 1000;

export type Claimed = {
  tenant_id: string;
  environment: Environment;
  id: string;
  lease_id: string;
  attempts: number;
  created_at: Date;
  endpoint_id: string;
  /** The endpoint's learned cap when claimed (NULL: the starting one). */
  max_in_flight: number | null;
  url: string;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Date | null;
  event: EventRow;
};

/**
 * Claims up to `batch` due deliveries of enabled endpoints, across every worker at most an endpoint's
 * learned max_in_flight (else `cap`) in flight per endpoint and `tenantCap` per tenant environment:
 * claims take a transaction-scoped advisory lock (they are one short statement, so serializing them
 * costs nothing and makes the caps exact), rows are locked FOR UPDATE SKIP LOCKED,
 * and each gets a lease (its due time moves past the lease, so only an expired one is claimed again).
 * Runs as the owner: a cross-tenant job.
 */
export async function claim(
  db: Database,
  now: Date,
  cap: number,
  batch: number,
  leaseMs = LEASE_MS,
  tenantCap = TENANT_IN_FLIGHT,
): Promise<Claimed[]> {
  return withOwner(db, async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('payos.webhooks.claim'))");
    return tx.query<Claimed>(
      `WITH busy AS (
         SELECT tenant_id, environment, endpoint_id, count(*) AS in_flight
           FROM webhook_deliveries WHERE status = 'pending' AND leased_until IS NOT NULL AND leased_until > $1
          GROUP BY tenant_id, environment, endpoint_id
       ), open AS (
         -- Endpoints with a free slot: a full endpoint's backlog never takes the place of others' deliveries.
         SELECT e.tenant_id, e.environment, e.id, coalesce(e.max_in_flight, $3) - coalesce(b.in_flight, 0) AS room
           FROM webhook_endpoints e LEFT JOIN busy b ON b.tenant_id = e.tenant_id AND b.endpoint_id = e.id
          WHERE e.status = 'enabled' AND coalesce(b.in_flight, 0) < coalesce(e.max_in_flight, $3)
       ), tenant_busy AS (
         SELECT tenant_id, environment, sum(in_flight) AS in_flight FROM busy GROUP BY tenant_id, environment
       ), candidates AS (
         -- Each open endpoint's oldest due deliveries, at most its free slots.
         SELECT c.tenant_id, o.environment, c.id, c.next_attempt_at
           FROM open o CROSS JOIN LATERAL (
                  SELECT d.tenant_id, d.id, d.next_attempt_at FROM webhook_deliveries d
                   WHERE d.tenant_id = o.tenant_id AND d.endpoint_id = o.id AND d.status = 'pending' AND d.next_attempt_at <= $1
                   ORDER BY d.next_attempt_at, d.id
                   LIMIT o.room) c
       ), fair AS (
         -- At most the tenant environment's free slots: one tenant's many endpoints cannot take every worker's
         -- slots either, and its test environment's load never holds back its live deliveries.
         SELECT c.tenant_id, c.id, c.next_attempt_at
           FROM (SELECT c.*, row_number() OVER (PARTITION BY c.tenant_id, c.environment ORDER BY c.next_attempt_at, c.id) AS n
                   FROM candidates c) c
                LEFT JOIN tenant_busy t ON t.tenant_id = c.tenant_id AND t.environment = c.environment
          WHERE c.n <= $5 - coalesce(t.in_flight, 0)
       ), picked AS (
         SELECT d.tenant_id, d.id FROM webhook_deliveries d
           JOIN (SELECT * FROM fair ORDER BY next_attempt_at, id LIMIT $2) r ON r.tenant_id = d.tenant_id AND r.id = d.id
            FOR UPDATE OF d SKIP LOCKED
       )
       UPDATE webhook_deliveries d
          SET lease_id = gen_random_uuid(), leased_until = $1::timestamptz + $4 * interval '1 millisecond',
              next_attempt_at = $1::timestamptz + $4 * interval '1 millisecond', attempts = d.attempts + 1, updated_at = $1
         FROM picked p, webhook_endpoints e, events ev
        WHERE d.tenant_id = p.tenant_id AND d.id = p.id
          AND e.tenant_id = d.tenant_id AND e.id = d.endpoint_id AND ev.tenant_id = d.tenant_id AND ev.id = d.event_id
       RETURNING d.tenant_id, d.environment, d.id, d.lease_id, d.attempts, d.created_at, d.endpoint_id, e.max_in_flight, e.url, e.secret_sealed,
                 e.previous_secret_sealed, e.previous_secret_expires_at,
                 json_build_object('id', ev.id, 'type', ev.type, 'environment', ev.environment, 'object_type', ev.object_type,
                                   'object_id', ev.object_id, 'sequence', ev.sequence::text, 'data', ev.data, 'created_at', ev.created_at) AS event`,
      [now, batch, cap, leaseMs, tenantCap],
    );
  });
}

export type Settlement = { status: 'pending' | 'delivered' | 'failed'; nextRetryAt: Date | null };
export type Attempt = { claimed: Claimed; result: SendResult; settlement: Settlement; at: Date };

/**
 * Records attempts of one tenant environment and settles their deliveries, set-based: one INSERT and
 * one UPDATE whatever their number. Only a lease holder settles its delivery (a delivery whose lease
 * expired and was claimed again is the new holder's); its attempt is recorded anyway. An attempt of an
 * endpoint deleted while it was in flight is not recorded (its deliveries and attempts went with it):
 * its foreign key would fail the batch, and every attempt of the batch settled again one by one.
 */
export async function recordAttempts(tx: Queryable, attempts: readonly Attempt[]) {
  const column = <T>(pick: (a: Attempt) => T) => attempts.map(pick);
  tx.defer(
    `INSERT INTO webhook_attempts (tenant_id, environment, id, delivery_id, endpoint_id, event_id, event_type, status_code, duration_ms,
                                   response_excerpt, error, attempted_at, next_retry_at)
     SELECT (SELECT app_tenant_id()), (SELECT app_environment()), gen_random_uuid(), a.*
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::int[], $7::text[], $8::text[], $9::timestamptz[],
                   $10::timestamptz[])
            AS a(delivery_id, endpoint_id, event_id, event_type, status_code, duration_ms, response_excerpt, error, attempted_at, next_retry_at)
      WHERE EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.id = a.endpoint_id)`,
    [
      column((a) => a.claimed.id),
      column((a) => a.claimed.endpoint_id),
      column((a) => a.claimed.event.id),
      column((a) => a.claimed.event.type),
      column((a) => a.result.statusCode),
      column((a) => a.result.durationMs),
      column((a) => a.result.excerpt?.slice(0, 1024) ?? null),
      column((a) => a.result.error?.slice(0, 500) ?? null),
      column((a) => a.at),
      column((a) => a.settlement.nextRetryAt),
    ],
  );
  await tx.query(
    `UPDATE webhook_deliveries d
        SET status = s.status, next_attempt_at = CASE WHEN s.status = 'pending' THEN s.next_retry_at END,
            lease_id = NULL, leased_until = NULL, updated_at = s.at
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[]) AS s(id, lease_id, status, next_retry_at, at)
      WHERE d.id = s.id AND d.lease_id = s.lease_id`,
    [
      column((a) => a.claimed.id),
      column((a) => a.claimed.lease_id),
      column((a) => a.settlement.status),
      column((a) => a.settlement.nextRetryAt),
      column((a) => a.at),
    ],
  );
}

/**
 * Locks an endpoint for the settle that learns its cap (FOR NO KEY UPDATE, as endpointStreak: it does
 * not conflict with the FOR KEY SHARE its attempt rows' foreign key takes) and reads its URL and cap.
 * Undefined: deleted.
 */
export async function lockEndpointPace(tx: Queryable, endpointId: string) {
  const [row] = await tx.query<{ url: string; max_in_flight: number | null }>(
    'SELECT url, max_in_flight FROM webhook_endpoints WHERE id = $1 FOR NO KEY UPDATE',
    [endpointId],
  );
  return row;
}

/**
 * A success ends an endpoint's failure streak. An endpoint is disabled (with a webhook_endpoint.disabled
 * event) when it has failed for 3 days, or when a delivery is given up after its whole 3-day schedule
 * and nothing reached the endpoint in the last 2 days of it (the schedule's last attempt comes at
 * about 67 h, so "3 days of failure" is judged by the delivery that spanned them).
 */
export async function endpointStreak(
  tx: Queryable,
  endpointId: string,
  delivered: boolean,
  gaveUp: boolean,
  now: Date,
  cap: number | null,
): Promise<EndpointRow | undefined> {
  if (delivered) {
    await tx.query(
      `UPDATE webhook_endpoints SET failing_since = NULL, max_in_flight = $2
        WHERE id = $1 AND (failing_since IS NOT NULL OR max_in_flight IS DISTINCT FROM $2)`,
      [endpointId, cap],
    );
    return undefined;
  }
  // FOR NO KEY UPDATE, not FOR UPDATE: this transaction already holds FOR KEY SHARE on the endpoint
  // (its attempt's foreign key), and so may another settle of the same endpoint; upgrading both to
  // FOR UPDATE deadlocks them, while NO KEY UPDATE does not conflict with KEY SHARE.
  const [endpoint] = await tx.query<EndpointRow & { just_disabled: boolean }>(
    `WITH before AS (SELECT id, status, coalesce(failing_since, $2) AS since FROM webhook_endpoints WHERE id = $1 FOR NO KEY UPDATE),
     decided AS (
       SELECT id, since, status = 'enabled' AND (since <= $2::timestamptz - $3 * interval '1 millisecond'
                                                  OR ($4 AND since <= $2::timestamptz - $5 * interval '1 millisecond')) AS disable
         FROM before
     )
     UPDATE webhook_endpoints e
        SET failing_since = d.since, max_in_flight = $6,
            status = CASE WHEN d.disable THEN 'disabled' ELSE e.status END,
            disabled_reason = CASE WHEN d.disable THEN 'failing' ELSE e.disabled_reason END,
            updated_at = CASE WHEN d.disable THEN $2 ELSE e.updated_at END
       FROM decided d
      WHERE e.id = d.id
      RETURNING e.id, e.environment, e.url, e.enabled_events, e.description, e.status, e.disabled_reason, e.secret_sealed,
                e.previous_secret_sealed, e.previous_secret_expires_at, e.secret_rotated_at, e.failing_since, e.created_at, e.updated_at,
                d.disable AS just_disabled`,
    [endpointId, now, GIVE_UP_AFTER_MS, gaveUp, GIVE_UP_AFTER_MS - 24 * 3600 * SECOND, cap],
  );
  if (!endpoint?.just_disabled) return undefined;
  const { just_disabled: _, ...row } = endpoint;
  return row;
}
