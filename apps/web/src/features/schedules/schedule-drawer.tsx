'use client';

import { Badge, Button, Dialog, Skeleton } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ConfirmAction } from '@/components/confirm-action';
import { QueryError } from '@/components/query-view';
import { accountQuery } from '@/features/accounts/queries';
import { ApprovalNote } from '@/features/approvals/approval-note';
import { useEnvironment } from '@/lib/environment';
import { date, dateTime, money } from '@/lib/format';
import { errorMessage } from '@/lib/payos';
import { useCanWrite } from '@/lib/session';
import { toast } from '@/lib/toast';
import { doneMessage } from '@/lib/verbs';
import { scheduleQuery, useScheduleMutations } from './queries';
import { describeRule, ScheduleStatusBadge } from './schedule-table';

function AccountLink({ id }: { id: string }) {
  const env = useEnvironment();
  const { data } = useQuery(accountQuery(env, id));
  return (
    <Link href={`/accounts/${id}`} className="font-medium text-primary hover:underline">
      {data?.name ?? `${id.slice(0, 8)}…`}
    </Link>
  );
}

const EXECUTION_TONE = { succeeded: 'green', retrying: 'amber', failed: 'red' } as const;

/**
 * A schedule: its rule, the next five dates, its executions (with retries and errors), and the actions
 * its status allows — one waiting for approval can only be cancelled (it runs once approved).
 */
