'use client';

import { Button, Card, CardContent, CardHeader, CardTitle, Input, Skeleton } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
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
  const t = useTranslations('streams.detail');
  const tt = useTranslations('streams.table');
  useLiveStreams(env, stream.data && (stream.data.status === 'active' || stream.data.status === 'paused') ? [id] : []);

  if (stream.isPending) return <Skeleton className="h-48 w-full" />;
  if (stream.isError) return <QueryError query={stream} notFound={{ title: t('notFound'), backHref: '/streams', backLabel: t('back') }} />;
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
      title={t('cancelTitle', { named: s.description ? 'yes' : 'no', description: s.description ?? '' })}
      description={t('cancelDescription', { reason: description })}
      confirmLabel={t('cancelStream')}
      busyLabel={t('cancelling')}
      onConfirm={() => action.mutateAsync({ id: s.id, action: 'cancel' })}
      success={done}
      trigger={(open) => (
        <Button variant="danger" onClick={open} disabled={action.isPending}>
          {t('cancelStream')}
        </Button>
      )}
    />
  );

  return (
    <div className="grid grid-cols-1 gap-6">
      <div>
        <Link href="/streams" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft className="h-3 w-3" /> {t('breadcrumb')}
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-xl font-semibold">{s.description ?? tt('moneyStream')}</h1>
          <StreamStatusBadge status={s.status} />
          {live ? <HealthBadge health={s.health} /> : null}
          <Link href={`/events?objectId=${s.id}`} className="ml-auto text-sm text-primary hover:underline">
            {t('eventLog')}
          </Link>
        </div>
        <p className="text-sm text-muted-foreground">
          <AccountLink id={s.senderAccountId} /> → <AccountLink id={s.receiverAccountId} /> ·{' '}
          {t('perMonth', { rate: money(s.ratePerMonth, s.currency) })}
        </p>
      </div>

      {waiting ? <ApprovalNote objectType="stream" id={s.id} meanwhile={t('meanwhile')} /> : null}

      <Card>
        <CardContent className="grid gap-4 p-6">
          <div>
            <p className="text-sm text-muted-foreground">{t('streamedSoFar')}</p>
            <p className="tabular text-4xl font-semibold" data-testid="streamed" aria-live="off">
              {money(s.streamed, s.currency)}
            </p>
            <p className="text-xs text-muted-foreground">
              {t('asOf', { at: dateTime(s.asOf), seconds: s.activeSeconds.toLocaleString('en-US') })}
            </p>
          </div>
          {live ? (
            <div className="grid gap-1">
              <div className="flex justify-between text-sm">
                <span>{t('runway', { runway: runway(s.runwaySeconds) })}</span>
                <span className="text-muted-foreground">{s.depletesAt ? t('runsOut', { at: dateTime(s.depletesAt) }) : t('paused')}</span>
              </div>
              <div
                className="h-2 overflow-hidden rounded-full bg-muted"
                role="progressbar"
                aria-label={t('fundingLeft')}
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
            {(
              [
                ['funded', s.funded],
                ['withdrawn', s.withdrawn],
                ['withdrawable', s.withdrawable],
                [refunded ? 'refunded' : 'remaining', refunded ? s.refunded : s.remaining],
              ] as const
            ).map(([figure, value]) => (
              <div key={figure}>
                <dt className="text-muted-foreground">{t(`figure.${figure}`)}</dt>
                <dd className="tabular font-medium" data-testid={`figure-${figure}`}>
                  {money(value, s.currency)}
                </dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>

      {canWrite && live ? (
        <section aria-label={t('actions')} className="flex flex-wrap items-center gap-2">
          <Button
            onClick={() => run({ id: s.id, action: 'withdraw', body: {} }, t('withdrawnToast'))}
            disabled={action.isPending || s.withdrawable === '0' || Number.parseFloat(s.withdrawable) === 0}
          >
            {t('withdraw', { amount: money(s.withdrawable, s.currency) })}
          </Button>
          {s.status === 'active' ? (
            <ConfirmAction
              title={t('pauseTitle', { named: s.description ? 'yes' : 'no', description: s.description ?? '' })}
              description={t('pauseDescription', { rate: money(s.ratePerMonth, s.currency) })}
              confirmLabel={t('pauseStream')}
              busyLabel={t('pausing')}
              onConfirm={() => action.mutateAsync({ id: s.id, action: 'pause' })}
              success={t('pausedToast')}
              trigger={(open) => (
                <Button variant="outline" onClick={open} disabled={action.isPending}>
                  {t('pause')}
                </Button>
              )}
            />
          ) : (
            <Button variant="outline" onClick={() => run({ id: s.id, action: 'resume' }, t('resumedToast'))} disabled={action.isPending}>
              {t('resume')}
            </Button>
          )}
          <div className="flex items-center gap-1">
            <Input
              aria-label={t('topUpAmount')}
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
                run({ id: s.id, action: 'top-up', body: { amount: topUp } }, t('toppedUp'));
                setTopUp('');
              }}
            >
              {t('topUp')}
            </Button>
          </div>
          {cancelStream(
            t('cancelLive', { streamed: money(s.streamed, s.currency), remaining: money(s.remaining, s.currency) }),
            t('cancelledToast'),
          )}
        </section>
      ) : null}

      {canWrite && waiting ? (
        <section aria-label={t('actions')} className="flex flex-wrap items-center gap-2">
          {cancelStream(t('cancelWaiting', { funded: money(s.funded, s.currency) }), t('cancelledWaiting'))}
        </section>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>{t('events')}</CardTitle>
        </CardHeader>
        <CardContent>
          {events.data?.length ? (
            <ol className="grid gap-2 text-sm">
              {events.data.map((e) => (
                <li key={e.id} className="flex justify-between gap-2">
                  <span>
                    <span className="font-medium">{t(`eventType.${e.type}`)}</span>
                    {e.amount ? <span className="tabular text-muted-foreground"> · {money(e.amount, s.currency)}</span> : null}
                  </span>
                  <span className="text-xs text-muted-foreground">{dateTime(e.at)}</span>
                </li>
              ))}
            </ol>
          ) : (
            <p className="text-sm text-muted-foreground">{t('noEvents')}</p>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
