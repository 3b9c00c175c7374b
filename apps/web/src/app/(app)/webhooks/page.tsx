'use client';

import { Button, Card, EmptyState, Table, TableSkeleton, TBody, Td, THead, Th, Tr } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { QueryView } from '@/components/query-view';
import { EndpointFormDialog } from '@/features/webhooks/endpoint-form-dialog';
import { EnabledEvents, EndpointActions, EndpointStatus, SecretDialog } from '@/features/webhooks/endpoint-parts';
import { webhookEndpointsQuery } from '@/features/webhooks/queries';
import { useEnvironment } from '@/lib/environment';
import { dateTime } from '@/lib/format';
import { useCanManage } from '@/lib/session';
import { useUrlState } from '@/lib/use-url-state';

const KEYS = ['new'] as const;

export default function WebhooksPage() {
  const env = useEnvironment();
  const [url, setUrl] = useUrlState(KEYS);
  const canManage = useCanManage();
  const t = useTranslations('webhooks.page');
  const endpoints = useQuery(webhookEndpointsQuery(env));
  const [revealed, setRevealed] = useState<{ title: string; secret: string } | null>(null);
  const startCreating = () => setUrl({ new: '1' });

  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">{t('title')}</h1>
          <p className="text-sm text-muted-foreground">{t('intro', { env })}</p>
        </div>
        {canManage ? (
          <Button onClick={startCreating}>
            <Plus className="h-4 w-4" /> {t('addEndpoint')}
          </Button>
        ) : null}
      </div>
      <Card>
        <QueryView query={endpoints} loading={<TableSkeleton rows={3} />}>
          {(list) =>
            list.data.length === 0 ? (
              <EmptyState
                title={t('empty')}
                description={canManage ? t('emptyManage') : t('emptyView')}
                action={canManage ? <Button onClick={startCreating}>{t('addEndpoint')}</Button> : undefined}
              />
            ) : (
              <Table stacked hasAmount={false}>
                <THead>
                  <Tr>
                    <Th>{t('endpoint')}</Th>
                    <Th>{t('events')}</Th>
                    <Th>{t('status')}</Th>
                    <Th>{t('created')}</Th>
                    {canManage ? <Th className="text-right">{t('actions')}</Th> : null}
                  </Tr>
                </THead>
                <TBody>
                  {list.data.map((e) => (
                    <Tr key={e.id}>
                      <Td mobile="primary" className="max-w-80">
                        <Link href={`/webhooks/${e.id}`} className="block truncate font-medium text-primary hover:underline" title={e.url}>
                          {e.url}
                        </Link>
                        {e.description ? <span className="block truncate text-xs text-muted-foreground">{e.description}</span> : null}
                      </Td>
                      <Td>
                        <EnabledEvents events={e.enabledEvents} />
                      </Td>
                      <Td mobile="status">
                        <EndpointStatus endpoint={e} />
                      </Td>
                      <Td mobile="hidden" className="text-muted-foreground whitespace-nowrap">
                        {dateTime(e.createdAt)}
                      </Td>
                      {canManage ? (
                        <Td mobile="end" className="text-right whitespace-nowrap">
                          <EndpointActions env={env} endpoint={e} look="row" onSecret={setRevealed} />
                        </Td>
                      ) : null}
                    </Tr>
                  ))}
                </TBody>
              </Table>
            )
          }
        </QueryView>
      </Card>
      <p className="text-xs text-muted-foreground">
        {t.rich('footer', {
          link: (chunks) => (
            <Link href="/events" className="text-primary underline underline-offset-2">
              {chunks}
            </Link>
          ),
        })}
      </p>
      <EndpointFormDialog
        env={env}
        open={canManage && url.new === '1'}
        onOpenChange={(open) => setUrl({ new: open ? '1' : undefined })}
        onCreated={(created) => setRevealed({ title: t('added', { url: created.url }), secret: created.secret })}
      />
      <SecretDialog revealed={revealed} onClose={() => setRevealed(null)} />
    </div>
  );
}
