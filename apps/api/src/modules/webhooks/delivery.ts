import { createHmac } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Database } from '@payos/db';
import { withTenant } from '@payos/db';
import type { Clock } from '../../core/clock.js';
import { unseal } from '../../lib/crypto.js';
import { type EventRow, eventIdOf, presentEvent, recordEvent } from '../events/events.service.js';
import { type Attempt, type Claimed, claim, endpointStreak, lockEndpointPace, recordAttempts, TENANT_IN_FLIGHT } from './delivery.repo.js';
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
const DEFAULT_BURST_IN_FLIGHT_PER_ENDPOINT = 32;
/** A 2xx answered sooner than this earns its endpoint a slot; a slower one gives one back. */
const FAST_ANSWER_MS = 1000;
/** Deliveries one claim takes, and attempts one worker has in flight. */
const CLAIM_BATCH = 64;
const WORKER_IN_FLIGHT = 256;

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
/** A 2xx answer: the only outcome that delivers. */
const delivers = (result: SendResult) => result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;

/**
 * Connections are kept open between attempts (a receiver under a backlog is sent thousands of requests;
 * a new TCP and TLS handshake for each would cost both sides more than the request). One pair of agents
 * per destination policy, so a socket is only ever reused under the policy that checked its address at
 * connect time. Idle sockets are closed after 4 s, before the 5 s that common servers keep them.
 */
