import { randomBytes, randomUUID } from 'node:crypto';
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '@payos/contracts';
import type { Queryable } from '@payos/db';
import type { Clock } from '../../core/clock.js';
import type { Cursor } from '../../core/cursor.js';
import { businessRule, notFound } from '../../core/errors.js';
import { seal } from '../../lib/crypto.js';
import { eventIdOf, getEventOrThrow, recordEvent } from '../events/events.service.js';
import type { WebhookSettings } from './settings.js';
import { assertUrlAllowed } from './ssrf.js';
import * as repo from './webhooks.repo.js';

export type { EndpointRow } from './webhooks.repo.js';

/** An endpoint per tenant environment beyond this is refused (each event fans out to every one). */
export const MAX_ENDPOINTS = 16;
/** After a rotation the old secret keeps signing alongside the new one this long. */
export const SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;

type Deps = { clock: Clock; config: { jwtSecret: string }; webhooks: WebhookSettings };

/** `whsec_` + base64 of 32 random bytes: the Standard Webhooks secret format. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

export const presentEndpoint = (e: repo.EndpointRow): WebhookEndpoint => ({
  id: e.id,
  url: e.url,
  enabledEvents: e.enabled_events,
  description: e.description,
  status: e.status,
  disabledReason: e.disabled_reason,
  failingSince: e.failing_since?.toISOString() ?? null,
  secretRotatedAt: e.secret_rotated_at?.toISOString() ?? null,
  createdAt: e.created_at.toISOString(),
  updatedAt: e.updated_at.toISOString(),
});

export const presentDelivery = (d: repo.DeliveryRow): WebhookDelivery => ({
  id: d.id,
  eventId: eventIdOf(d.event_id),
  endpointId: d.endpoint_id,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.next_attempt_at?.toISOString() ?? null,
  createdAt: d.created_at.toISOString(),
});

export const presentAttempt = (a: repo.AttemptRow): WebhookAttempt => ({
  id: a.id,
  deliveryId: a.delivery_id,
  eventId: eventIdOf(a.event_id),
  eventType: a.event_type,
  statusCode: a.status_code,
  durationMs: a.duration_ms,
  responseExcerpt: a.response_excerpt,
  error: a.error,
  attemptedAt: a.attempted_at.toISOString(),
  nextRetryAt: a.next_retry_at?.toISOString() ?? null,
});

const urlPolicy = (deps: Deps) => deps.webhooks;

/** Errors: 400 webhook_url_not_allowed; 422 too_many_webhook_endpoints. */
export async function createEndpoint(
  tx: Queryable,
  deps: Deps,
  input: { url: string; enabledEvents: string[]; description?: string },
): Promise<{ endpoint: repo.EndpointRow; secret: string }> {
  const url = await assertUrlAllowed(input.url, urlPolicy(deps));
  if ((await repo.countEndpoints(tx)) >= MAX_ENDPOINTS) {
    throw businessRule('too_many_webhook_endpoints', `At most ${MAX_ENDPOINTS} webhook endpoints per environment.`, { max: MAX_ENDPOINTS });
  }
  const secret = newSecret();
  const endpoint = await repo.insertEndpoint(tx, {
    id: randomUUID(),
    url: url.href,
    enabledEvents: [...new Set(input.enabledEvents)],
    description: input.description || null,
    secretSealed: seal(secret, deps.config.jwtSecret),
    now: deps.clock.now(),
  });
  return { endpoint, secret };
}

export function listEndpoints(tx: Queryable, page: { limit: number; cursor?: Cursor }) {
  return repo.listEndpoints(tx, page);
}

/** Errors: 404 (unknown, another tenant's or environment's). */
export async function getEndpointOrThrow(tx: Queryable, id: string, options: { lock?: boolean; param?: string } = {}) {
  const endpoint = await repo.findEndpoint(tx, id.toLowerCase(), options.lock);
  if (!endpoint) throw notFound('webhook endpoint', options.param);
  return endpoint;
}

/** A URL that passed the destination policy (SSRF guard), normalized: what updateEndpoint stores. */
export type CheckedUrl = string & { readonly checkedUrl: unique symbol };

/**
 * Errors: 400 webhook_url_not_allowed. In production this resolves the name, which takes as long as
 * the name's (anyone's) DNS servers make it: call it before the transaction, so that a slow answer
 * holds neither the endpoint's row lock (every settle of its attempts waits on it) nor a connection.
 * The address is checked again at connect time anyway (ssrf.ts).
 */
