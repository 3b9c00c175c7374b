'use client';

import type { WebhookAttempt } from '@payos/contracts';
import { Badge, Button, Dialog, Skeleton } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { JsonView } from '@/features/events/json-view';
import { eventQuery } from '@/features/events/queries';
import { useEnvironment } from '@/lib/environment';
import { count, dateTime, fullDateTime } from '@/lib/format';
import { errorMessage } from '@/lib/payos';

export const attemptSucceeded = (a: WebhookAttempt) => a.statusCode !== null && a.statusCode >= 200 && a.statusCode < 300;

/** 2xx green; an answer that is not 2xx red; no answer at all (timeout, refused) "no response". */
export function AttemptResult({ attempt }: { attempt: WebhookAttempt }) {
  const t = useTranslations('webhooks.attempt');
  if (attemptSucceeded(attempt)) return <Badge tone="green">{attempt.statusCode}</Badge>;
  return <Badge tone="red">{attempt.statusCode ?? t('noResponse')}</Badge>;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-4 py-2 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="col-span-2 min-w-0 break-words">{children}</dd>
    </div>
  );
}

/**
 * One attempt: the answer (status, duration, the first 1 KB of the body) or why there was none, when
 * the next retry is due, and the other attempts at the same event on the loaded page (its timeline).
 */
export function AttemptDrawer({
  attempt,
  siblings,
  onClose,
  onSelect,
  onRedeliver,
  redelivering,
}: {
  attempt: WebhookAttempt | undefined;
  siblings: WebhookAttempt[];
  onClose: () => void;
  onSelect: (id: string) => void;
  /** Absent for users who cannot manage endpoints. */
  onRedeliver?: (attempt: WebhookAttempt) => void;
  redelivering: boolean;
}) {
  const a = attempt;
  // What was sent: the body of every delivery is the event itself.
  const env = useEnvironment();
  const sent = useQuery({ ...eventQuery(env, a?.eventId ?? ''), enabled: Boolean(a) });
  const t = useTranslations('webhooks.attempt');
  const muted = (chunks: ReactNode) => <span className="font-normal text-muted-foreground">{chunks}</span>;
  return (
    <Dialog open={Boolean(a)} onOpenChange={(open) => !open && onClose()} title={t('title')} variant="drawer">
      {a ? (
        <div className="grid grid-cols-1 gap-6">
          <div className="flex items-center justify-between gap-4">
            <div>
              <p className="font-mono text-sm font-medium">{a.eventType}</p>
              <p className="text-xs text-muted-foreground">{dateTime(a.attemptedAt)}</p>
            </div>
            <AttemptResult attempt={a} />
          </div>
          <dl className="divide-y divide-border">
            <Row label={t('statusCode')}>{a.statusCode ?? '—'}</Row>
            <Row label={t('duration')}>
              <span className="tabular">{count(a.durationMs)} ms</span>
            </Row>
            <Row label={t('attempted')}>{fullDateTime(a.attemptedAt)}</Row>
            <Row label={t('nextRetry')}>
              {a.nextRetryAt ? fullDateTime(a.nextRetryAt) : attemptSucceeded(a) ? t('noneDelivered') : t('none')}
            </Row>
            {a.error ? (
              <Row label={t('error')}>
                <span className="text-red-600 dark:text-red-400">{a.error}</span>
              </Row>
            ) : null}
            <Row label={t('event')}>
              <Link href={`/events?event=${a.eventId}`} className="font-mono text-xs text-primary hover:underline">
                {a.eventId}
              </Link>
            </Row>
          </dl>
          <section aria-labelledby="request-title" className="grid gap-2">
            <h3 id="request-title" className="text-sm font-medium">
              {t.rich('requestBody', { muted })}
            </h3>
            {sent.isPending ? (
              <Skeleton className="h-24 w-full" />
            ) : sent.isError ? (
              <p className="text-sm text-red-600 dark:text-red-400">{errorMessage(sent.error)}</p>
            ) : (
              <JsonView value={sent.data} />
            )}
          </section>
          <section aria-labelledby="response-title" className="grid gap-2">
            <h3 id="response-title" className="text-sm font-medium">
              {t.rich('responseBody', { muted })}
            </h3>
            {a.responseExcerpt ? (
              <pre className="max-h-64 overflow-auto rounded-md bg-muted p-3 text-xs whitespace-pre-wrap break-all">
                {a.responseExcerpt}
              </pre>
            ) : (
              <p className="text-sm text-muted-foreground">{a.statusCode === null ? t('noResponseBody') : t('emptyBody')}</p>
            )}
          </section>
          {siblings.length > 1 ? (
            <section aria-labelledby="timeline-title">
              <h3 id="timeline-title" className="mb-2 text-sm font-medium">
                {t('timeline')}
              </h3>
              <ol className="grid gap-2 border-l border-border pl-4">
                {siblings.map((s) => (
                  <li key={s.id} className="flex items-center gap-2 text-sm">
                    <AttemptResult attempt={s} />
                    {s.id === a.id ? (
                      <span className="font-medium">{t('thisOne', { at: dateTime(s.attemptedAt) })}</span>
                    ) : (
                      <button type="button" className="text-primary hover:underline" onClick={() => onSelect(s.id)}>
                        {dateTime(s.attemptedAt)}
                      </button>
                    )}
                    <span className="text-xs text-muted-foreground">{s.durationMs} ms</span>
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
          {onRedeliver ? (
            <div className="flex justify-end">
              <Button onClick={() => onRedeliver(a)} disabled={redelivering}>
                {redelivering ? t('queuing') : t('redeliver')}
              </Button>
            </div>
          ) : null}
        </div>
      ) : null}
    </Dialog>
  );
}
