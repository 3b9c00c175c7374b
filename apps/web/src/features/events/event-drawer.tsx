'use client';

import type { Environment, Event } from '@payos/contracts';
import { Badge, Dialog, Skeleton } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { QueryError } from '@/components/query-view';
import { fullDateTime } from '@/lib/format';
import { JsonView } from './json-view';
import { eventQuery } from './queries';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-4 py-2 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="col-span-2 min-w-0 break-words">{children}</dd>
    </div>
  );
}

/** Where an object lives in the dashboard, when it has a page. */
const objectHref = (e: Pick<Event, 'objectType' | 'objectId'>) =>
  ({
    account: `/accounts/${e.objectId}`,
    agent: `/agents/${e.objectId}`,
    stream: `/streams/${e.objectId}`,
    transfer: `/transfers?transfer=${e.objectId}`,
    refund: `/refunds?refund=${e.objectId}`,
  })[e.objectType];

/** One event: what changed (previousAttributes) and the object after the change, as the API sent it. */
export function EventDrawer({
  env,
  id,
  placeholder,
  onClose,
}: {
  env: Environment;
  id: string | undefined;
  placeholder?: Event;
  onClose: () => void;
}) {
  const query = useQuery({ ...eventQuery(env, id ?? ''), enabled: Boolean(id), ...(placeholder ? { placeholderData: placeholder } : {}) });
  const e = query.data;
  const href = e ? objectHref(e) : undefined;
  const t = useTranslations('events.drawer');
  return (
    <Dialog open={Boolean(id)} onOpenChange={(open) => !open && onClose()} title={t('title')} variant="drawer">
      {query.isPending ? (
        <div className="grid gap-3">
          <Skeleton className="h-10 w-1/2" />
          <Skeleton className="h-64 w-full" />
        </div>
      ) : query.isError ? (
        <QueryError query={query} />
      ) : e ? (
        <div className="grid grid-cols-1 gap-6">
          <div className="flex items-center justify-between gap-4">
            <p className="font-mono text-base font-semibold">{e.type}</p>
            <Badge tone={e.environment === 'live' ? 'green' : 'amber'}>{e.environment}</Badge>
          </div>
          <dl className="divide-y divide-border">
            <Row label={t('id')}>
              <code className="text-xs">{e.id}</code>
            </Row>
            <Row label={t('object')}>
              {e.objectType}{' '}
              {href ? (
                <Link href={href} className="font-mono text-xs text-primary hover:underline">
                  {e.objectId}
                </Link>
              ) : (
                <code className="text-xs">{e.objectId}</code>
              )}
            </Row>
            <Row label={t('sequence')}>
              <span className="tabular">{e.sequence}</span>
            </Row>
            <Row label={t('created')}>{fullDateTime(e.createdAt)}</Row>
            <Row label={t('objectEvents')}>
              <Link href={`/events?objectId=${e.objectId}`} className="text-primary hover:underline">
                {t('every', { type: e.objectType.replace('_', ' ') })}
              </Link>
            </Row>
          </dl>
          {e.data.previousAttributes ? <JsonView label={t('previous')} value={e.data.previousAttributes} /> : null}
          <JsonView label="data.object" value={e.data.object} />
        </div>
      ) : null}
    </Dialog>
  );
}
