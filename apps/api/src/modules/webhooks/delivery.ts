import { createHmac } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Database } from '@payos/db';
import { withTenant } from '@payos/db';
import type { Clock } from '../../core/clock.js';
import { unseal } from '../../lib/crypto.js';
import { type EventRow, eventIdOf, presentEvent, recordEvent } from '../events/events.service.js';
import { type Claimed, claim, endpointStreak, recordAttempt } from './delivery.repo.js';
import type { WebhookSettings } from './settings.js';
import { type DestinationPolicy, guardedLookup, literalAllowed, RefusedAddressError } from './ssrf.js';
import { presentEndpoint } from './webhooks.service.js';

/*
 * Webhook delivery (issue #17). At least once: a delivery row is written with its event (the outbox),
 * claimed by a worker under a lease (FOR UPDATE SKIP LOCKED, so any number of workers share the work),
 * POSTed, and settled in its tenant's transaction. A worker that dies mid-delivery leaves its lease to
 * expire, and another sends it again with the same webhook-id (the event id), so duplicates can be
 * dropped by the receiver.
 */

export type DeliveryDeps = { clock: Clock; config: { jwtSecret: string }; webhooks: WebhookSettings };

const SECOND = 1000;
/** Retry delays after the 1st, 2nd… failed attempt (then every 12 h); ±10 % jitter each. */
export const RETRY_DELAYS_MS = [5 * SECOND, 60 * SECOND, 10 * 60 * SECOND, 3600 * SECOND, 6 * 3600 * SECOND, 12 * 3600 * SECOND];
/** A delivery not delivered this long after its event is failed; an endpoint failing this long is disabled. */
export const GIVE_UP_AFTER_MS = 3 * 24 * 3600 * SECOND;
/** How long a claim holds a delivery: past it a crashed worker's delivery is due again. Well above the 10 s timeout. */
export const LEASE_MS = 60 * SECOND;
export const DEFAULT_TIMEOUT_MS = 10 * SECOND;
/** The most of a response body kept (and read: the rest is not waited for). */
export const RESPONSE_EXCERPT_BYTES = 1024;
const DEFAULT_IN_FLIGHT_PER_ENDPOINT = 4;
/** Deliveries one claim takes, and attempts one worker has in flight. */
const CLAIM_BATCH = 32;
const WORKER_IN_FLIGHT = 64;

/** The delay after the `attempt`-th failed attempt (1-based), jittered by ±10 % with `random` in [0, 1). */
export function retryDelayMs(attempt: number, random: () => number): number {
  const base = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length) - 1] as number;
  return Math.round(base * (0.9 + 0.2 * random()));
}

/** Standard Webhooks: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body` under each secret's key, space-separated. */
export function signatureHeader(id: string, timestampSeconds: number, body: string, secrets: readonly string[]): string {
  return secrets
    .map((secret) => {
      const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
      return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
    })
    .join(' ');
}

export type SendResult = { statusCode: number | null; excerpt: string | null; error: string | null; durationMs: number };

/**
 * One POST: no redirects followed (a 3xx is a failure), the whole attempt bounded by `timeoutMs`, at
 * most RESPONSE_EXCERPT_BYTES of the answer read, the destination checked again at connect time.
 */
