'use client';

import { eventTypeMatches, type WebhookAttempt } from '@payos/contracts';
import { Button, Card, CardContent, EmptyState, Input, Select, Skeleton, Table, TBody, Td, THead, Th, Tr } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import Link from 'next/link';
import { useParams, useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { activeFilterCount, Filters } from '@/components/filters';
import { Pager } from '@/components/pager';
import { QueryError, QueryView } from '@/components/query-view';
import { AttemptDrawer, AttemptResult, attemptSucceeded } from '@/features/webhooks/attempt-drawer';
import { EndpointFormDialog } from '@/features/webhooks/endpoint-form-dialog';
import { EnabledEvents, EndpointActions, EndpointStatus, SecretDialog, useSendTest } from '@/features/webhooks/endpoint-parts';
import { useWebhookMutations, webhookAttemptsQuery, webhookEndpointQuery } from '@/features/webhooks/queries';
import { useEnvironment } from '@/lib/environment';
import { dateTime } from '@/lib/format';
import { errorMessage } from '@/lib/payos';
import { useCanManage } from '@/lib/session';
import { toast } from '@/lib/toast';
import { useUrlState } from '@/lib/use-url-state';

const KEYS = ['result', 'type', 'cursor', 'attempt', 'edit'] as const;
const RESULTS = ['succeeded', 'failed', 'retrying'] as const;

/** The API lists every attempt without filters: result and event type narrow the loaded page here. */
function matches(a: WebhookAttempt, result: string | undefined, type: string | undefined) {
  if (result === 'succeeded' && !attemptSucceeded(a)) return false;
  if (result === 'failed' && attemptSucceeded(a)) return false;
  if (result === 'retrying' && !a.nextRetryAt) return false;
  if (type && !(type === a.eventType || (type.endsWith('*') && eventTypeMatches(type, a.eventType)))) return false;
  return true;
}

export default function WebhookEndpointPage() {
  const { id } = useParams<{ id: string }>();
  const env = useEnvironment();
  const router = useRouter();
  const canManage = useCanManage();
  const [url, setUrl] = useUrlState(KEYS);
  const endpoint = useQuery(webhookEndpointQuery(env, id));
  const attempts = useQuery(webhookAttemptsQuery(env, id, url.cursor));
  const { redeliver } = useWebhookMutations(env);
  const test = useSendTest(env);
  const [revealed, setRevealed] = useState<{ title: string; secret: string } | null>(null);
  const t = useTranslations('webhooks.detail');
  const tp = useTranslations('webhooks.parts');
  const tc = useTranslations('common');
  const [type, setType] = useState(url.type ?? '');

  useEffect(() => {
    if ((url.type ?? '') === type) return;
    const timer = setTimeout(() => setUrl({ type: type.trim() || undefined, cursor: url.cursor }), 300);
    return () => clearTimeout(timer);
  }, [type, url.type, url.cursor, setUrl]);

  if (endpoint.isPending)
    return (
      <div className="grid gap-4">
        <Skeleton className="h-16 w-2/3" />
        <Skeleton className="h-48 w-full" />
      </div>
    );
  if (endpoint.isError)
    return <QueryError query={endpoint} notFound={{ title: t('notFound'), backHref: '/webhooks', backLabel: t('back') }} />;
  const e = endpoint.data;
  const loaded = attempts.data?.data ?? [];
  const selected = loaded.find((a) => a.id === url.attempt);
  const delivered = loaded.filter(attemptSucceeded).length;
  const keep = { cursor: url.cursor };

  return (
    <div className="grid grid-cols-1 gap-6">
      <div>
        <Link href="/webhooks" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft className="h-3 w-3" /> {t('breadcrumb')}
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="min-w-0 truncate text-xl font-semibold" title={e.url}>
            {e.url}
          </h1>
          <EndpointStatus endpoint={e} />
        </div>
        {e.description ? <p className="text-sm text-muted-foreground">{e.description}</p> : null}
      </div>

      <Card>
        <CardContent className="grid gap-4 p-6 text-sm sm:grid-cols-2 lg:grid-cols-4">
          <div className="sm:col-span-2">
            <p className="text-muted-foreground">{t('events')}</p>
            <EnabledEvents events={e.enabledEvents} max={20} />
          </div>
          <div>
            <p className="text-muted-foreground">{t('successRate')}</p>
            <p className="tabular font-medium" data-testid="success-rate">
              {loaded.length === 0 ? '—' : `${Math.round((delivered / loaded.length) * 100)}%`}
            </p>
            <p className="text-xs text-muted-foreground">
              {loaded.length === 0 ? t('noAttempts') : t('got2xx', { delivered, total: loaded.length })}
            </p>
          </div>
          <div>
            <p className="text-muted-foreground">{t('secret')}</p>
            <p>{e.secretRotatedAt ? t('rotated', { at: dateTime(e.secretRotatedAt) }) : t('created', { at: dateTime(e.createdAt) })}</p>
            {e.status === 'disabled' && e.disabledReason === 'failing' ? (
              <p className="text-xs text-red-600 dark:text-red-400">{t('disabledFailing')}</p>
            ) : null}
          </div>
        </CardContent>
      </Card>

      {canManage ? (
        <section aria-label={t('actions')} className="flex flex-wrap items-center gap-2">
          <Button variant="outline" onClick={() => setUrl({ edit: '1', ...keep })}>
            {t('edit')}
          </Button>
          <EndpointActions env={env} endpoint={e} look="page" onSecret={setRevealed} onDeleted={() => router.push('/webhooks')} />
        </section>
      ) : null}

      <section aria-labelledby="log-title" className="grid gap-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="log-title" className="text-base font-semibold">
            {t('deliveryLog')}
          </h2>
          <div className="flex flex-wrap gap-2">
            <Filters active={activeFilterCount(url.result, url.type)}>
              <Select
                aria-label={t('result')}
                className="w-full sm:w-44"
                value={url.result ?? ''}
                onChange={(ev) => setUrl({ result: ev.target.value || undefined, ...keep })}
              >
                <option value="">{t('anyResult')}</option>
                {RESULTS.map((value) => (
                  <option key={value} value={value}>
                    {t(`results.${value}`)}
                  </option>
                ))}
              </Select>
              <Input
                aria-label={t('eventType')}
                className="w-full sm:w-56"
                placeholder={t('eventTypePlaceholder')}
                value={type}
                onChange={(ev) => setType(ev.target.value)}
              />
            </Filters>
            <Button variant="outline" onClick={() => attempts.refetch()} disabled={attempts.isFetching}>
              {attempts.isFetching ? t('refreshing') : t('refresh')}
            </Button>
          </div>
        </div>
        <Card>
          <QueryView query={attempts}>
            {(page) => {
              const rows = page.data.filter((a) => matches(a, url.result, url.type));
              return (
                <>
                  {page.data.length === 0 ? (
                    <EmptyState
                      title={t('noDeliveries')}
                      description={canManage && e.status === 'enabled' ? t('noDeliveriesTest') : t('noDeliveriesHint')}
                      action={
                        canManage && e.status === 'enabled' ? (
                          <Button onClick={() => test.send(e)} disabled={test.pending}>
                            {tp('sendTest')}
                          </Button>
                        ) : undefined
                      }
                    />
                  ) : rows.length === 0 ? (
                    <EmptyState
                      title={t('noMatch')}
                      description={t('noMatchHint')}
                      action={
                        <Button
                          variant="outline"
                          onClick={() => {
                            setType('');
                            setUrl({ result: undefined, type: undefined, ...keep });
                          }}
                        >
                          {tc('clearFilters')}
                        </Button>
                      }
                    />
                  ) : (
                    <Table stacked hasAmount={false}>
                      <THead>
                        <Tr>
                          <Th>{t('event')}</Th>
                          <Th>{t('result')}</Th>
                          <Th className="text-right">{t('duration')}</Th>
                          <Th>{t('attempted')}</Th>
                          <Th>{t('nextRetry')}</Th>
                        </Tr>
                      </THead>
                      <TBody>
                        {rows.map((a) => (
                          <Tr key={a.id} className="cursor-pointer" onClick={() => setUrl({ attempt: a.id, ...keep }, 'push')}>
                            <Td mobile="primary">
                              <button
                                type="button"
                                className="font-mono text-xs text-primary hover:underline"
                                onClick={(ev) => {
                                  ev.stopPropagation();
                                  setUrl({ attempt: a.id, ...keep }, 'push');
                                }}
                              >
                                {a.eventType}
                              </button>
                              <span className="block font-mono text-xs text-muted-foreground max-sm:truncate">{a.eventId}</span>
                            </Td>
                            <Td mobile="status">
                              <AttemptResult attempt={a} />
                              {a.error ? (
                                <span className="block max-w-60 truncate max-sm:max-w-32 text-xs text-muted-foreground">{a.error}</span>
                              ) : null}
                            </Td>
                            <Td mobile="hidden" className="tabular text-right">
                              {a.durationMs.toLocaleString('en-US')} ms
                            </Td>
                            <Td className="whitespace-nowrap text-muted-foreground">{dateTime(a.attemptedAt)}</Td>
                            <Td className="whitespace-nowrap text-muted-foreground">{a.nextRetryAt ? dateTime(a.nextRetryAt) : '—'}</Td>
                          </Tr>
                        ))}
                      </TBody>
                    </Table>
                  )}
                  <Pager
                    hasMore={page.hasMore}
                    nextCursor={page.nextCursor}
                    cursor={url.cursor}
                    onNext={(cursor) => setUrl({ cursor }, 'push')}
                  />
                </>
              );
            }}
          </QueryView>
        </Card>
      </section>

      <AttemptDrawer
        attempt={selected}
        siblings={selected ? loaded.filter((a) => a.eventId === selected.eventId) : []}
        onClose={() => setUrl({ attempt: undefined, ...keep })}
        onSelect={(attempt) => setUrl({ attempt, ...keep })}
        redelivering={redeliver.isPending}
        {...(canManage
          ? {
              onRedeliver: (a: WebhookAttempt) =>
                redeliver.mutate(
                  { eventId: a.eventId, endpointId: e.id },
                  {
                    onSuccess: () => toast(t('requeued'), 'success'),
                    onError: (err) => toast(errorMessage(err), 'error'),
                  },
                ),
            }
          : {})}
      />
      <EndpointFormDialog
        env={env}
        open={canManage && url.edit === '1'}
        onOpenChange={(open) => setUrl({ edit: open ? '1' : undefined, ...keep })}
        endpoint={e}
      />
      <SecretDialog revealed={revealed} onClose={() => setRevealed(null)} />
    </div>
  );
}