export function ScheduleDrawer({
  id,
  onClose,
  onOpenTransfer,
}: {
  id: string | null;
  onClose: () => void;
  onOpenTransfer?: (id: string) => void;
}) {
  const env = useEnvironment();
  const query = useQuery({ ...scheduleQuery(env, id ?? ''), enabled: Boolean(id) });
  const { action, runNow } = useScheduleMutations(env);
  const canWrite = useCanWrite();
  const [runKey, setRunKey] = useState(() => crypto.randomUUID());
  const t = useTranslations('schedules.drawer');
  const tn = useTranslations('approvals.note');
  const s = query.data;
  const act = (kind: 'pause' | 'resume') =>
    s &&
    action.mutate(
      { id: s.id, action: kind },
      { onSuccess: () => toast(doneMessage('Schedule', kind), 'success'), onError: (e) => toast(errorMessage(e), 'error') },
    );
  // Cancelling ends the schedule for good: it asks first, naming the amount and the rule.
  const cancelSchedule = (hasRun: boolean) =>
    s ? (
      <ConfirmAction
        title={t('cancelTitle')}
        description={t('cancelDescription', {
          named: s.description ? 'yes' : 'no',
          description: s.description ?? '',
          amount: money(s.amount, s.currency),
          rule: describeRule(s),
          hasRun: hasRun ? 'yes' : 'no',
        })}
        confirmLabel={t('cancelLabel')}
        busyLabel={t('cancelling')}
        onConfirm={() => action.mutateAsync({ id: s.id, action: 'cancel' })}
        success={doneMessage('Schedule', 'cancel')}
        trigger={(open) => (
          <Button variant="danger" onClick={open} disabled={action.isPending}>
            {t('cancelLabel')}
          </Button>
        )}
      />
    ) : null;

  return (
    <Dialog open={Boolean(id)} onOpenChange={(open) => !open && onClose()} title={t('title')} variant="drawer">
      {query.isPending ? (
        <Skeleton className="h-40 w-full" />
      ) : query.isError ? (
        <QueryError query={query} />
      ) : s ? (
        <div className="grid gap-6">
          <div className="flex items-start justify-between gap-4">
            <div>
              <p className="tabular text-2xl font-semibold">{money(s.amount, s.currency)}</p>
              <p className="text-sm text-muted-foreground">
                {s.description ?? t('title')} · {describeRule(s)} · {s.timezone}
              </p>
            </div>
            <ScheduleStatusBadge status={s.status} />
          </div>
          <dl className="grid gap-2 text-sm">
            <div className="flex justify-between">
              <dt className="text-muted-foreground">{t('from')}</dt>
              <dd>
                <AccountLink id={s.fromAccountId} />
              </dd>
            </div>
            <div className="flex justify-between">
              <dt className="text-muted-foreground">{t('to')}</dt>
              <dd>{s.toAccountId ? <AccountLink id={s.toAccountId} /> : t('paymentMethod')}</dd>
            </div>
            <div className="flex justify-between">
              <dt className="text-muted-foreground">{t('runsSoFar')}</dt>
              <dd className="tabular">
                {s.occurrencesRun}
                {s.maxOccurrences ? t('ofMax', { max: s.maxOccurrences }) : ''}
              </dd>
            </div>
            <div className="flex justify-between">
              <dt className="text-muted-foreground">{t('nextRun')}</dt>
              <dd>{s.nextRunAt ? dateTime(s.nextRunAt) : s.status === 'requires_approval' ? t('onceApproved') : '—'}</dd>
            </div>
            <div className="flex justify-between">
              <dt className="text-muted-foreground">{t('events')}</dt>
              <dd>
                <Link href={`/events?objectId=${s.id}`} className="text-primary hover:underline">
                  {t('everyEvent')}
                </Link>
              </dd>
            </div>
          </dl>
          {s.status === 'requires_approval' ? <ApprovalNote objectType="schedule" id={s.id} meanwhile={tn('scheduleMeanwhile')} /> : null}
          {s.upcomingRuns.length > 0 ? (
            <section aria-labelledby="upcoming-title">
              <h3 id="upcoming-title" className="mb-2 text-sm font-medium">
                {s.status === 'requires_approval' ? t('upcomingApproval') : t('upcoming')}
              </h3>
              <ul className="flex flex-wrap gap-2" data-testid="upcoming-runs">
                {s.upcomingRuns.map((d) => (
                  <li key={d}>
                    <Badge>{date(`${d}T12:00:00Z`)}</Badge>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {canWrite && (s.status === 'active' || s.status === 'paused') ? (
            <div className="flex flex-wrap gap-2">
              <Button
                onClick={() =>
                  runNow.mutate(
                    { id: s.id, idempotencyKey: runKey },
                    {
                      onSuccess: (e) => {
                        setRunKey(crypto.randomUUID());
                        toast(
                          e.status === 'succeeded'
                            ? t('ranNow')
                            : t('runFailed', { reason: e.error?.message ?? t(`execution.${e.status}`) }),
                          e.status === 'succeeded' ? 'success' : 'error',
                        );
                      },
                      onError: (e) => toast(errorMessage(e), 'error'),
                    },
                  )
                }
                disabled={runNow.isPending}
              >
                {runNow.isPending ? t('running') : t('runNow')}
              </Button>
              {s.status === 'active' ? (
                <Button variant="outline" onClick={() => act('pause')} disabled={action.isPending}>
                  {t('pause')}
                </Button>
              ) : (
                <Button variant="outline" onClick={() => act('resume')} disabled={action.isPending}>
                  {t('resume')}
                </Button>
              )}
              {cancelSchedule(true)}
            </div>
          ) : null}
          {canWrite && s.status === 'requires_approval' ? <div className="flex flex-wrap gap-2">{cancelSchedule(false)}</div> : null}
          <section aria-labelledby="executions-title">
            <h3 id="executions-title" className="mb-2 text-sm font-medium">
              {t('executions')}
            </h3>
            {s.recentExecutions?.length ? (
              <ol className="grid gap-2" data-testid="executions">
                {s.recentExecutions.map((e) => (
                  <li key={e.id} className="rounded-md border border-border p-2 text-sm">
                    <div className="flex items-center justify-between gap-2">
                      <span>
                        {date(`${e.occurrenceDate}T12:00:00Z`)}
                        {e.kind === 'manual' ? <span className="text-muted-foreground">{t('manual')}</span> : null}
                      </span>
                      <Badge tone={EXECUTION_TONE[e.status]}>{t(`execution.${e.status}`)}</Badge>
                    </div>
                    <p className="text-xs text-muted-foreground">
                      {t('attempts', { count: e.attempts })}
                      {e.error ? ` · ${e.error.code}` : ''}
                      {e.nextAttemptAt ? t('nextTry', { at: dateTime(e.nextAttemptAt) }) : ''}
                    </p>
                    {e.transferId && onOpenTransfer ? (
                      <button
                        type="button"
                        className="text-xs text-primary hover:underline"
                        onClick={() => onOpenTransfer(e.transferId as string)}
                      >
                        {t('viewTransfer')}
                      </button>
                    ) : null}
                  </li>
                ))}
              </ol>
            ) : (
              <p className="text-sm text-muted-foreground">{t('noExecutions')}</p>
            )}
          </section>
        </div>
      ) : null}
    </Dialog>
  );
}
