import type { Context } from 'hono';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import { decodeJwt } from 'jose';
import type { AppDeps, AppEnv } from '../context.js';
import type { Actor } from '../core/actor.js';
import { AppError, unauthenticated } from '../core/errors.js';
import { requestLogger } from './middleware/request-context.js';

/*
 * A live feed (Server-Sent Events) that lives no longer than the credential that opened it: the
 * credential is re-resolved every `credentialCheckMs` (the resolver caches for 1 s, so a logout,
 * revocation or removal on any instance ends the feed within a few seconds), a user's feed ends when
 * its access token expires, a shutdown ends every feed, and each caller holds a bounded number of
 * feeds per process, so one credential cannot pin down connections and database reads at will.
 * What a feed sends each tick is its own (`tick`); the stream figures and the notification bell use it.
 */

const DEFAULT_INTERVAL_MS = 1_000;
const DEFAULT_CREDENTIAL_CHECK_MS = 5_000;
const HEARTBEAT_MS = 15_000;
/** How long the closing `event: end` may wait for a client that stopped reading. */
const END_WRITE_MS = 1_000;

/** Why a feed ended; all but `client_closed` are sent to the client as `event: end`. */
export type FeedEndReason = 'credential_revoked' | 'token_expired' | 'shutting_down' | 'client_closed';

/** What a tick gets: the connection, and a wrapper that gives up a wait (undefined) once the feed is stopped. */
export type FeedTick = (io: {
  sse: SSEStreamingApi;
  unlessStopped: <T>(work: Promise<T>) => Promise<T | undefined>;
  isStopped: () => boolean;
}) => Promise<'continue' | 'stop'>;

export type LiveFeeds = {
  /** Answers the request with a feed that runs `tick` every interval (HEAD: the headers alone). */
  open: (c: Context<AppEnv>, tick: FeedTick) => Response | Promise<Response>;
  /** Ends every open feed of this app (they get `event: end` with reason `shutting_down`). */
  endAll: (deps: AppDeps) => void;
};

/** One kind of feed: at most `maxPerCaller` open per caller and process; `tooMany` says so when refused. */
export function liveFeeds(options: { label: string; maxPerCaller: number; tooMany: string }): LiveFeeds {
  const openFeeds = new WeakMap<AppDeps, Map<string, number>>();
  const runningFeeds = new WeakMap<AppDeps, Set<(reason: FeedEndReason) => void>>();

  function takeSlot(deps: AppDeps, actor: Actor): () => void {
    let counts = openFeeds.get(deps);
    if (!counts) {
      counts = new Map();
      openFeeds.set(deps, counts);
    }
    const key = `${actor.tenantId}:${actor.kind}:${actor.id}`;
    const open = counts.get(key) ?? 0;
    if (open >= options.maxPerCaller) {
      throw new AppError('rate_limit_error', 'too_many_streams', options.tooMany, { details: { limit: options.maxPerCaller } });
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

  async function run(sse: SSEStreamingApi, feed: Feed, tick: FeedTick) {
    const { deps, actor } = feed;
    const intervalMs = deps.streams?.sseIntervalMs ?? DEFAULT_INTERVAL_MS;
    const checkMs = deps.streams?.credentialCheckMs ?? DEFAULT_CREDENTIAL_CHECK_MS;
    const state: { ended: FeedEndReason | null; isFinished: boolean } = { ended: null, isFinished: false };
    let wake = () => {};
    const stopped = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const end = (reason: FeedEndReason) => {
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
        // Nothing more is sent once the credential failed, even what was read just before.
        if ((await tick({ sse, unlessStopped, isStopped: () => state.ended !== null })) === 'stop' || state.ended) break;
        sinceHeartbeat += intervalMs;
        if (sinceHeartbeat >= HEARTBEAT_MS) {
          await unlessStopped(sse.writeSSE({ event: 'heartbeat', data: deps.clock.now().toISOString() }));
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
    const delivered = await Promise.race([
      sse.writeSSE({ event: 'end', data: JSON.stringify({ reason: state.ended }) }).then(() => true),
      sse.sleep(END_WRITE_MS).then(() => false),
    ]);
    if (!delivered) sse.abort();
  }

  return {
    open(c, tick) {
      // HEAD runs the GET handler too but its body is never read: a feed opened for it would hold a
      // slot that no hang-up ever frees. Answer with the headers alone.
      if (c.req.method === 'HEAD') return c.body(null, 200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      const actor = c.get('actor');
      const deps = c.get('deps');
      // Authentication already checked the bearer credential; the feed keeps it to check again.
      const token = bearerToken(c.req.header('authorization'));
      const feed: Feed = {
        deps,
        actor,
        token,
        environmentHeader: c.req.header('payos-environment'),
        expiresAtMs: accessTokenExpiry(token),
      };
      const logger = requestLogger(c);
      const release = takeSlot(deps, actor);
      try {
        return streamSSE(c, async (sse) => {
          try {
            await run(sse, feed, tick);
          } catch (error) {
            logger.warn({ err: error }, `${options.label} ended by an error`);
          } finally {
            release();
          }
        });
      } catch (error) {
        release();
        throw error;
      }
    },
    endAll(deps) {
      for (const end of runningFeeds.get(deps) ?? []) end('shutting_down');
    },
  };
}

type Feed = { deps: AppDeps; actor: Actor; token: string; environmentHeader: string | undefined; expiresAtMs: number | null };

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
