import { MAX_UNREAD_COUNT, type Notification, type NotificationObjectType, type NotificationType } from '@payos/contracts';
import type { Queryable } from '@payos/db';
import { formatAmount, isCurrency } from '@payos/money';
import type { Clock } from '../../core/clock.js';
import type { Cursor } from '../../core/cursor.js';
import { notFound } from '../../core/errors.js';
import * as repo from './notifications.repo.js';

/*
 * The bell (issue #20 §8). Notifications are created by the database in the transaction of the change
 * they tell of (migration 0032: a trigger on events for failed and returned payouts, approvals waiting,
 * reviews assigned, streams going critical and webhook endpoints disabled; one on balances for a low
 * balance), so no service has to remember to write them and none can be lost or written for a change
 * that rolled back. Here they are read, and marked read per user.
 */

export type { NotificationRow } from './notifications.repo.js';

/** `ntf_` + the UUID's 32 hex digits, and back. */
export const notificationIdOf = (uuid: string) => `ntf_${uuid.replaceAll('-', '').toLowerCase()}`;
export function uuidOfNotificationId(id: string): string {
  const hex = id.slice(4).toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An amount as stored (numeric text) with its currency's scale; as given when the currency is unknown. */
function money(amount: string | undefined, currency: string | undefined): string {
  if (!amount) return '';
  const figure = isCurrency(currency) ? formatAmount(amount, currency) : amount;
  return currency ? `${figure} ${currency}` : figure;
}

const joined = (...parts: (string | undefined)[]) => parts.filter((p) => p && p.length > 0).join(' · ');

const OBJECT_NOUNS: Record<string, string> = { transfer: 'Transfer', schedule: 'Scheduled transfer', stream: 'Stream' };

/** Title and summary: what the bell shows, in plain words. */
function describe(type: NotificationType, objectType: string, d: Record<string, string>): { title: string; summary: string } {
  switch (type) {
    case 'transfer.failed':
      return {
        title: 'Payout failed',
        summary: joined(money(d.amount, d.currency) + (d.recipientName ? ` to ${d.recipientName}` : ''), d.reason),
      };
    case 'transfer.returned':
      return {
        title: 'Payout returned',
        summary: joined(money(d.amount, d.currency) + (d.recipientName ? ` to ${d.recipientName}` : ''), d.reason),
      };
    case 'approval.requested':
      return {
        title: `${OBJECT_NOUNS[objectType] ?? 'Transfer'} waiting for approval`,
        summary: joined(money(d.amount, d.currency), d.description),
      };
    case 'review.assigned':
      return { title: 'Review assigned to you', summary: joined(d.reason, d.riskLevel ? `${d.riskLevel} risk` : undefined) };
    case 'stream.critical':
      return {
        title: 'Stream running out of funds',
        summary: joined(d.description, d.depletesAt ? `runs out ${d.depletesAt}` : 'less than a day of runway'),
      };
    case 'balance.low':
      return {
        title: 'Low balance',
        summary: `${d.accountName ?? 'An account'}: ${money(d.available, d.currency)} available, below ${money(d.threshold, d.currency)}`,
      };
    case 'webhook_endpoint.disabled':
      return { title: 'Webhook endpoint disabled', summary: joined(d.url, d.reason === 'failing' ? 'deliveries kept failing' : undefined) };
  }
}

/** The figures behind the summary, amounts at their currency's scale. */
function presentData(type: string, d: Record<string, string>): Record<string, string> {
  if (type !== 'balance.low' || !isCurrency(d.currency)) return d;
  return {
    ...d,
    available: d.available ? formatAmount(d.available, d.currency) : '',
    threshold: d.threshold ? formatAmount(d.threshold, d.currency) : '',
  };
}

export function presentNotification(row: repo.NotificationRow): Notification {
  const type = row.type as NotificationType;
  const { title, summary } = describe(type, row.object_type, row.data);
  return {
    id: notificationIdOf(row.id),
    type,
    title,
    summary: summary.slice(0, 500),
    objectType: row.object_type as NotificationObjectType,
    objectId: row.object_id,
    audience: row.user_id === null ? 'team' : 'you',
    data: presentData(type, row.data),
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at ? row.read_at.toISOString() : null,
  };
}

/** The user's notifications, newest first (`limit + 1` rows), and their unread count. */
export async function listNotifications(
  tx: Queryable,
  userId: string,
  filter: { isUnread: boolean },
  page: { limit: number; cursor?: Cursor },
) {
  const rows = await repo.listNotifications(tx, userId, filter, page);
  const unreadCount = await repo.countUnread(tx, userId, MAX_UNREAD_COUNT);
  return { rows, unreadCount };
}

export const countUnread = (tx: Queryable, userId: string) => repo.countUnread(tx, userId, MAX_UNREAD_COUNT);
export const findNewest = (tx: Queryable, userId: string) => repo.findNewest(tx, userId);

/**
 * Marks one notification read for this user (again: no change, the first time stays).
 * Errors: 404 resource_missing (unknown, another tenant's or environment's, or addressed to another user).
 */
export async function readNotification(tx: Queryable, deps: { clock: Clock }, userId: string, id: string) {
  const uuid = uuidOfNotificationId(id);
  const found = await repo.findNotification(tx, userId, uuid);
  if (!found) throw notFound('notification', 'id');
  if (found.read_at) return found;
  await repo.insertRead(tx, userId, uuid, deps.clock.now());
  return (await repo.findNotification(tx, userId, uuid)) as repo.NotificationRow;
}

/** Marks everything the user can see now as read; what arrives after stays unread. */
export async function readAllNotifications(tx: Queryable, deps: { clock: Clock }, userId: string) {
  const now = deps.clock.now();
  const newest = await repo.findNewest(tx, userId);
  if (newest) await repo.markAllRead(tx, userId, { createdAt: newest.created_at, id: newest.id }, now);
  return { unreadCount: 0 as const, readAt: now.toISOString() };
}
