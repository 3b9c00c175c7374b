'use client';

import { Badge, Button, Dialog, Skeleton } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
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
        title="Cancel this scheduled transfer?"
        description={`${s.description ?? 'The schedule'} — ${money(s.amount, s.currency)}, ${describeRule(s)} — ${
          hasRun ? 'stops for good: no further runs. Transfers it already made are not affected.' : 'has not run, and never will.'
        } This cannot be undone.`}
        confirmLabel="Cancel schedule"
        busyLabel="Cancelling…"
        onConfirm={() => action.mutateAsync({ id: s.id, action: 'cancel' })}
        success={doneMessage('Schedule', 'cancel')}
        trigger={(open) => (
          <Button variant="danger" onClick={open} disabled={action.isPending}>
            Cancel schedule
          </Button>
        )}
      />
    ) : null;

  return (
    <Dialog open={Boolean(id)} onOpenChange={(open) => !open && onClose()} title="Scheduled transfer" variant="drawer">
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
                {s.description ?? 'Scheduled transfer'} · {describeRule(s)} · {s.timezone}
              </p>
            </div>
            <ScheduleStatusBadge status={s.status} />
          </div>
          <dl className="grid gap-2 text-sm">
            <div className="flex justify-between">
              <dt className="text-muted-foreground">From</dt>
              <dd>
                <AccountLink id={s.fromAccountId} />
              </dd>
            </div>
            <div className="flex justify-between">
              <dt className="text-muted-foreground">To</dt>
              <dd>{s.toAccountId ? <AccountLink id={s.toAccountId} /> : 'Payment method (payout)'}</dd>
            </div>
            <div className="flex justify-between">
              <dt className="text-muted-foreground">Runs so far</dt>
              <dd className="tabular">
                {s.occurrencesRun}
                {s.maxOccurrences ? ` of ${s.maxOccurrences}` : ''}
              </dd>
            </div>
            <div className="flex justify-between">
              <dt className="text-muted-foreground">Next run</dt>
              <dd>{s.nextRunAt ? dateTime(s.nextRunAt) : s.status === 'requires_approval' ? 'Once approved' : '—'}</dd>
            </div>
            <div className="flex justify-between">
              <dt className="text-muted-foreground">Events</dt>
              <dd>
                <Link href={`/events?objectId=${s.id}`} className="text-primary hover:underline">
                  Every event of this schedule
                </Link>
              </dd>
            </div>
          </dl>
          {s.status === 'requires_approval' ? <ApprovalNote objectType="schedule" id={s.id} meanwhile="nothing runs until then." /> : null}
          {s.upcomingRuns.length > 0 ? (
            <section aria-labelledby="upcoming-title">
              <h3 id="upcoming-title" className="mb-2 text-sm font-medium">
                {s.status === 'requires_approval' ? 'Upcoming, once approved' : 'Upcoming'}
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
                          e.status === 'succeeded' ? 'Ran now: transfer created.' : `Run failed: ${e.error?.message ?? e.status}`,
                          e.status === 'succeeded' ? 'success' : 'error',
                        );
                      },
                      onError: (e) => toast(errorMessage(e), 'error'),
                    },
                  )
                }
                disabled={runNow.isPending}
              >
                {runNow.isPending ? 'Running…' : 'Run now'}
              </Button>
              {s.status === 'active' ? (
                <Button variant="outline" onClick={() => act('pause')} disabled={action.isPending}>
                  Pause
                </Button>
              ) : (
                <Button variant="outline" onClick={() => act('resume')} disabled={action.isPending}>
                  Resume
                </Button>
              )}
              {cancelSchedule(true)}
            </div>
          ) : null}
          {canWrite && s.status === 'requires_approval' ? <div className="flex flex-wrap gap-2">{cancelSchedule(false)}</div> : null}
          <section aria-labelledby="executions-title">
            <h3 id="executions-title" className="mb-2 text-sm font-medium">
              Executions
            </h3>
            {s.recentExecutions?.length ? (
              <ol className="grid gap-2" data-testid="executions">
                {s.recentExecutions.map((e) => (
                  <li key={e.id} className="rounded-md border border-border p-2 text-sm">
                    <div className="flex items-center justify-between gap-2">
                      <span>
                        {date(`${e.occurrenceDate}T12:00:00Z`)}
                        {e.kind === 'manual' ? <span className="text-muted-foreground"> · run now</span> : null}
                      </span>
                      <Badge tone={EXECUTION_TONE[e.status]}>{e.status}</Badge>
                    </div>
                    <p className="text-xs text-muted-foreground">
                      {e.attempts} attempt{e.attempts === 1 ? '' : 's'}
                      {e.error ? ` · ${e.error.code}` : ''}
                      {e.nextAttemptAt ? ` · next try ${dateTime(e.nextAttemptAt)}` : ''}
                    </p>
                    {e.transferId && onOpenTransfer ? (
                      <button
                        type="button"
                        className="text-xs text-primary hover:underline"
                        onClick={() => onOpenTransfer(e.transferId as string)}
                      >
                        View transfer
                      </button>
                    ) : null}
                  </li>
                ))}
              </ol>
            ) : (
              <p className="text-sm text-muted-foreground">No executions yet.</p>
            )}
          </section>
        </div>
      ) : null}
    </Dialog>
  );
}
