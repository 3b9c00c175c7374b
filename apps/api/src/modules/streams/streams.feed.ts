import { MAX_FEED_STREAMS, type StreamFeedEnd, type StreamFeedStreams } from '@payos/contracts';
import { withTenant } from '@payos/db';
import type { Context } from 'hono';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import { decodeJwt } from 'jose';
import type { AppDeps, AppEnv } from '../../context.js';
import type { Actor } from '../../core/actor.js';
import { UUID_PATTERN } from '../../core/cursor.js';
import { AppError, invalidRequest, unauthenticated } from '../../core/errors.js';
import { requestLogger } from '../../http/middleware/request-context.js';
import { listFeedStreams, presentStream } from './streams.service.js';

/**
 * GET /v1/events/streams — the caller's streams' live figures as Server-Sent Events. A feed lives no
 * longer than the credential that opened it: it re-resolves the credential every `credentialCheckMs`
 * (the resolver caches for 1 s, so a logout, revocation or removal on any instance ends it within
 * about 6 s) and ends when a user's access token expires. Each credential holds a bounded number of
 * feeds in a process, so one credential cannot pin down connections and database reads at will.
 */

/** Most feeds one caller (user, API key or agent) holds open at once in one API process. */
export const MAX_FEEDS_PER_CREDENTIAL = 5;
const MAX_IDS = MAX_FEED_STREAMS;
const DEFAULT_INTERVAL_MS = 1_000;
const DEFAULT_CREDENTIAL_CHECK_MS = 5_000;
const HEARTBEAT_MS = 15_000;
/** How long the closing `event: end` may wait for a client that stopped reading. */
const END_WRITE_MS = 1_000;

/** Why the server ended a feed; sent to the client as `event: end`. */
type EndReason = StreamFeedEnd['reason'] | 'client_closed';

/** Open feeds per caller, per app (a process serves one app). */
const openFeeds = new WeakMap<AppDeps, Map<string, number>>();
/** How to end each running feed, per app: a shutdown ends them so the server can close. */
const runningFeeds = new WeakMap<AppDeps, Set<(reason: EndReason) => void>>();

/** Ends every open feed of this app (they get `event: end` with reason `shutting_down`). */
export function endStreamFeeds(deps: AppDeps) {
  for (const end of runningFeeds.get(deps) ?? []) end('shutting_down');
}

