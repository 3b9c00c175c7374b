'use client';

import type { Notification } from '@payos/contracts';
import { Button, cn } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { Bell } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Popover } from 'radix-ui';
import { useState } from 'react';
import type { Messages } from '@/i18n/messages';
import { useEnvironment } from '@/lib/environment';
import { failureReasonText } from '@/lib/failure-words';
import { DISPLAY_LOCALE, dateTime, fullDateTime, money } from '@/lib/format';
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
  const t = useTranslations('notifications');
  const unread = bell.data?.unreadCount ?? 0;
  const label = unread > 0 ? t('bellUnread', { count: unread }) : t('bell');

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
          aria-label={t('title')}
          className="z-50 flex max-h-[70vh] w-[min(24rem,calc(100vw-2rem))] flex-col rounded-md border border-border bg-background shadow-md"
        >
          <div className="flex items-center justify-between gap-2 border-b border-border px-3 py-2">
            <h2 className="text-sm font-semibold">{t('title')}</h2>
            <Button variant="ghost" size="sm" disabled={unread === 0 || readAll.isPending} onClick={() => readAll.mutate()}>
              {t('markAllRead')}
            </Button>
          </div>
          <div className="overflow-y-auto">
            {bell.isPending ? (
              <p className="px-3 py-6 text-center text-sm text-muted-foreground">{t('loading')}</p>
            ) : bell.isError ? (
              <p className="px-3 py-6 text-center text-sm text-red-600 dark:text-red-400">{t('loadFailed')}</p>
            ) : bell.data.data.length === 0 ? (
              <p className="px-3 py-6 text-center text-sm text-muted-foreground">{t('empty')}</p>
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

type Translate = ReturnType<typeof useTranslations<'notifications'>>;
type TypeKey = keyof Messages['notifications']['type'];
const joined = (...parts: (string | undefined)[]) => parts.filter((p) => p && p.length > 0).join(' · ');

/**
 * Title and summary in the user's language, from the notification's type and figures (the API's
 * `title` and `summary` are English); amounts in the dashboard's money format.
 */
export function describe(t: Translate, n: Pick<Notification, 'type' | 'objectType' | 'data'>): { title: string; summary: string } {
  const d = n.data;
  const amount = d.amount ? money(d.amount, d.currency) : undefined;
  // Message keys cannot hold a dot: transfer.failed is type.transfer_failed.
  const title =
    n.type === 'approval.requested'
      ? t('type.approval_requested', { objectType: n.objectType })
      : t(`type.${n.type.replace('.', '_') as Exclude<TypeKey, 'approval_requested'>}`);
  switch (n.type) {
    case 'transfer.failed':
    case 'transfer.returned':
      return {
        title,
        summary: joined(
          amount && d.recipientName ? t('toRecipient', { amount, name: d.recipientName }) : amount,
          d.reason && failureReasonText(d.reason),
        ),
      };
    case 'approval.requested':
      return { title, summary: joined(amount, d.description) };
    case 'review.assigned':
      return { title, summary: joined(d.reason, d.riskLevel ? t('risk', { level: d.riskLevel }) : undefined) };
    case 'stream.critical':
      return {
        title,
        summary: joined(
          d.description,
          d.depletesAt && !Number.isNaN(Date.parse(d.depletesAt)) ? t('runsOut', { when: dateTime(d.depletesAt) }) : t('lessThanADay'),
        ),
      };
    case 'balance.low':
      return {
        title,
        summary: t('lowBalance', {
          account: d.accountName ?? t('anAccount'),
          available: money(d.available, d.currency),
          threshold: money(d.threshold, d.currency),
        }),
      };
    case 'webhook_endpoint.disabled':
      return { title, summary: joined(d.url, d.reason === 'failing' ? t('keptFailing') : undefined) };
    default:
      return { title: n.type, summary: '' };
  }
}

function NotificationLink({ notification: n, onOpen }: { notification: Notification; onOpen: () => void }) {
  const t = useTranslations('notifications');
  const isUnread = n.readAt === null;
  const { title, summary } = describe(t, n);
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
            {title}
            {isUnread && <span className="sr-only"> {t('unread')}</span>}
          </span>
          <time dateTime={n.createdAt} title={fullDateTime(n.createdAt)} className="shrink-0 text-xs text-muted-foreground">
            {relativeTime(n.createdAt, Date.now(), DISPLAY_LOCALE)}
          </time>
        </span>
        <span className="block truncate text-muted-foreground">{summary}</span>
      </span>
    </Link>
  );
}
