import type { Environment, Queryable, TenantScope } from '@payos/db';
import { afterCursor, type Cursor } from '../../core/cursor.js';

export type EventRow = {
  id: string;
  type: string;
  environment: Environment;
  object_type: string;
  object_id: string;
  /** bigint: the driver hands it over as a string. */
  sequence: string;
  data: { object: Record<string, unknown>; previousAttributes?: Record<string, unknown> };
  created_at: Date;
};

export const EVENT_COLUMNS = 'id, type, environment, object_type, object_id, sequence, data, created_at';

/** One event to write, already presented: `data` is the JSON text of `{object, previousAttributes?}`. */
export type EventWrite = {
  id: string;
  type: string;
  objectType: string;
  objectId: string;
  data: string;
  at: Date;
  onlyEndpointId?: string;
};

/**
 * Writes events in ONE statement, deferred (sent with the transaction's next statement or COMMIT):
 * numbers them per object through event_sequences (an upsert, so two transactions recording events of
 * one object serialize on its row and the numbers follow commit order; objects are taken in id order,
 * so two writers never wait on each other in a cycle), inserts them, and queues one delivery per
 * (event, enabled endpoint whose enabled events match) — the webhook outbox, committed or rolled back
 * with the change. The tenant and environment are the transaction's own (app_tenant_id(),
 * app_environment()), or `scope` in an owner's cross-tenant job.
 *
 * The events travel as one json parameter (json, not jsonb: `data` keeps the text as presented).
 */
export function insertEvents(tx: Queryable, events: EventWrite[], scope?: TenantScope) {
  if (events.length === 0) return;
  const rows = events.map((e) => ({
    id: e.id,
    type: e.type,
    objectType: e.objectType,
    objectId: e.objectId,
    at: e.at.toISOString(),
    onlyEndpointId: e.onlyEndpointId ?? null,
  }));
  const data = `[${events.map((e) => e.data).join(',')}]`;
  tx.defer(
    `WITH scope AS (SELECT coalesce($3::uuid, app_tenant_id()) AS tenant_id, coalesce($4::text, app_environment()) AS environment
     ), input AS (
       SELECT (e.value->>'id')::uuid AS id, e.value->>'type' AS type, e.value->>'objectType' AS object_type,
              (e.value->>'objectId')::uuid AS object_id, (e.value->>'at')::timestamptz AS created_at,
              (e.value->>'onlyEndpointId')::uuid AS only_endpoint_id, d.value AS data,
              row_number() OVER (PARTITION BY (e.value->>'objectId')::uuid ORDER BY e.ord) AS nth,
              count(*) OVER (PARTITION BY (e.value->>'objectId')::uuid) AS n
         FROM json_array_elements($1::json) WITH ORDINALITY AS e (value, ord)
         JOIN json_array_elements($2::json) WITH ORDINALITY AS d (value, ord) ON d.ord = e.ord
     ), numbered AS (
       INSERT INTO event_sequences AS s (tenant_id, environment, object_id, last_sequence)
       SELECT scope.tenant_id, scope.environment, input.object_id, count(*) FROM input, scope
        GROUP BY scope.tenant_id, scope.environment, input.object_id ORDER BY input.object_id
       ON CONFLICT (tenant_id, object_id) DO UPDATE SET last_sequence = s.last_sequence + EXCLUDED.last_sequence
       RETURNING s.object_id, s.last_sequence
     ), written AS (
       INSERT INTO events (tenant_id, environment, id, type, object_type, object_id, sequence, data, created_at)
       SELECT scope.tenant_id, scope.environment, i.id, i.type, i.object_type, i.object_id,
              n.last_sequence - i.n + i.nth, i.data, i.created_at
         FROM input i JOIN numbered n ON n.object_id = i.object_id CROSS JOIN scope
       RETURNING id, type, created_at
     ), queued AS (
       -- The outbox: one delivery per (event, enabled endpoint of this tenant environment that
       -- subscribes to the type: '*' — every type but ping —, the type itself, or 'prefix.*'); a ping
       -- goes to its one endpoint.
       INSERT INTO webhook_deliveries (tenant_id, environment, id, endpoint_id, event_id, status, next_attempt_at, created_at, updated_at)
       SELECT scope.tenant_id, scope.environment, gen_random_uuid(), e.id, w.id, 'pending', w.created_at, w.created_at, w.created_at
         FROM written w JOIN input i ON i.id = w.id CROSS JOIN scope
         JOIN webhook_endpoints e ON e.tenant_id = scope.tenant_id AND e.environment = scope.environment AND e.status = 'enabled'
        WHERE CASE WHEN i.only_endpoint_id IS NOT NULL THEN e.id = i.only_endpoint_id
                   ELSE EXISTS (SELECT 1 FROM unnest(e.enabled_events) AS p (pattern)
                                 WHERE (p.pattern = '*' AND w.type <> 'ping') OR p.pattern = w.type
                                    OR (right(p.pattern, 2) = '.*' AND starts_with(w.type, left(p.pattern, -1)))) END
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM written) AS events, (SELECT count(*) FROM queued) AS deliveries`,
    [JSON.stringify(rows), data, scope?.tenantId ?? null, scope?.environment ?? null],
  );
}

export function listEvents(
  tx: Queryable,
  filter: { type?: string; typePrefix?: string; objectId?: string; from?: Date; to?: Date },
  page: { limit: number; cursor?: Cursor },
) {
  return tx.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events
      WHERE ($1::text IS NULL OR type = $1)
        AND ($2::text IS NULL OR starts_with(type, $2))
        AND ($3::uuid IS NULL OR object_id = $3)
        AND ($4::timestamptz IS NULL OR created_at >= $4)
        AND ($5::timestamptz IS NULL OR created_at < $5)
        AND (created_at, id) < ($6::timestamptz, $7::uuid)
      ORDER BY created_at DESC, id DESC LIMIT $8`,
    [
      filter.type ?? null,
      filter.typePrefix ?? null,
      filter.objectId ?? null,
      filter.from ?? null,
      filter.to ?? null,
      ...afterCursor(page.cursor),
      page.limit + 1,
    ],
  );
}

export async function findEvent(tx: Queryable, id: string): Promise<EventRow | undefined> {
  const [row] = await tx.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = $1`, [id]);
  return row;
}