export async function checkEndpointUrl(deps: Deps, url: string): Promise<CheckedUrl> {
  return (await assertUrlAllowed(url, urlPolicy(deps))).href as CheckedUrl;
}

/** Errors: 404. Enabling clears a failure streak; disabling is the user's. The URL is checked first (checkEndpointUrl). */
export async function updateEndpoint(
  tx: Queryable,
  deps: Deps,
  id: string,
  patch: { url?: CheckedUrl; enabledEvents?: string[]; description?: string | null; status?: 'enabled' | 'disabled' },
) {
  const endpoint = await getEndpointOrThrow(tx, id, { lock: true });
  const changes: Record<string, unknown> = {};
  if (patch.url !== undefined) changes.url = patch.url;
  // Another receiver: what was learned of the old one's pace does not apply.
  if (changes.url !== undefined && changes.url !== endpoint.url) changes.max_in_flight = null;
  if (patch.enabledEvents !== undefined) changes.enabled_events = [...new Set(patch.enabledEvents)];
  if (patch.description !== undefined) changes.description = patch.description || null;
  if (patch.status === 'enabled' && endpoint.status !== 'enabled')
    Object.assign(changes, { status: 'enabled', disabled_reason: null, failing_since: null });
  if (patch.status === 'disabled' && endpoint.status !== 'disabled')
    Object.assign(changes, { status: 'disabled', disabled_reason: 'user' });
  if (Object.keys(changes).length === 0) return endpoint;
  return repo.updateEndpoint(tx, endpoint.id, changes, deps.clock.now());
}

/** Errors: 404. Pending deliveries go with it. */
export async function deleteEndpoint(tx: Queryable, id: string) {
  const endpoint = await repo.deleteEndpoint(tx, id.toLowerCase());
  if (!endpoint) throw notFound('webhook endpoint');
  return endpoint;
}

/** A new secret; the old one signs alongside it for 24 h (a rotation within them ends the older one at once). Errors: 404. */
export async function rotateSecret(tx: Queryable, deps: Deps, id: string) {
  const endpoint = await getEndpointOrThrow(tx, id, { lock: true });
  const now = deps.clock.now();
  const secret = newSecret();
  const rotated = await repo.updateEndpoint(
    tx,
    endpoint.id,
    {
      secret_sealed: seal(secret, deps.config.jwtSecret),
      previous_secret_sealed: endpoint.secret_sealed,
      previous_secret_expires_at: new Date(now.getTime() + SECRET_OVERLAP_MS),
      secret_rotated_at: now,
    },
    now,
  );
  return { endpoint: rotated, secret };
}

const mustBeEnabled = (endpoint: repo.EndpointRow) => {
  if (endpoint.status !== 'enabled') {
    throw businessRule('invalid_state', 'This endpoint is disabled; enable it first.', { status: endpoint.status });
  }
};

/** A `ping` event delivered to this endpoint only. Errors: 404; 422 invalid_state (disabled). */
export async function sendPing(tx: Queryable, deps: Deps, id: string) {
  const endpoint = await getEndpointOrThrow(tx, id);
  mustBeEnabled(endpoint);
  const eventId = recordEvent(tx, {
    type: 'ping',
    objectType: 'webhook_endpoint',
    objectId: endpoint.id,
    object: presentEndpoint(endpoint),
    at: deps.clock.now(),
    onlyEndpointId: endpoint.id,
  });
  // The deferred write went out first: PostgreSQL runs statements in order.
  return (await repo.findDeliveryOf(tx, (await getEventOrThrow(tx, eventId)).id, endpoint.id)) as repo.DeliveryRow;
}

/** Queues an event again for one endpoint. Errors: 404 event; 404 endpointId; 422 invalid_state (disabled). */
export async function redeliver(tx: Queryable, deps: Deps, eventId: string, endpointId: string) {
  const event = await getEventOrThrow(tx, eventId);
  const endpoint = await getEndpointOrThrow(tx, endpointId, { param: 'endpointId' });
  mustBeEnabled(endpoint);
  return repo.insertDelivery(tx, { id: randomUUID(), endpointId: endpoint.id, eventId: event.id, now: deps.clock.now() });
}

/** Attempts of an endpoint, newest first (`limit + 1`). Errors: 404. */
export async function listAttempts(tx: Queryable, id: string, page: { limit: number; cursor?: Cursor }) {
  const endpoint = await getEndpointOrThrow(tx, id);
  return repo.listAttempts(tx, endpoint.id, page);
}
