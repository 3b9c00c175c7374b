import type { Environment, Queryable } from '@payos/db';
import { afterCursor, type Cursor } from '../../core/cursor.js';

export type EndpointRow = {
  id: string;
  environment: Environment;
  url: string;
  enabled_events: string[];
  description: string | null;
  status: 'enabled' | 'disabled';
  disabled_reason: 'user' | 'failing' | null;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Date | null;
  secret_rotated_at: Date | null;
  failing_since: Date | null;
  created_at: Date;
  updated_at: Date;
};

const COLUMNS = `id, environment, url, enabled_events, description, status, disabled_reason, secret_sealed, previous_secret_sealed,
  previous_secret_expires_at, secret_rotated_at, failing_since, created_at, updated_at`;

export async function insertEndpoint(
  tx: Queryable,
  e: { id: string; url: string; enabledEvents: string[]; description: string | null; secretSealed: string; now: Date },
): Promise<EndpointRow> {
  const [row] = await tx.query<EndpointRow>(
    `INSERT INTO webhook_endpoints (tenant_id, environment, id, url, enabled_events, description, status, secret_sealed, created_at, updated_at)
     VALUES ((SELECT app_tenant_id()), (SELECT app_environment()), $1, $2, $3::text[], $4, 'enabled', $5, $6, $6)
     RETURNING ${COLUMNS}`,
    [e.id, e.url, e.enabledEvents, e.description, e.secretSealed, e.now],
  );
  return row as EndpointRow;
}

export async function countEndpoints(tx: Queryable): Promise<number> {
  const [row] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_endpoints');
  return row?.n ?? 0;
}

export function listEndpoints(tx: Queryable, page: { limit: number; cursor?: Cursor }) {
  return tx.query<EndpointRow>(
    `SELECT ${COLUMNS} FROM webhook_endpoints WHERE (created_at, id) < ($1::timestamptz, $2::uuid)
      ORDER BY created_at DESC, id DESC LIMIT $3`,
    [...afterCursor(page.cursor), page.limit + 1],
  );
}

export async function findEndpoint(tx: Queryable, id: string, lock = false): Promise<EndpointRow | undefined> {
  const [row] = await tx.query<EndpointRow>(`SELECT ${COLUMNS} FROM webhook_endpoints WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return row;
}

export async function updateEndpoint(tx: Queryable, id: string, changes: Record<string, unknown>, now: Date): Promise<EndpointRow> {
  const entries = Object.entries(changes);
  const sets = entries.map(([column], i) => `${column} = $${i + 3}`);
  const [row] = await tx.query<EndpointRow>(
    `UPDATE webhook_endpoints SET ${[...sets, 'updated_at = $2'].join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, now, ...entries.map(([, value]) => value)],
  );
  return row as EndpointRow;
}

export async function deleteEndpoint(tx: Queryable, id: string): Promise<EndpointRow | undefined> {
  const [row] = await tx.query<EndpointRow>(`DELETE FROM webhook_endpoints WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
  return row;
}

export type DeliveryRow = {
  id: string;
  endpoint_id: string;
  event_id: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: Date | null;
  created_at: Date;
};
const DELIVERY_COLUMNS = 'id, endpoint_id, event_id, status, attempts, next_attempt_at, created_at';

export async function insertDelivery(
  tx: Queryable,
  d: { id: string; endpointId: string; eventId: string; now: Date },
): Promise<DeliveryRow> {
  const [row] = await tx.query<DeliveryRow>(
    `INSERT INTO webhook_deliveries (tenant_id, environment, id, endpoint_id, event_id, status, next_attempt_at, created_at, updated_at)
     VALUES ((SELECT app_tenant_id()), (SELECT app_environment()), $1, $2, $3, 'pending', $4, $4, $4) RETURNING ${DELIVERY_COLUMNS}`,
    [d.id, d.endpointId, d.eventId, d.now],
  );
  return row as DeliveryRow;
}

/** The delivery the event writer queued for an event to one endpoint (read after the deferred write). */
export async function findDeliveryOf(tx: Queryable, eventId: string, endpointId: string): Promise<DeliveryRow | undefined> {
  const [row] = await tx.query<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE event_id = $1 AND endpoint_id = $2`, [
    eventId,
    endpointId,
  ]);
  return row;
}

export type AttemptRow = {
  id: string;
  delivery_id: string;
  event_id: string;
  event_type: string;
  status_code: number | null;
  duration_ms: number;
  response_excerpt: string | null;
  error: string | null;
  attempted_at: Date;
  next_retry_at: Date | null;
  created_at: Date;
};

export function listAttempts(tx: Queryable, endpointId: string, page: { limit: number; cursor?: Cursor }) {
  return tx.query<AttemptRow>(
    `SELECT id, delivery_id, event_id, event_type, status_code, duration_ms, response_excerpt, error, attempted_at, next_retry_at,
            attempted_at AS created_at
       FROM webhook_attempts
      WHERE endpoint_id = $1 AND (attempted_at, id) < ($2::timestamptz, $3::uuid)
      ORDER BY attempted_at DESC, id DESC LIMIT $4`,
    [endpointId, ...afterCursor(page.cursor), page.limit + 1],
  );
}