export function send(
  url: string,
  headers: Record<string, string>,
  body: string,
  policy: DestinationPolicy,
  timeoutMs: number,
): Promise<SendResult> {
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: took() });
    };
    const target = new URL(url);
    if (!literalAllowed(target, policy)) {
      finish({ statusCode: null, excerpt: null, error: 'refused: the address is not public' });
      return;
    }
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(
      target,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'PayOS-Webhooks/1',
        },
        lookup: guardedLookup(policy) as never,
        agent: false,
      },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          // The receiver's bytes are stored as text: NUL (which PostgreSQL text cannot hold) becomes U+FFFD.
          const excerpt = Buffer.concat(chunks)
            .subarray(0, RESPONSE_EXCERPT_BYTES)
            .toString('utf8')
            .replace(/\uFFFD+$/, '')
            .replaceAll('\u0000', '\uFFFD');
          const code = response.statusCode ?? null;
          // A status outside 100-599 is no HTTP answer (and not storable): a failed attempt.
          if (code === null || code < 100 || code > 599) finish({ statusCode: null, excerpt, error: `invalid status code ${code}` });
          else finish({ statusCode: code, excerpt, error: null });
          response.destroy();
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= RESPONSE_EXCERPT_BYTES) done();
        });
        response.on('end', done);
        response.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      finish({ statusCode: null, excerpt: null, error: `timeout after ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    request.on('error', (error: Error) => {
      const why =
        error instanceof RefusedAddressError
          ? `refused: ${error.message}`
          : error.message || (error as NodeJS.ErrnoException).code || 'error';
      finish({ statusCode: null, excerpt: null, error: why.slice(0, 500) });
    });
    request.end(body);
  });
}

/** The secrets that sign now: the current one, and the previous one during its overlap. */
function secretsOf(c: Claimed, now: Date, jwtSecret: string): string[] {
  const secrets = [unseal(c.secret_sealed, jwtSecret)];
  if (c.previous_secret_sealed && c.previous_secret_expires_at && new Date(c.previous_secret_expires_at) > now) {
    secrets.push(unseal(c.previous_secret_sealed, jwtSecret));
  }
  return secrets;
}

/** The event as GET /v1/events/{id} shows it: the body of every delivery of it. */
const bodyOf = (c: Claimed) => {
  const raw = c.event as unknown as Omit<EventRow, 'created_at'> & { created_at: string };
  return JSON.stringify(presentEvent({ ...raw, created_at: new Date(raw.created_at) }));
};

/** Settles one attempt in the delivery's tenant: the attempt row, the delivery's state, the endpoint's failure streak. */
async function settle(db: Database, deps: DeliveryDeps, c: Claimed, result: SendResult, now: Date) {
  const delivered = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const deadline = new Date(c.created_at).getTime() + GIVE_UP_AFTER_MS;
  const retryAt = delivered ? null : now.getTime() + retryDelayMs(c.attempts, deps.webhooks.random ?? Math.random);
  const nextRetryAt = retryAt !== null && retryAt <= deadline ? new Date(retryAt) : null;
  const status = delivered ? 'delivered' : nextRetryAt ? 'pending' : 'failed';
  await withTenant(db, { tenantId: c.tenant_id, environment: c.environment }, async (tx) => {
    await recordAttempt(tx, c, result, { status, nextRetryAt }, now);
    const disabled = await endpointStreak(tx, c.endpoint_id, delivered, status === 'failed', now);
    if (disabled) {
      recordEvent(tx, {
        type: 'webhook_endpoint.disabled',
        objectType: 'webhook_endpoint',
        objectId: disabled.id,
        object: presentEndpoint(disabled),
        at: now,
      });
    }
  });
}

/**
 * One worker pass: claims due deliveries, POSTs them concurrently, settles each, and claims again
 * until nothing is due or `max` attempts were made. Returns how many attempts it made.
 */
export async function deliverDueWebhooks(db: Database, deps: DeliveryDeps, max = 500): Promise<number> {
  const cap = deps.webhooks.maxInFlightPerEndpoint ?? DEFAULT_IN_FLIGHT_PER_ENDPOINT;
  const timeoutMs = deps.webhooks.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const leaseMs = deps.webhooks.leaseMs ?? LEASE_MS;
  const deliverOne = async (c: Claimed) => {
    const now = deps.clock.now();
    const body = bodyOf(c);
    const id = eventIdOf(c.event.id);
    const timestamp = Math.floor(now.getTime() / 1000);
    let result: SendResult;
    try {
      const headers = {
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureHeader(id, timestamp, body, secretsOf(c, now, deps.config.jwtSecret)),
      };
      result = await send(c.url, headers, body, deps.webhooks, timeoutMs);
    } catch (error) {
      result = { statusCode: null, excerpt: null, error: String((error as Error).message ?? error).slice(0, 500), durationMs: 0 };
    }
    await settle(db, deps, c, result, deps.clock.now());
  };
  // Claims go on while attempts are in flight: a slow endpoint holds only its own slots (the cap),
  // never the worker. When nothing more can be claimed, wait for one attempt to end and try again.
  const inFlight = new Set<Promise<void>>();
  let done = 0;
  while (done < max) {
    const room = Math.min(WORKER_IN_FLIGHT - inFlight.size, max - done);
    const claimed = room > 0 ? await claim(db, deps.clock.now(), cap, Math.min(room, CLAIM_BATCH), leaseMs) : [];
    for (const c of claimed) {
      const attempt: Promise<void> = deliverOne(c).finally(() => inFlight.delete(attempt));
      inFlight.add(attempt);
    }
    done += claimed.length;
    if (claimed.length === 0) {
      if (inFlight.size === 0) break;
      await Promise.race(inFlight);
    }
  }
  await Promise.all(inFlight);
  return done;
}
