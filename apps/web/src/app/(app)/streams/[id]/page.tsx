'use client';

import { Button, Card, CardContent, CardHeader, CardTitle, Input, Skeleton } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useState } from 'react';
import { ConfirmAction } from '@/components/confirm-action';
import { QueryError } from '@/components/query-view';
import { accountQuery } from '@/features/accounts/queries';
import { ApprovalNote } from '@/features/approvals/approval-note';
import { type StreamAction, streamEventsQuery, streamQuery, useLiveStreams, useStreamMutations } from '@/features/streams/queries';
import { HealthBadge, runway, StreamStatusBadge } from '@/features/streams/stream-badges';
import { isValidAmount } from '@/lib/amount';
import { useEnvironment } from '@/lib/environment';
import { dateTime, money } from '@/lib/format';
import { errorMessage } from '@/lib/payos';
import { useCanWrite } from '@/lib/session';
import { toast } from '@/lib/toast';

function AccountLink({ id }: { id: string }) {
  const env = useEnvironment();
  const { data } = useQuery(accountQuery(env, id));
  return (
    <Link href={`/accounts/${id}`} className="text-primary underline underline-offset-2">
      {data?.name ?? `${id.slice(0, 8)}…`}
    </Link>
  );
}

export default function StreamPage() {
  const { id } = useParams<{ id: string }>();
  const env = useEnvironment();
  const canWrite = useCanWrite();
  const stream = useQuery(streamQuery(env, id));
  const events = useQuery(streamEventsQuery(env, id));
  const { action } = useStreamMutations(env);
  const [topUp, setTopUp] = useState('');
  useLiveStreams(env, stream.data && (stream.data.status === 'active' || stream.data.status === 'paused') ? [id] : []);

  if (stream.isPending) return <Skeleton className="h-48 w-full" />;
  if (stream.isError)
    return <QueryError query={stream} notFound={{ title: 'No such stream', backHref: '/streams', backLabel: 'Back to streams' }} />;
  const s = stream.data;
  const live = s.status === 'active' || s.status === 'paused';
  // Funded, not flowing: it can only be cancelled (all its funding back) until an approver decides.
  const waiting = s.status === 'requires_approval';
  // Ended before or while flowing: what was left in it went back to the sender.
  const refunded = s.status === 'cancelled' || s.status === 'denied' || s.status === 'expired';
  const left = Number.parseFloat(s.remaining) / Math.max(Number.parseFloat(s.funded), 1e-18);
  const run = (variables: StreamAction, done: string) =>
    action.mutate(variables, { onSuccess: () => toast(done, 'success'), onError: (e) => toast(errorMessage(e), 'error') });
  // Cancelling ends the stream for good; it asks first, saying where the money goes.
  const cancelStream = (description: string, done: string) => (
    <ConfirmAction
      title={`Cancel ${s.description ? `“${s.description}”` : 'this stream'}?`}
      description={`${description} The stream ends for good.`}
      confirmLabel="Cancel stream"
      busyLabel="Cancelling…"
      onConfirm={() => action.mutateAsync({ id: s.id, action: 'cancel' })}
      success={done}
      trigger={(open) => (
        <Button variant="danger" onClick={open} disabled={action.isPending}>
          Cancel stream
        </Button>
      )}
    />
  );

  return (
    <div className="grid grid-cols-1 gap-6">
      <div>
        <Link href="/streams" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft className="h-3 w-3" /> Streams
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-xl font-semibold">{s.description ?? 'Money stream'}</h1>
          <StreamStatusBadge status={s.status} />
          {live ? <HealthBadge health={s.health} /> : null}
          <Link href={`/events?objectId=${s.id}`} className="ml-auto text-sm text-primary hover:underline">
            Event log
          </Link>
        </div>
        <p className="text-sm text-muted-foreground">
          <AccountLink id={s.senderAccountId} /> → <AccountLink id={s.receiverAccountId} /> · {money(s.ratePerMonth, s.currency)} a month
        </p>
      </div>

      {waiting ? <ApprovalNote objectType="stream" id={s.id} meanwhile="its funding waits in it, and nothing flows until then." /> : null}

      <Card>
        <CardContent className="grid gap-4 p-6">
          <div>
            <p className="text-sm text-muted-foreground">Streamed so far</p>
            <p className="tabular text-4xl font-semibold" data-testid="streamed" aria-live="off">
              {money(s.streamed, s.currency)}
            </p>
            <p className="text-xs text-muted-foreground">
              as of {dateTime(s.asOf)} · {s.activeSeconds.toLocaleString('en-US')} seconds of flow
            </p>
          </div>
          {live ? (
            <div className="grid gap-1">
              <div className="flex justify-between text-sm">
                <span>Runway {runway(s.runwaySeconds)}</span>
                <span className="text-muted-foreground">{s.depletesAt ? `runs out ${dateTime(s.depletesAt)}` : 'paused'}</span>
              </div>
              <div
                className="h-2 overflow-hidden rounded-full bg-muted"
                role="progressbar"
                aria-label="Funding left"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={Math.round(left * 100)}
              >
                <div
                  className={`h-full ${s.health === 'healthy' ? 'bg-emerald-500' : s.health === 'warning' ? 'bg-amber-500' : 'bg-red-500'}`}
                  style={{ width: `${Math.max(0, Math.min(100, left * 100))}%` }}
                />
              </div>
            </div>
          ) : null}
          <dl className="grid grid-cols-2 gap-4 text-sm sm:grid-cols-4">
            {[
              ['Funded', s.funded],
              ['Withdrawn', s.withdrawn],
              ['Withdrawable', s.withdrawable],
              [refunded ? 'Refunded' : 'Remaining', refunded ? s.refunded : s.remaining],
            ].map(([label, value]) => (
              <div key={label}>
                <dt className="text-muted-foreground">{label}</dt>
                <dd className="tabular font-medium" data-testid={`figure-${label?.toLowerCase()}`}>
                  {money(value, s.currency)}
                </dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>

      {canWrite && live ? (
        <section aria-label="Actions" className="flex flex-wrap items-center gap-2">
          <Button
            onClick={() => run({ id: s.id, action: 'withdraw', body: {} }, 'Withdrawn to the receiver.')}
            disabled={action.isPending || s.withdrawable === '0' || Number.parseFloat(s.withdrawable) === 0}
          >
            Withdraw {money(s.withdrawable, s.currency)}
          </Button>
          {s.status === 'active' ? (
            <ConfirmAction
              title={`Pause ${s.description ? `“${s.description}”` : 'this stream'}?`}
              description={`Money stops flowing to the receiver (${money(s.ratePerMonth, s.currency)} a month) until you resume it. What has streamed so far stays theirs.`}
              confirmLabel="Pause stream"
              busyLabel="Pausing…"
              onConfirm={() => action.mutateAsync({ id: s.id, action: 'pause' })}
              success="Stream paused."
              trigger={(open) => (
                <Button variant="outline" onClick={open} disabled={action.isPending}>
                  Pause
                </Button>
              )}
            />
          ) : (
            <Button variant="outline" onClick={() => run({ id: s.id, action: 'resume' }, 'Stream resumed.')} disabled={action.isPending}>
              Resume
            </Button>
          )}
          <div className="flex items-center gap-1">
            <Input
              aria-label="Top-up amount"
              className="w-28"
              inputMode="decimal"
              placeholder="500.00"
              value={topUp}
              onChange={(e) => setTopUp(e.target.value.trim())}
            />
            <Button
              variant="outline"
              disabled={!isValidAmount(topUp) || action.isPending}
              onClick={() => {
                run({ id: s.id, action: 'top-up', body: { amount: topUp } }, 'Stream topped up.');
                setTopUp('');
              }}
            >
              Top up
            </Button>
          </div>
          {cancelStream(
            `What has streamed (${money(s.streamed, s.currency)}) goes to the receiver, the rest (${money(s.remaining, s.currency)}) back to the sender.`,
            'Stream cancelled.',
          )}
        </section>
      ) : null}

      {canWrite && waiting ? (
        <section aria-label="Actions" className="flex flex-wrap items-center gap-2">
          {cancelStream(
            `It has not flowed: all of its funding (${money(s.funded, s.currency)}) goes back to the sender.`,
            'Stream cancelled; its funding is back with the sender.',
          )}
        </section>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Events</CardTitle>
        </CardHeader>
        <CardContent>
          {events.data?.length ? (
            <ol className="grid gap-2 text-sm">
              {events.data.map((e) => (
                <li key={e.id} className="flex justify-between gap-2">
                  <span>
                    <span className="font-medium">{e.type.replace('_', ' ')}</span>
                    {e.amount ? <span className="tabular text-muted-foreground"> · {money(e.amount, s.currency)}</span> : null}
                  </span>
                  <span className="text-xs text-muted-foreground">{dateTime(e.at)}</span>
                </li>
              ))}
            </ol>
          ) : (
            <p className="text-sm text-muted-foreground">No events.</p>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