export function streamFeed(c: Context<AppEnv>) {
  const ids = parseIds(c.req.query('ids'));
  // HEAD runs this handler too (Hono answers it from the GET route) but its body is never read: a
  // feed opened for it would hold a slot that no hang-up ever frees. Answer with the headers alone.
  if (c.req.method === 'HEAD') {
    return c.body(null, 200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  }
  const actor = c.get('actor');
  const deps = c.get('deps');
  // Authentication already checked the bearer credential; the feed keeps it to check again.
  const token = bearerToken(c.req.header('authorization'));
  const environmentHeader = c.req.header('payos-environment');
  const expiresAtMs = accessTokenExpiry(token);
  const logger = requestLogger(c);
  const release = takeSlot(deps, actor);
  try {
    return streamSSE(c, async (sse) => {
      try {
        await runFeed(sse, { deps, actor, ids, token, environmentHeader, expiresAtMs });
      } catch (error) {
        logger.warn({ err: error }, 'stream feed ended by an error');
      } finally {
        release();
      }
    });
  } catch (error) {
    release();
    throw error;
  }
}

function parseIds(raw: string | undefined): string[] {
  const ids = (raw ?? '').split(',').filter(Boolean);
  // Real UUIDs only: anything else would reach PostgreSQL's uuid cast inside the feed loop.
  if (ids.length === 0 || ids.length > MAX_IDS || !ids.every((id) => UUID_PATTERN.test(id))) {
    throw invalidRequest('parameter_invalid', `ids must list 1 to ${MAX_IDS} stream ids (UUIDs), comma-separated.`, 'ids');
  }
  return ids;
}

/** The bearer value, read the way the authentication middleware reads it. */
function bearerToken(header: string | undefined): string {
  const match = header ? /^Bearer\s+(\S{10,2000})$/i.exec(header) : null;
  if (!match?.[1]) throw unauthenticated('missing_credentials', 'Provide a credential as Authorization: Bearer <token>.');
  return match[1];
}

/** A user access token's expiry in ms (its signature was verified by authentication); API keys and agent tokens have none. */
function accessTokenExpiry(token: string): number | null {
  if (token.startsWith('pk_') || token.startsWith('agent_')) return null;
  const { exp } = decodeJwt(token);
  return typeof exp === 'number' ? exp * 1000 : null;
}

function takeSlot(deps: AppDeps, actor: Actor): () => void {
  let counts = openFeeds.get(deps);
  if (!counts) {
    counts = new Map();
    openFeeds.set(deps, counts);
  }
  const key = `${actor.tenantId}:${actor.kind}:${actor.id}`;
  const open = counts.get(key) ?? 0;
  if (open >= MAX_FEEDS_PER_CREDENTIAL) {
    throw new AppError(
      'rate_limit_error',
      'too_many_streams',
      `This credential already has ${MAX_FEEDS_PER_CREDENTIAL} stream feeds open; close one first.`,
      { details: { limit: MAX_FEEDS_PER_CREDENTIAL } },
    );
  }
  counts.set(key, open + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (counts.get(key) ?? 1) - 1;
    if (left > 0) counts.set(key, left);
    else counts.delete(key);
  };
}

/** The credential still stands for the same caller with the same standing (any change: reconnect and be authorized again). */
function sameStanding(fresh: Actor, original: Actor): boolean {
  const permissions = (a: Actor) => [...(a.agent?.permissions ?? [])].sort().join(',');
  return (
    fresh.tenantId === original.tenantId &&
    fresh.environment === original.environment &&
    fresh.kind === original.kind &&
    fresh.id === original.id &&
    fresh.sessionId === original.sessionId &&
    fresh.role === original.role &&
    fresh.agent?.accountId === original.agent?.accountId &&
    permissions(fresh) === permissions(original)
  );
}

type FeedContext = {
  deps: AppDeps;
  actor: Actor;
  ids: string[];
  token: string;
  environmentHeader: string | undefined;
  expiresAtMs: number | null;
};

async function runFeed(sse: SSEStreamingApi, feed: FeedContext) {
  const { deps, actor, ids } = feed;
  const intervalMs = deps.streams?.sseIntervalMs ?? DEFAULT_INTERVAL_MS;
  const checkMs = deps.streams?.credentialCheckMs ?? DEFAULT_CREDENTIAL_CHECK_MS;
  const state: { ended: EndReason | null; isFinished: boolean } = { ended: null, isFinished: false };
  let wake = () => {};
  const stopped = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const end = (reason: EndReason) => {
    state.ended ??= reason;
    wake();
  };
  // Every wait in the loop also ends when the feed is stopped, so a stop is never held up by a
  // sleeping tick or by a client that no longer reads (a write that waits).
  const unlessStopped = <T>(work: Promise<T>) => Promise.race([work, stopped.then(() => undefined)]);
  const isExpired = () => feed.expiresAtMs !== null && deps.clock.now().getTime() >= feed.expiresAtMs;
  sse.onAbort(() => end('client_closed'));
  let running = runningFeeds.get(deps);
  if (!running) {
    running = new Set();
    runningFeeds.set(deps, running);
  }
  running.add(end);

  // The credential is checked on its own timer, independent of the loop's writes.
  let guard: NodeJS.Timeout | undefined;
  const checkCredential = async () => {
    if (state.ended || state.isFinished) return;
    if (isExpired()) return end('token_expired');
    const isValid = await deps.credentials.resolve(feed.token, feed.environmentHeader).then(
      (fresh) => sameStanding(fresh, actor),
      () => false,
    );
    if (!isValid) return end('credential_revoked');
    if (!state.ended && !state.isFinished) guard = setTimeout(checkCredential, checkMs);
  };
  guard = setTimeout(checkCredential, checkMs);

  try {
    let sinceHeartbeat = 0;
    while (!state.ended) {
      if (isExpired()) {
        end('token_expired');
        break;
      }
      const rows = await unlessStopped(withTenant(deps.db, actor, (tx) => listFeedStreams(tx, actor, ids), { readOnly: true }));
      // Nothing more is sent once the credential failed, even figures read just before.
      if (state.ended || !rows) break;
      const now = deps.clock.now();
      const streams: StreamFeedStreams = rows.slice(0, MAX_IDS).map((r) => presentStream(r, now));
      await unlessStopped(sse.writeSSE({ event: 'streams', data: JSON.stringify(streams) }));
      sinceHeartbeat += intervalMs;
      if (sinceHeartbeat >= HEARTBEAT_MS) {
        await unlessStopped(sse.writeSSE({ event: 'heartbeat', data: now.toISOString() }));
        sinceHeartbeat = 0;
      }
      await unlessStopped(sse.sleep(intervalMs));
    }
  } finally {
    state.isFinished = true;
    clearTimeout(guard);
    running.delete(end);
  }
  if (state.ended === 'client_closed' || state.ended === null) return;
  // Tell a client that still reads why the feed ended; cut one that does not.
  const ending: StreamFeedEnd = { reason: state.ended };
  const delivered = await Promise.race([
    sse.writeSSE({ event: 'end', data: JSON.stringify(ending) }).then(() => true),
    sse.sleep(END_WRITE_MS).then(() => false),
  ]);
  if (!delivered) sse.abort();
}
