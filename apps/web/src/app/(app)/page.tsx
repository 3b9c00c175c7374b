'use client';

import { Button, Card, CardContent, CardHeader, CardTitle, EmptyState, ErrorState, Skeleton } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
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

  if (overview.isPending) {
    return (
      <div className="grid gap-4" role="status" aria-label="Loading">
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
      <h1 className="text-xl font-semibold">Home</h1>
      <section aria-label="Balances" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {data.balances.length === 0 ? (
          <Card className="sm:col-span-2 lg:col-span-4">
            <EmptyState
              title="No balances yet"
              description="Create an account and fund it to see balances here."
              action={
                <Button asChild>
                  <Link href="/accounts?new=1">Create an account</Link>
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
              footer={`${b.accounts} ${b.accounts === 1 ? 'account' : 'accounts'}`}
            />
          ))
        )}
      </section>

      <section className="grid gap-4 sm:grid-cols-3" aria-label="Payouts needing attention">
        <Link
          href="/transfers?type=payout&status=pending"
          className="rounded-lg focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          <Card className="hover:bg-muted/40">
            <CardHeader>
              <CardTitle>Pending payouts</CardTitle>
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
              <CardTitle>Processing</CardTitle>
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
              <CardTitle>Failed (30 days)</CardTitle>
            </CardHeader>
            <CardContent className="text-2xl font-semibold text-red-600 dark:text-red-400">{data.payouts.failed}</CardContent>
          </Card>
        </Link>
      </section>

      {data.streams.needingAttention.length > 0 ? (
        <Card data-testid="streams-attention">
          <CardHeader className="flex-row items-center justify-between">
            <CardTitle>
              Streams needing attention · {data.streams.critical} critical, {data.streams.warning} warning
            </CardTitle>
            <Link href="/streams?health=critical" className="text-sm text-primary hover:underline">
              View streams
            </Link>
          </CardHeader>
          <CardContent>
            <ul className="grid gap-2 text-sm">
              {data.streams.needingAttention.map((s) => (
                <li key={s.id} className="flex items-center justify-between gap-2">
                  <Link href={`/streams/${s.id}`} className="font-medium hover:underline">
                    {s.description ?? 'Money stream'}
                  </Link>
                  <span className="flex items-center gap-2 text-muted-foreground">
                    runs out in {runway(s.runwaySeconds)} <HealthBadge health={s.health} />
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
            <CardTitle>Completed volume, last 30 days (USD)</CardTitle>
          </CardHeader>
          <CardContent>
            <VolumeChart volume={data.volume} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Payouts by corridor (USD)</CardTitle>
          </CardHeader>
          <CardContent>
            {data.corridors.length === 0 ? (
              <EmptyState title="No payouts in the last 30 days" />
            ) : (
              <CorridorChart corridors={data.corridors} />
            )}
          </CardContent>
        </Card>
      </div>

      <Card>
        <CardHeader className="flex-row items-center justify-between">
          <CardTitle>Recent transfers</CardTitle>
          <Link href="/transfers" className="text-sm text-primary hover:underline">
            View all
          </Link>
        </CardHeader>
        {data.recentTransfers.length === 0 ? (
          <EmptyState title="No transfers yet" description="Transfers and payouts you make will show up here." />
        ) : (
          <TransferTable transfers={data.recentTransfers} onOpen={setOpenTransfer} />
        )}
      </Card>
      <TransferDrawer id={openTransfer} onClose={() => setOpenTransfer(null)} />
    </div>
  );
}
