import type { NotificationFeedMessage } from '@payos/contracts';
import { withTenant } from '@payos/db';
import type { Context } from 'hono';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import { decodeJwt } from 'jose';
import type { AppDeps, AppEnv } from '../../context.js';
import type { Actor } from '../../core/actor.js';
import { AppError, unauthenticated } from '../../core/errors.js';
import { requestLogger } from '../../http/middleware/request-context.js';
import { countUnread, findNewest, presentNotification } from './notifications.service.js';

/**
 * GET /v1/notifications/feed — the bell, live. A true push would need LISTEN/NOTIFY, which PGlite
 * does not share between connections and a pooled PostgreSQL does not carry through every pooler, so
 * the feed polls one cheap query per tick (the newest visible notification by the list index, and the
 * unread count) and sends a message only when either changed. It follows the stream feed's rules
 * (streams.feed.ts): it lives no longer than the credential that opened it — re-resolved every few
 * seconds, so a logout or removal ends it — ends when the access token expires, and each user holds
 * a bounded number of feeds per process.
 */

export const MAX_NOTIFICATION_FEEDS_PER_USER = 5;
const DEFAULT_INTERVAL_MS = 1_000;
const DEFAULT_CREDENTIAL_CHECK_MS = 5_000;
const HEARTBEAT_MS = 15_000;
const END_WRITE_MS = 1_000;

type EndReason = 'credential_revoked' | 'token_expired' | 'shutting_down' | 'client_closed';

const openFeeds = new WeakMap<AppDeps, Map<string, number>>();
const runningFeeds = new WeakMap<AppDeps, Set<(reason: EndReason) => void>>();

/** Ends every open notification feed of this app (`event: end`, reason `shutting_down`). */
export function endNotificationFeeds(deps: AppDeps) {
  for (const end of runningFeeds.get(deps) ?? []) end('shutting_down');
}

export function notificationFeed(c: Context<AppEnv>) {
  // HEAD: headers only — a feed opened for it would hold a slot no hang-up frees.
  if (c.req.method === 'HEAD') return c.body(null, 200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  const actor = c.get('actor');
  const deps = c.get('deps');
  const match = /^Bearer\s+(\S{10,2000})$/i.exec(c.req.header('authorization') ?? '');
  if (!match?.[1]) throw unauthenticated('missing_credentials', 'Provide a credential as Authorization: Bearer <token>.');
  const token = match[1];
  const { exp } = decodeJwt(token);
  const feed = {
    deps,
    actor,
    token,
    environmentHeader: c.req.header('payos-environment'),
    expiresAtMs: typeof exp === 'number' ? exp * 1000 : null,
  };
  const logger = requestLogger(c);
  const release = takeSlot(deps, actor);
  try {
    return streamSSE(c, async (sse) => {
      try {
        await runFeed(sse, feed);
      } catch (error) {
        logger.warn({ err: error }, 'notification feed ended by an error');
      } finally {
        release();
      }
    });
  } catch (error) {
    release();
    throw error;
  }
}

function takeSlot(deps: AppDeps, actor: Actor): () => void {
  let counts = openFeeds.get(deps);
  if (!counts) {
    counts = new Map();
    openFeeds.set(deps, counts);
  }
  const key = `${actor.tenantId}:${actor.id}`;
  const open = counts.get(key) ?? 0;
  if (open >= MAX_NOTIFICATION_FEEDS_PER_USER) {
    throw new AppError(
      'rate_limit_error',
      'too_many_streams',
      `You already have ${MAX_NOTIFICATION_FEEDS_PER_USER} notification feeds open; close one first.`,
      { details: { limit: MAX_NOTIFICATION_FEEDS_PER_USER } },
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

const sameStanding = (fresh: Actor, original: Actor) =>
  fresh.tenantId === original.tenantId &&
  fresh.environment === original.environment &&
  fresh.kind === original.kind &&
  fresh.id === original.id &&
  fresh.sessionId === original.sessionId &&
  fresh.role === original.role;

type Feed = { deps: AppDeps; actor: Actor; token: string; environmentHeader: string | undefined; expiresAtMs: number | null };

async function runFeed(sse: SSEStreamingApi, feed: Feed) {
  const { deps, actor } = feed;
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
  const unlessStopped = <T>(work: Promise<T>) => Promise.race([work, stopped.then(() => undefined)]);
  const isExpired = () => feed.expiresAtMs !== null && deps.clock.now().getTime() >= feed.expiresAtMs;
  sse.onAbort(() => end('client_closed'));
  let running = runningFeeds.get(deps);
  if (!running) {
    running = new Set();
    runningFeeds.set(deps, running);
  }
  running.add(end);

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
    let last = '';
    let sinceHeartbeat = 0;
    while (!state.ended) {
      if (isExpired()) {
        end('token_expired');
        break;
      }
      const read = await unlessStopped(
        withTenant(
          deps.db,
          actor,
          async (tx) => ({ newest: await findNewest(tx, actor.id), unreadCount: await countUnread(tx, actor.id) }),
          { readOnly: true },
        ),
      );
      if (state.ended || !read) break;
      const key = `${read.newest?.id ?? ''}:${read.unreadCount}`;
      if (key !== last) {
        last = key;
        const message: NotificationFeedMessage = {
          unreadCount: read.unreadCount,
          latest: read.newest ? presentNotification(read.newest) : null,
        };
        await unlessStopped(sse.writeSSE({ event: 'notifications', data: JSON.stringify(message) }));
      }
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
  const delivered = await Promise.race([
    sse.writeSSE({ event: 'end', data: JSON.stringify({ reason: state.ended }) }).then(() => true),
    sse.sleep(END_WRITE_MS).then(() => false),
  ]);
  if (!delivered) sse.abort();
}
