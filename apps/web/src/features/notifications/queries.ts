import type { Environment, Notification, NotificationList } from '@payos/contracts';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { followFeed } from '@/lib/follow-feed';
import { payos } from '@/lib/payos';

/** How many notifications the bell's panel shows. */
export const BELL_LIMIT = 20;

const bellKey = (env: Environment) => ['payos', env, 'notifications'] as const;

/** The bell: its latest notifications and the unread count, in one request. */
export const notificationsQuery = (env: Environment) =>
  queryOptions({
    queryKey: [...bellKey(env), 'bell'],
    queryFn: async () => (await payos().notifications.list({ limit: BELL_LIMIT }).page()) as NotificationList,
    staleTime: 30_000,
  });

/** Where a notification's object lives in the dashboard. */
export function hrefOf(n: Pick<Notification, 'objectType' | 'objectId' | 'type'>): string {
  const id = encodeURIComponent(n.objectId);
  switch (n.objectType) {
    case 'transfer':
      return n.type === 'approval.requested' ? '/approvals' : `/transfers?transfer=${id}`;
    case 'schedule':
      return '/approvals';
    case 'stream':
      return n.type === 'approval.requested' ? '/approvals' : `/streams/${id}`;
    case 'review':
      return `/reviews?review=${id}`;
    case 'account':
      return `/accounts/${id}`;
    case 'webhook_endpoint':
      return `/webhooks/${id}`;
  }
}

/** "just now", "5 min ago", "3 h ago", "2 days ago" — in the display locale. */
export function relativeTime(iso: string, now = Date.now(), locale?: string): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  const abs = Math.abs(seconds);
  if (abs < 45) return format.format(0, 'second');
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return format.format(Math.round(seconds / 3600), 'hour');
  if (abs < 30 * 86_400) return format.format(Math.round(seconds / 86_400), 'day');
  return new Date(iso).toLocaleDateString(locale);
}

export function useReadNotification(env: Environment) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => payos().notifications.read(id),
    onSuccess: () => client.invalidateQueries({ queryKey: bellKey(env) }),
  });
}

export function useReadAllNotifications(env: Environment) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => payos().notifications.readAll(),
    onSuccess: () => client.invalidateQueries({ queryKey: bellKey(env) }),
  });
}

/**
 * The live feed (SSE, GET /v1/notifications/feed): when the unread count or the newest notification
 * changes, the bell is fetched again. Reconnects like the streams feed when the API ends it (token
 * expiry, logout) until the page goes.
 */
export function useLiveNotifications(env: Environment) {
  const client = useQueryClient();
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    let last: string | undefined;
    followFeed(
      signal,
      () => payos().notifications.watch({ signal }),
      async (message) => {
        const key = `${message.latest?.id ?? ''}:${message.unreadCount}`;
        // The first message repeats what the query read; later ones are news.
        if (last !== undefined && key !== last) await client.invalidateQueries({ queryKey: bellKey(env) });
        last = key;
      },
    ).catch(() => {});
    return () => controller.abort();
  }, [env, client]);
}
