'use client';

import { Card, CardContent, CardHeader, CardTitle, ErrorState, Skeleton } from '@payos/ui';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { Amount } from '@/components/amount';
import { errorMessage } from '@/lib/payos';

/** A summary query's cards: `count` skeletons in the cards' grid while it loads, the error with a retry, then `children(data)`. */
export function StatCardsView<T>({
  query,
  count,
  grid,
  children,
}: {
  query: UseQueryResult<T>;
  count: number;
  /** The grid's column classes, as the cards use them (`sm:grid-cols-3`). */
  grid: string;
  children: (data: T) => ReactNode;
}) {
  const t = useTranslations('common');
  if (query.isPending) {
    return (
      <section className={`grid gap-4 ${grid}`} role="status" aria-label={t('loading')}>
        {Array.from({ length: count }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders, all alike and never reordered.
          <Skeleton key={i} className="h-24" />
        ))}
      </section>
    );
  }
  if (query.isError) {
    return (
      <Card>
        <ErrorState message={errorMessage(query.error)} onRetry={() => query.refetch()} />
      </Card>
    );
  }
  return children(query.data);
}

/** One summary card: its title, then what `children` put in it. */
export function StatCard({ testId, title, children }: { testId: string; title: string; children: ReactNode }) {
  return (
    <Card data-testid={testId}>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-0.5">{children}</CardContent>
    </Card>
  );
}

/** Large amounts, one line per currency; 0.00 when there are none. */
export function CurrencyAmounts({ amounts }: { amounts: { currency: string; amount: string }[] }) {
  if (amounts.length === 0) return <p className="tabular text-2xl font-semibold">0.00</p>;
  return amounts.map((a) => (
    <p key={a.currency} className="text-2xl font-semibold">
      <Amount value={a.amount} currency={a.currency} hideCurrency />{' '}
      <span className="text-sm font-medium text-muted-foreground">{a.currency}</span>
    </p>
  ));
}
