import { MAX_FEED_STREAMS, type StreamFeedStreams } from '@payos/contracts';
import { withTenant } from '@payos/db';
import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../../context.js';
import { UUID_PATTERN } from '../../core/cursor.js';
import { invalidRequest } from '../../core/errors.js';
import { liveFeeds } from '../../http/live-feed.js';
import { listFeedStreams, presentStream } from './streams.service.js';

/**
 * GET /v1/events/streams — the caller's streams' live figures as Server-Sent Events, every tick.
 * The feed's life (credential re-checked, token expiry, shutdown, a bounded number per caller) is
 * http/live-feed.ts's.
 */

/** Most feeds one caller (user, API key or agent) holds open at once in one API process. */
export const MAX_FEEDS_PER_CREDENTIAL = 5;
const MAX_IDS = MAX_FEED_STREAMS;

const feeds = liveFeeds({
  label: 'stream feed',
  maxPerCaller: MAX_FEEDS_PER_CREDENTIAL,
  tooMany: `This credential already has ${MAX_FEEDS_PER_CREDENTIAL} stream feeds open; close one first.`,
});

/** Ends every open stream feed of this app (they get `event: end` with reason `shutting_down`). */
export const endStreamFeeds = (deps: AppDeps) => feeds.endAll(deps);

export function streamFeed(c: Context<AppEnv>) {
  const ids = parseIds(c.req.query('ids'));
  const actor = c.get('actor');
  const deps = c.get('deps');
  return feeds.open(c, async ({ sse, unlessStopped, isStopped }) => {
    const rows = await unlessStopped(withTenant(deps.db, actor, (tx) => listFeedStreams(tx, actor, ids), { readOnly: true }));
    if (isStopped() || !rows) return 'stop';
    const now = deps.clock.now();
    const streams: StreamFeedStreams = rows.slice(0, MAX_IDS).map((r) => presentStream(r, now));
    await unlessStopped(sse.writeSSE({ event: 'streams', data: JSON.stringify(streams) }));
    return 'continue';
  });
}

function parseIds(raw: string | undefined): string[] {
  const ids = (raw ?? '').split(',').filter(Boolean);
  // Real UUIDs only: anything else would reach PostgreSQL's uuid cast inside the feed loop.
  if (ids.length === 0 || ids.length > MAX_IDS || !ids.every((id) => UUID_PATTERN.test(id))) {
    throw invalidRequest('parameter_invalid', `ids must list 1 to ${MAX_IDS} stream ids (UUIDs), comma-separated.`, 'ids');
  }
  return ids;
}
