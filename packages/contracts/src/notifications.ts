import { z } from 'zod';
import { idSchema, int, listOf, paginationQuerySchema, text, timestampSchema } from './common.js';

/*
 * Dashboard notifications (`/v1/notifications`, issue #20 §8): the bell. Each is written by the
 * transaction that made the change it tells of; read state is each user's own.
 */

export const NOTIFICATION_TYPES = [
  'transfer.failed',
  'transfer.returned',
  'approval.requested',
  'review.assigned',
  'stream.critical',
  'balance.low',
  'webhook_endpoint.disabled',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export const NOTIFICATION_OBJECT_TYPES = ['transfer', 'schedule', 'stream', 'review', 'account', 'webhook_endpoint'] as const;
export type NotificationObjectType = (typeof NOTIFICATION_OBJECT_TYPES)[number];

/** `ntf_` and 32 hex digits. */
export const NOTIFICATION_ID_PATTERN = /^ntf_[0-9a-f]{32}$/;
export const notificationIdSchema = z
  .string()
  .max(36)
  .regex(NOTIFICATION_ID_PATTERN)
  .meta({ example: 'ntf_3b9d2f0c6a1b4c5d8e7f60718293a4b5' });

/** Most unread notifications counted; above it `unreadCount` says this number (the bell shows "99+" long before). */
export const MAX_UNREAD_COUNT = 1000;

// ——— Responses ———

export const notificationSchema = z
  .object({
    id: notificationIdSchema,
    type: z.enum(NOTIFICATION_TYPES).meta({ example: 'transfer.failed' }),
    title: text(200, { example: 'Payout failed', description: 'One line, what happened.' }),
    summary: text(500, {
      example: '250.00 USD to Maria Garcia: destination_rejected',
      description: 'The details that tell it apart: amount, name, reason.',
    }),
    objectType: z.enum(NOTIFICATION_OBJECT_TYPES).meta({ example: 'transfer', description: 'What it is about.' }),
    objectId: idSchema({ example: '7d1f3c2e-5b6a-4c8d-9e0f-1a2b3c4d5e6f' }),
    audience: z.enum(['team', 'you']).meta({
      example: 'team',
      description: '`team`: every member of the organization sees it; `you`: addressed to you alone (a review assigned to you).',
    }),
    data: z.record(z.string().max(40), z.string().max(2048)).meta({
      example: { amount: '250.00', currency: 'USD', recipientName: 'Maria Garcia', reason: 'destination_rejected' },
      description: 'The figures behind the summary, as they were when it happened (amounts as decimal strings).',
    }),
    createdAt: timestampSchema(),
    readAt: timestampSchema({
      example: null,
      description: 'When you read it (by opening it, or by marking all as read); null while unread. Your own: not the team’s.',
    }).nullable(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.output<typeof notificationSchema>;

export const notificationListSchema = listOf(notificationSchema)
  .extend({
    unreadCount: int(0, MAX_UNREAD_COUNT, {
      example: 3,
      description: `Your unread notifications in this environment, whatever the filter and page (at most ${MAX_UNREAD_COUNT}).`,
    }),
  })
  .meta({ id: 'NotificationList' });
export type NotificationList = z.output<typeof notificationListSchema>;

export const readAllNotificationsResultSchema = z
  .object({
    unreadCount: int(0, 0, { example: 0, description: 'Always 0 right after.' }),
    readAt: timestampSchema(),
  })
  .meta({ id: 'ReadAllNotificationsResult' });

/** The live feed's message (`event: notifications`): the count now, and the newest notification. */
export const notificationFeedMessageSchema = z
  .object({
    unreadCount: int(0, MAX_UNREAD_COUNT, { example: 4 }),
    latest: notificationSchema.nullable(),
  })
  .meta({ id: 'NotificationFeedMessage' });
export type NotificationFeedMessage = z.output<typeof notificationFeedMessageSchema>;

// ——— Requests ———

export const listNotificationsQuerySchema = paginationQuerySchema.extend({
  unread: z.enum(['true', 'false']).optional().meta({ example: 'true', description: 'true: only those you have not read.' }),
});
export type ListNotificationsQuery = z.input<typeof listNotificationsQuerySchema>;

export const notificationIdParamSchema = z.object({
  id: z
    .string()
    .max(36)
    .regex(NOTIFICATION_ID_PATTERN)
    .meta({ param: { name: 'id', in: 'path' }, example: 'ntf_3b9d2f0c6a1b4c5d8e7f60718293a4b5' }),
});