const IDLE_SOCKET_MS = 4000;
const agentsByPolicy = new WeakMap<DestinationPolicy, { http: HttpAgent; https: HttpsAgent }>();
function agentsOf(policy: DestinationPolicy) {
  let agents = agentsByPolicy.get(policy);
  if (!agents) {
    const options = { keepAlive: true, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' as const };
    agents = { http: new HttpAgent(options), https: new HttpsAgent(options) };
    agentsByPolicy.set(policy, agents);
  }
  return agents;
}

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
  reuse = true,
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
    const https = target.protocol === 'https:';
    const agents = reuse ? agentsOf(policy) : undefined;
    const request = (https ? httpsRequest : httpRequest)(
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
        agent: agents ? (https ? agents.https : agents.http) : false,
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
      // The receiver closed a kept-alive connection as this request went out on it (its idle timeout
      // raced ours): the attempt is made again at once on a new connection, within what is left of the
      // budget. Had the receiver read the first one after all, the second is a duplicate with the same
      // webhook-id, which at-least-once delivery allows.
      if (request.reusedSocket && (error as NodeJS.ErrnoException).code === 'ECONNRESET' && !settled) {
        settled = true;
        clearTimeout(timer);
        const left = Math.max(1, timeoutMs - took());
        void send(url, headers, body, policy, left, false).then((retried) => resolve({ ...retried, durationMs: took() }));
        return;
      }
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

/** What an attempt's result makes of its delivery: delivered, due again after the backoff, or failed past the deadline. */
function settlementOf(deps: DeliveryDeps, c: Claimed, result: SendResult, now: Date): Attempt {
  const delivered = delivers(result);
  const deadline = new Date(c.created_at).getTime() + GIVE_UP_AFTER_MS;
  const retryAt = delivered ? null : now.getTime() + retryDelayMs(c.attempts, deps.webhooks.random ?? Math.random);
  const nextRetryAt = retryAt !== null && retryAt <= deadline ? new Date(retryAt) : null;
  const status = delivered ? 'delivered' : nextRetryAt ? 'pending' : 'failed';
  return { claimed: c, result, settlement: { status, nextRetryAt }, at: now };
}

/** The cap an endpoint starts at, and the most it can earn (deps.webhooks). */
type Pace = { start: number; burst: number };

/**
 * Settles attempts of one endpoint in one transaction: their attempt rows, their deliveries' states, the
 * endpoint's failure streak in the order the attempts ended (a success ends the streak; the failures
 * after the last success start or extend it, and give up the endpoint only if one of them gave up its
 * delivery), and its cap.
 *
 * The cap is learned from the cap the endpoint has now, read under its row lock: every worker's answers
 * add up in one place (no worker's memory of an older cap undoes another's halving), a batch settled
 * again after a failure learns from what its rollback left, and answers of a URL the endpoint no longer
 * has (changed while they were in flight) teach nothing about the new receiver.
 */
async function settleEndpoint(db: Database, attempts: readonly Attempt[], pace: Pace) {
  const { tenant_id: tenantId, environment, endpoint_id: endpointId } = (attempts[0] as Attempt).claimed;
  await withTenant(db, { tenantId, environment }, async (tx) => {
    await recordAttempts(tx, attempts);
    const current = await lockEndpointPace(tx, endpointId);
    // Deleted while its attempts were in flight: its deliveries went with it.
    if (!current) return;
    const learned = attempts
      .filter((a) => a.claimed.url === current.url)
      .reduce((cap, a) => nextCap(cap, a.result, pace.start, pace.burst), current.max_in_flight ?? pace.start);
    const stored = learned === pace.start ? null : learned;
    const lastSuccess = attempts.findLastIndex((a) => a.settlement.status === 'delivered');
    if (lastSuccess >= 0) await endpointStreak(tx, endpointId, true, false, (attempts[lastSuccess] as Attempt).at, stored);
    const failures = attempts.slice(lastSuccess + 1);
    if (failures.length === 0) return;
    const gaveUp = failures.some((a) => a.settlement.status === 'failed');
    const at = (failures.at(-1) as Attempt).at;
    const disabled = await endpointStreak(tx, endpointId, false, gaveUp, at, stored);
    if (disabled) {
      recordEvent(tx, {
        type: 'webhook_endpoint.disabled',
        objectType: 'webhook_endpoint',
        objectId: disabled.id,
        object: presentEndpoint(disabled),
        at,
      });
    }
  });
}

type Queued = { attempt: Attempt; done: (error?: unknown) => void };

/**
 * Settles attempts as they end, in batches per endpoint: what ends while its endpoint's batch is being
 * written waits for the next, so under load one transaction settles many attempts, and alone an attempt
 * is settled at once. Each endpoint has its own queue (its settles take its row lock, so they could not
 * run side by side anyway): one whose settle waits (a lock on it, a deadlock being resolved) holds back
 * only its own attempts, never another endpoint's or tenant's. A batch that fails is settled again attempt
 * by attempt, so one bad attempt costs only its own settlement (its lease expires and it is sent again,
 * with the same webhook-id).
 */
function settler(db: Database, pace: Pace) {
  /** Per endpoint: attempts waiting for the batch being written (present while one is). */
  const queues = new Map<string, Queued[]>();
  const flush = async (key: string) => {
    for (;;) {
      const batch = queues.get(key) ?? [];
      if (batch.length === 0) {
        queues.delete(key);
        return;
      }
      queues.set(key, []);
      try {
        await settleEndpoint(
          db,
          batch.map((q) => q.attempt),
          pace,
        );
        for (const q of batch) q.done();
      } catch (error) {
        if (batch.length === 1) (batch[0] as Queued).done(error);
        else for (const q of batch) await settleEndpoint(db, [q.attempt], pace).then(() => q.done(), q.done);
      }
    }
  };
  return (attempt: Attempt) =>
    new Promise<void>((resolve, reject) => {
      const key = attempt.claimed.endpoint_id;
      const queued: Queued = { attempt, done: (error) => (error === undefined ? resolve() : reject(error)) };
      const waiting = queues.get(key);
      if (waiting) waiting.push(queued);
      else {
        queues.set(key, [queued]);
        void flush(key);
      }
    });
}

/**
 * An endpoint's cap on attempts in flight after one more answer (additive increase, multiplicative
 * decrease): each 2xx within FAST_ANSWER_MS adds a slot, up to `burst`, so a receiver that keeps up is
 * sent as much as it takes; an attempt that held its slot and got nothing back (a timeout, a refused or
 * reset connection) or a slow failing answer halves it, down to 1, so a hanging or unreachable receiver
 * holds almost nothing; a fast error answer (a 500 in a few milliseconds) takes one slot off, down to 1;
 * a slow 2xx moves it one slot back towards `start`.
 */
export function nextCap(cap: number, result: SendResult, start: number, burst: number): number {
  const fast = result.durationMs < FAST_ANSWER_MS;
  if (!delivers(result)) return result.statusCode !== null && fast ? Math.max(1, cap - 1) : Math.max(1, Math.floor(cap / 2));
  // One slot at a time, from wherever failures left it: a receiver that alternates failures and fast
  // answers stays where it was instead of jumping back past the start.
  if (fast) return Math.min(cap + 1, Math.max(burst, start));
  return cap > start ? cap - 1 : Math.min(cap + 1, start);
}

/**
 * One worker pass: claims due deliveries, POSTs them concurrently, settles each, and claims again
 * until nothing is due, `max` attempts were made or `stopping` is aborted (the worker shutting down:
 * what is in flight is finished and settled, nothing new is claimed). Returns how many attempts it made.
 */
export async function deliverDueWebhooks(db: Database, deps: DeliveryDeps, max = 500, stopping?: AbortSignal): Promise<number> {
  const cap = deps.webhooks.maxInFlightPerEndpoint ?? DEFAULT_IN_FLIGHT_PER_ENDPOINT;
  const burst = deps.webhooks.burstInFlightPerEndpoint ?? DEFAULT_BURST_IN_FLIGHT_PER_ENDPOINT;
  const tenantCap = deps.webhooks.maxInFlightPerTenant ?? TENANT_IN_FLIGHT;
  const timeoutMs = deps.webhooks.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // A lease must outlast its attempt (the send's whole budget, then its settle): one that expires
  // while the attempt is in flight makes the delivery due again and no longer counted against the
  // caps, so another claim sends it again beside the first. env.ts refuses such a WEBHOOK_LEASE_MS;
  // deps set in code (tests, benches) are held to it here.
  const leaseMs = Math.max(deps.webhooks.leaseMs ?? LEASE_MS, 2 * timeoutMs + 5 * SECOND);
  const settle = settler(db, { start: cap, burst });
  // A settle that fails does not end the pass while its other attempts are in flight (the worker's
  // bound on attempts in flight, and stop() waiting for them, hold only while the pass runs): its
  // delivery stays leased and is sent again once the lease expires; the pass reports it at its end.
  const unsettled: unknown[] = [];
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
    await settle(settlementOf(deps, c, result, deps.clock.now())).catch((error: unknown) => void unsettled.push(error));
  };
  // Claims go on while attempts are in flight: a slow endpoint holds only its own slots (the cap),
  // never the worker. When nothing more can be claimed, wait for one attempt to end and try again.
  const inFlight = new Set<Promise<void>>();
  let done = 0;
  while (done < max && !stopping?.aborted) {
    const room = Math.min(WORKER_IN_FLIGHT - inFlight.size, max - done);
    const claimed = room > 0 ? await claim(db, deps.clock.now(), cap, Math.min(room, CLAIM_BATCH), leaseMs, tenantCap) : [];
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
  if (unsettled.length > 0) {
    throw new AggregateError(
      unsettled,
      `${unsettled.length} of ${done} webhook attempts could not be settled (they are sent again when their leases expire)`,
    );
  }
  return done;
}
