'use client';

import type { Notification } from '@payos/contracts';
import { Button, cn } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { Bell } from 'lucide-react';
import Link from 'next/link';
import { Popover } from 'radix-ui';
import { useState } from 'react';
import { useEnvironment } from '@/lib/environment';
import { hrefOf, notificationsQuery, relativeTime, useLiveNotifications, useReadAllNotifications, useReadNotification } from './queries';

/** The count on the bell: "99+" above 99. */
const shortCount = (n: number) => (n > 99 ? '99+' : String(n));

/**
 * The header's bell: the unread count (live, from the notification feed), a panel of the latest
 * notifications — each a link to its object that marks it read when opened — and "Mark all as read".
 * Read state is the user's own.
 */
export function NotificationBell() {
  const env = useEnvironment();
  const [open, setOpen] = useState(false);
  const bell = useQuery(notificationsQuery(env));
  useLiveNotifications(env);
  const read = useReadNotification(env);
  const readAll = useReadAllNotifications(env);
  const unread = bell.data?.unreadCount ?? 0;
  const label = unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';

  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger asChild>
        <Button variant="ghost" size="icon" className="relative" aria-label={label} data-testid="notification-bell">
          <Bell className="h-4 w-4" aria-hidden />
          {unread > 0 && (
            <span
              aria-hidden
              className="absolute -top-0.5 -right-0.5 min-w-4 rounded-full bg-red-600 px-1 text-center text-[10px] leading-4 font-semibold text-white"
            >
              {shortCount(unread)}
            </span>
          )}
        </Button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="end"
          sideOffset={6}
          aria-label="Notifications"
          className="z-50 flex max-h-[70vh] w-[min(24rem,calc(100vw-2rem))] flex-col rounded-md border border-border bg-background shadow-md"
        >
          <div className="flex items-center justify-between gap-2 border-b border-border px-3 py-2">
            <h2 className="text-sm font-semibold">Notifications</h2>
            <Button variant="ghost" size="sm" disabled={unread === 0 || readAll.isPending} onClick={() => readAll.mutate()}>
              Mark all as read
            </Button>
          </div>
          <div className="overflow-y-auto">
            {bell.isPending ? (
              <p className="px-3 py-6 text-center text-sm text-muted-foreground">Loading…</p>
            ) : bell.isError ? (
              <p className="px-3 py-6 text-center text-sm text-red-600 dark:text-red-400">Could not load notifications.</p>
            ) : bell.data.data.length === 0 ? (
              <p className="px-3 py-6 text-center text-sm text-muted-foreground">
                Nothing yet. Failed payouts, approvals and alerts show up here.
              </p>
            ) : (
              <ul className="divide-y divide-border">
                {bell.data.data.map((n) => (
                  <li key={n.id}>
                    <NotificationLink
                      notification={n}
                      onOpen={() => {
                        if (!n.readAt) read.mutate(n.id);
                        setOpen(false);
                      }}
                    />
                  </li>
                ))}
              </ul>
            )}
          </div>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

function NotificationLink({ notification: n, onOpen }: { notification: Notification; onOpen: () => void }) {
  const isUnread = n.readAt === null;
  return (
    <Link
      href={hrefOf(n)}
      onClick={onOpen}
      className={cn(
        'flex gap-2 px-3 py-2.5 text-sm outline-none hover:bg-muted focus-visible:bg-muted focus-visible:ring-2 focus-visible:ring-ring',
        isUnread && 'bg-primary/5',
      )}
    >
      <span aria-hidden className={cn('mt-1.5 h-2 w-2 shrink-0 rounded-full', isUnread ? 'bg-primary' : 'bg-transparent')} />
      <span className="min-w-0 flex-1">
        <span className="flex items-baseline justify-between gap-2">
          <span className={cn('truncate', isUnread && 'font-semibold')}>
            {n.title}
            {isUnread && <span className="sr-only"> (unread)</span>}
          </span>
          <time dateTime={n.createdAt} title={new Date(n.createdAt).toLocaleString()} className="shrink-0 text-xs text-muted-foreground">
            {relativeTime(n.createdAt)}
          </time>
        </span>
        <span className="block truncate text-muted-foreground">{n.summary}</span>
      </span>
    </Link>
  );
}
