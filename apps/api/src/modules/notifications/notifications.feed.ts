import type { NotificationFeedMessage } from '@payos/contracts';
import { withTenant } from '@payos/db';
import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../../context.js';
import { liveFeeds } from '../../http/live-feed.js';
import { countUnread, findNewest, presentNotification } from './notifications.service.js';

/**
 * GET /v1/notifications/feed — the bell, live. A true push would need LISTEN/NOTIFY, which PGlite
 * does not share between connections and a pooled PostgreSQL does not carry through every pooler, so
 * the feed polls one cheap query per tick (the newest visible notification by the list index, and the
 * unread count) and sends a message only when either changed. The feed's life (credential re-checked,
 * token expiry, shutdown, a bounded number per user) is http/live-feed.ts's, as for the stream feed.
 */

export const MAX_NOTIFICATION_FEEDS_PER_USER = 5;

const feeds = liveFeeds({
  label: 'notification feed',
  maxPerCaller: MAX_NOTIFICATION_FEEDS_PER_USER,
  tooMany: `You already have ${MAX_NOTIFICATION_FEEDS_PER_USER} notification feeds open; close one first.`,
});

/** Ends every open notification feed of this app (`event: end`, reason `shutting_down`). */
export const endNotificationFeeds = (deps: AppDeps) => feeds.endAll(deps);

export function notificationFeed(c: Context<AppEnv>) {
  const actor = c.get('actor');
  const deps = c.get('deps');
  let last = '';
  return feeds.open(c, async ({ sse, unlessStopped, isStopped }) => {
    const read = await unlessStopped(
      withTenant(deps.db, actor, async (tx) => ({ newest: await findNewest(tx, actor.id), unreadCount: await countUnread(tx, actor.id) }), {
        readOnly: true,
      }),
    );
    if (isStopped() || !read) return 'stop';
    const key = `${read.newest?.id ?? ''}:${read.unreadCount}`;
    if (key !== last) {
      last = key;
      const message: NotificationFeedMessage = {
        unreadCount: read.unreadCount,
        latest: read.newest ? presentNotification(read.newest) : null,
      };
      await unlessStopped(sse.writeSSE({ event: 'notifications', data: JSON.stringify(message) }));
    }
    return 'continue';
  });
}
