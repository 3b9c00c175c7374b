import type { Queryable } from '@payos/db';
import { afterCursor, type Cursor } from '../../core/cursor.js';

/*
 * Notifications' SQL. Rows are written by triggers (migration 0032) in the transactions that cause
 * them; this module only reads them and records who read what. Every query runs under RLS (tenant and
 * environment) and is narrowed to what one user may see: the team's notifications and their own.
 */

export type NotificationRow = {
  id: string;
  type: string;
  user_id: string | null;
  object_type: string;
  object_id: string;
  data: Record<string, string>;
  created_at: Date;
  read_at: Date | null;
};

/** Visible to $1 (the user), with its read time for them: their own read, else their last "mark all". */
const VISIBLE = `
  SELECT n.id, n.type, n.user_id, n.object_type, n.object_id, n.data, n.created_at,
         coalesce(r.read_at, CASE WHEN (n.created_at, n.id) <= (m.through_at, m.through_id) THEN m.read_at END) AS read_at
    FROM notifications n
    LEFT JOIN notification_read_marks m ON m.user_id = $1
    LEFT JOIN notification_reads r ON r.user_id = $1 AND r.notification_id = n.id
   WHERE (n.user_id IS NULL OR n.user_id = $1)`;

export function listNotifications(tx: Queryable, userId: string, filter: { isUnread: boolean }, page: { limit: number; cursor?: Cursor }) {
  return tx.query<NotificationRow>(
    `SELECT * FROM (${VISIBLE}
        AND (n.created_at, n.id) < ($2::timestamptz, $3::uuid)
        AND (NOT $4::boolean OR ((m.user_id IS NULL OR (n.created_at, n.id) > (m.through_at, m.through_id)) AND r.user_id IS NULL))
      ORDER BY n.created_at DESC, n.id DESC LIMIT $5) page`,
    [userId, ...afterCursor(page.cursor), filter.isUnread, page.limit + 1],
  );
}

/** The user's unread notifications, counted up to `max`: only those after their last "mark all" are read. */
export async function countUnread(tx: Queryable, userId: string, max: number): Promise<number> {
  const [row] = await tx.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM (
       SELECT 1 FROM notifications n
         LEFT JOIN notification_read_marks m ON m.user_id = $1
        WHERE (n.user_id IS NULL OR n.user_id = $1)
          AND (m.user_id IS NULL OR (n.created_at, n.id) > (m.through_at, m.through_id))
          AND NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.user_id = $1 AND r.notification_id = n.id)
        LIMIT $2) unread`,
    [userId, max],
  );
  return row?.count ?? 0;
}

export async function findNotification(tx: Queryable, userId: string, id: string): Promise<NotificationRow | undefined> {
  const [row] = await tx.query<NotificationRow>(`${VISIBLE} AND n.id = $2`, [userId, id]);
  return row;
}

/** The newest notification the user can see (the feed's change detector, and "mark all"'s watermark). */
export async function findNewest(tx: Queryable, userId: string): Promise<NotificationRow | undefined> {
  const [row] = await tx.query<NotificationRow>(`${VISIBLE} ORDER BY n.created_at DESC, n.id DESC LIMIT 1`, [userId]);
  return row;
}

/** Records the user's read; a second read keeps the first time. */
export async function insertRead(tx: Queryable, userId: string, id: string, at: Date) {
  await tx.query(
    `INSERT INTO notification_reads (tenant_id, environment, user_id, notification_id, read_at)
     VALUES ((SELECT app_tenant_id()), (SELECT app_environment()), $1, $2, $3)
     ON CONFLICT (tenant_id, user_id, notification_id) DO NOTHING`,
    [userId, id, at],
  );
}

/** Moves the user's "read through" mark to `through` (never backwards). */
export async function markAllRead(tx: Queryable, userId: string, through: { createdAt: Date; id: string }, at: Date) {
  await tx.query(
    `INSERT INTO notification_read_marks AS m (tenant_id, environment, user_id, through_at, through_id, read_at)
     VALUES ((SELECT app_tenant_id()), (SELECT app_environment()), $1, $2, $3, $4)
     ON CONFLICT (tenant_id, environment, user_id) DO UPDATE
       SET through_at = EXCLUDED.through_at, through_id = EXCLUDED.through_id, read_at = EXCLUDED.read_at
     WHERE (m.through_at, m.through_id) < (EXCLUDED.through_at, EXCLUDED.through_id)`,
    [userId, through.createdAt, through.id, at],
  );
}
