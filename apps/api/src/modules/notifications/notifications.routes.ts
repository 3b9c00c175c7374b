import {
  dataOf,
  listNotificationsQuerySchema,
  notificationFeedMessageSchema,
  notificationIdParamSchema,
  notificationListSchema,
  notificationSchema,
  readAllNotificationsResultSchema,
} from '@payos/contracts';
import { every } from 'hono/combine';
import { decodeCursor, toPage } from '../../core/cursor.js';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import { notificationFeed } from './notifications.feed.js';
import * as service from './notifications.service.js';

const tags = ['Notifications'];

/**
 * Users only, every role: a notification is a person's bell — read state is each user's own, and a
 * viewer reads and clears their own. API keys and agents have no bell (no user to read it for): 403.
 */
const access = { credentials: ['user'] as const };
const WHO =
  'For dashboard users of every role (a viewer reads and clears their own bell). API keys and agents get 403 `user_credentials_required` / `agent_not_allowed`: notifications belong to a person — each user has their own read state — and a server or an agent has no bell.';

export function registerNotificationRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'get',
      path: '/v1/notifications',
      operationId: 'listNotifications',
      access,
      errors: ['invalid_cursor'],
      tags,
      summary: 'Your notifications in this environment, newest first, with your unread count',
      description: `Failed and returned payouts, transfers, schedules and streams waiting for approval, reviews assigned to you, streams going critical, balances falling below your low-balance threshold (settings: lowBalanceThresholds), webhook endpoints disabled. Each is written by the change that causes it. \`unread=true\` lists only those you have not read; \`unreadCount\` counts them whatever the page. ${WHO}`,
      request: { query: listNotificationsQuerySchema },
      responses: { 200: jsonResponse('Notifications, newest first, and your unread count.', notificationListSchema) },
    }),
    async (c) => {
      const { limit, cursor, unread } = c.req.valid('query');
      const userId = c.get('actor').id;
      const { rows, unreadCount } = await inTenant(c, (tx) =>
        service.listNotifications(tx, userId, { isUnread: unread === 'true' }, { limit, cursor: decodeCursor(cursor) }),
      );
      return c.json({ ...toPage(rows, limit, service.presentNotification), unreadCount }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/notifications/{id}/read',
      operationId: 'readNotification',
      access,
      tags,
      summary: 'Mark one notification read (for you)',
      description: `Only your own read state changes: your teammates still see it unread. Reading it again keeps the first time. ${WHO}`,
      request: { params: notificationIdParamSchema },
      responses: { 200: jsonResponse('The notification, read.', dataOf(notificationSchema)) },
    }),
    async (c) => {
      const userId = c.get('actor').id;
      const deps = c.get('deps');
      const row = await inTenant(c, (tx) => service.readNotification(tx, deps, userId, c.req.valid('param').id));
      return c.json({ data: service.presentNotification(row) }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/notifications/read-all',
      operationId: 'readAllNotifications',
      access,
      tags,
      summary: 'Mark all your notifications read',
      description: `Everything you can see in this environment now is read for you; what arrives afterwards is unread. ${WHO}`,
      responses: { 200: jsonResponse('Done: nothing left unread.', dataOf(readAllNotificationsResultSchema)) },
    }),
    async (c) => {
      const userId = c.get('actor').id;
      const deps = c.get('deps');
      const result = await inTenant(c, (tx) => service.readAllNotifications(tx, deps, userId));
      return c.json({ data: result }, 200);
    },
  );

  // Server-Sent Events: registered on the router directly (the handler streams), described to OpenAPI here.
  const { middleware: feedPipeline, ...feedDoc } = declare({
    method: 'get',
    path: '/v1/notifications/feed',
    operationId: 'notificationFeed',
    access,
    errors: ['too_many_streams'],
    tags,
    summary: 'Your unread count, live (Server-Sent Events)',
    description: `A \`text/event-stream\`: \`event: notifications\` at once and whenever a notification arrives or your unread count changes (checked every second), whose data is \`{unreadCount, latest}\`; \`event: heartbeat\` every 15 seconds; \`event: end\` with the reason when the server ends it (credential revoked, token expired, shutting down). ${WHO}`,
    responses: {
      200: { description: 'The event stream.', content: { 'text/event-stream': { schema: notificationFeedMessageSchema } } },
    },
  });
  app.openAPIRegistry.registerPath(feedDoc);
  app.get('/v1/notifications/feed', every(...feedPipeline), (c) => notificationFeed(c));
}
