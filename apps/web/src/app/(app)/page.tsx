'use client';

import { Button, Card, CardContent, CardHeader, CardTitle, EmptyState, ErrorState, Skeleton } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { BalanceCard } from '@/components/balance-card';
import { overviewQuery } from '@/features/overview/queries';
import { CorridorChart, VolumeChart } from '@/features/overview/volume-chart';
import { HealthBadge, runway } from '@/features/streams/stream-badges';
import { TransferDrawer } from '@/features/transfers/transfer-drawer';
import { TransferTable } from '@/features/transfers/transfer-table';
import { useEnvironment } from '@/lib/environment';
import { errorMessage } from '@/lib/payos';

/** Home: one API call (GET /v1/reports/overview) feeds every card on the page. */
export default function HomePage() {
  const env = useEnvironment();
  const overview = useQuery(overviewQuery(env));
  const [openTransfer, setOpenTransfer] = useState<string | null>(null);
  const t = useTranslations('pages.home');

  if (overview.isPending) {
    return (
      <div className="grid gap-4" role="status" aria-label={t('loading')}>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-24" />
          ))}
        </div>
        <Skeleton className="h-64" />
      </div>
    );
  }
  if (overview.isError) return <ErrorState message={errorMessage(overview.error)} onRetry={() => overview.refetch()} />;
  const data = overview.data;

  return (
    <div className="grid grid-cols-1 gap-6">
      <h1 className="text-xl font-semibold">{t('title')}</h1>
      <section aria-label={t('balances')} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {data.balances.length === 0 ? (
          <Card className="sm:col-span-2 lg:col-span-4">
            <EmptyState
              title={t('noBalances')}
              description={t('noBalancesHint')}
              action={
                <Button asChild>
                  <Link href="/accounts?new=1">{t('createAccount')}</Link>
                </Button>
              }
            />
          </Card>
        ) : (
          data.balances.map((b) => (
            <BalanceCard
              key={b.currency}
              balance={b}
              headline="total"
              testId={`balance-${b.currency}`}
              footer={t('accounts', { count: b.accounts })}
            />
          ))
        )}
      </section>

      <section className="grid gap-4 sm:grid-cols-3" aria-label={t('attention')}>
        <Link
          href="/transfers?type=payout&status=pending"
          className="rounded-lg focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          <Card className="hover:bg-muted/40">
            <CardHeader>
              <CardTitle>{t('pending')}</CardTitle>
            </CardHeader>
            <CardContent className="text-2xl font-semibold">{data.payouts.pending}</CardContent>
          </Card>
        </Link>
        <Link
          href="/transfers?type=payout&status=processing"
          className="rounded-lg focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          <Card className="hover:bg-muted/40">
            <CardHeader>
              <CardTitle>{t('processing')}</CardTitle>
            </CardHeader>
            <CardContent className="text-2xl font-semibold">{data.payouts.processing}</CardContent>
          </Card>
        </Link>
        <Link
          href="/transfers?type=payout&status=failed"
          className="rounded-lg focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          <Card className="hover:bg-muted/40">
            <CardHeader>
              <CardTitle>{t('failed')}</CardTitle>
            </CardHeader>
            <CardContent className="text-2xl font-semibold text-red-600 dark:text-red-400">{data.payouts.failed}</CardContent>
          </Card>
        </Link>
      </section>

      {data.streams.needingAttention.length > 0 ? (
        <Card data-testid="streams-attention">
          <CardHeader className="flex-row items-center justify-between">
            <CardTitle>{t('streamsAttention', { critical: data.streams.critical, warning: data.streams.warning })}</CardTitle>
            <Link href="/streams?health=critical" className="text-sm text-primary hover:underline">
              {t('viewStreams')}
            </Link>
          </CardHeader>
          <CardContent>
            <ul className="grid gap-2 text-sm">
              {data.streams.needingAttention.map((s) => (
                <li key={s.id} className="flex items-center justify-between gap-2">
                  <Link href={`/streams/${s.id}`} className="font-medium hover:underline">
                    {s.description ?? t('moneyStream')}
                  </Link>
                  <span className="flex items-center gap-2 text-muted-foreground">
                    {t('runsOut', { runway: runway(s.runwaySeconds) })} <HealthBadge health={s.health} />
                  </span>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ) : null}

      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader>
            <CardTitle>{t('volume')}</CardTitle>
          </CardHeader>
          <CardContent>
            <VolumeChart volume={data.volume} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{t('corridors')}</CardTitle>
          </CardHeader>
          <CardContent>
            {data.corridors.length === 0 ? <EmptyState title={t('noPayouts')} /> : <CorridorChart corridors={data.corridors} />}
          </CardContent>
        </Card>
      </div>

      <Card>
        <CardHeader className="flex-row items-center justify-between">
          <CardTitle>{t('recent')}</CardTitle>
          <Link href="/transfers" className="text-sm text-primary hover:underline">
            {t('viewAll')}
          </Link>
        </CardHeader>
        {data.recentTransfers.length === 0 ? (
          <EmptyState title={t('noTransfers')} description={t('noTransfersHint')} />
        ) : (
          <TransferTable transfers={data.recentTransfers} onOpen={setOpenTransfer} />
        )}
      </Card>
      <TransferDrawer id={openTransfer} onClose={() => setOpenTransfer(null)} />
    </div>
  );
}
