'use client';

import { DISPUTE_REASONS, DISPUTE_STATUSES, type DisputeStats, disputeReasonSchema, disputeStatusSchema } from '@payos/contracts';
import { Button, Card, cn } from '@payos/ui';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { Clock } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { activeFilterCount, Filters } from '@/components/filters';
import { OptionSelect } from '@/components/form-fields';
import { ListEmptyState } from '@/components/list-empty-state';
import { PagedList } from '@/components/paged-list';
import { CurrencyAmounts, StatCard, StatCardsView } from '@/components/stat-cards';
import { accountsQuery } from '@/features/accounts/queries';
import { DisputeTable } from '@/features/disputes/dispute-table';
import { DUE_SOON_DAYS } from '@/features/disputes/due';
import { type DisputeFilters, disputeStatsQuery, disputesQuery } from '@/features/disputes/queries';
import { DISPUTE_REASON_LABELS, DISPUTE_STATUS_LABELS } from '@/features/disputes/status';
import { useEnvironment } from '@/lib/environment';
import { useUrlState } from '@/lib/use-url-state';

const KEYS = ['status', 'reason', 'dueSoon', 'cursor'] as const;

export default function DisputesPage() {
  const env = useEnvironment();
  const router = useRouter();
  const [url, setUrl] = useUrlState(KEYS);
  // A status or reason the API would refuse (a hand-edited URL) filters nothing, as the selects show.
  const filters: Omit<DisputeFilters, 'cursor'> = {
    status: disputeStatusSchema.safeParse(url.status).data,
    reason: disputeReasonSchema.safeParse(url.reason).data,
    dueSoon: url.dueSoon === 'true' ? 'true' : undefined,
  };
  const disputes = useQuery(disputesQuery(env, { ...filters, cursor: url.cursor }));
  const stats = useQuery(disputeStatsQuery(env));
  const accounts = useQuery(accountsQuery(env, {}));
  const names = useMemo(() => new Map((accounts.data?.data ?? []).map((a) => [a.id, a.name])), [accounts.data]);
  const filtered = Boolean(filters.status || filters.reason || filters.dueSoon);
  const dueSoon = filters.dueSoon === 'true';
  const t = useTranslations('disputes.page');

  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <Button variant="outline" asChild>
          <Link href="/transfers?type=internal&status=completed">{t('disputeTransfer')}</Link>
        </Button>
      </div>
      <StatusCards query={stats} />
      <Filters active={activeFilterCount(filters.status, filters.reason, filters.dueSoon)}>
        <OptionSelect
          aria-label={t('status')}
          className="w-full sm:w-44"
          options={DISPUTE_STATUSES}
          labels={DISPUTE_STATUS_LABELS}
          placeholder={t('anyStatus')}
          value={filters.status ?? ''}
          onChange={(status) => setUrl({ status: status || undefined })}
        />
        <OptionSelect
          aria-label={t('reason')}
          className="w-full sm:w-56"
          options={DISPUTE_REASONS}
          labels={DISPUTE_REASON_LABELS}
          placeholder={t('anyReason')}
          value={filters.reason ?? ''}
          onChange={(reason) => setUrl({ reason: reason || undefined })}
        />
        <Button
          variant="outline"
          aria-pressed={dueSoon}
          className={cn(dueSoon && 'border-amber-500 bg-amber-500/10 text-amber-800 dark:text-amber-300')}
          onClick={() => setUrl({ dueSoon: dueSoon ? undefined : 'true' })}
          title={t('dueSoonHint', { days: DUE_SOON_DAYS })}
        >
          <Clock className="h-4 w-4" /> {t('dueSoon')}
        </Button>
      </Filters>
      <Card>
        <PagedList
          query={disputes}
          cursor={url.cursor}
          onNext={(cursor) => setUrl({ cursor }, 'push')}
          empty={
            <ListEmptyState
              noun={t('noun')}
              filtered={filtered}
              onClear={() => setUrl({ status: undefined, reason: undefined, dueSoon: undefined })}
              description={t('empty')}
              action={
                <Button asChild>
                  <Link href="/transfers?type=internal&status=completed">{t('completedInternal')}</Link>
                </Button>
              }
            />
          }
        >
          {(rows) => <DisputeTable disputes={rows} names={names} onOpen={(id) => router.push(`/disputes/${id}`)} />}
        </PagedList>
      </Card>
    </div>
  );
}

/** Counts of the disputes that need work, and what unresolved disputes hold, per currency (GET /v1/disputes/stats). */
function StatusCards({ query }: { query: UseQueryResult<DisputeStats> }) {
  const t = useTranslations('disputes.page');
  return (
    <StatCardsView query={query} count={4} grid="sm:grid-cols-2 lg:grid-cols-4">
      {({ byStatus, atRisk, total, averageResolutionDays }) => {
        const counts = [
          { key: 'open', title: t('open'), value: byStatus.open, note: t('openNote') },
          { key: 'under-review', title: t('underReview'), value: byStatus.underReview, note: t('underReviewNote') },
          { key: 'escalated', title: t('escalated'), value: byStatus.escalated, note: t('escalatedNote') },
        ];
        return (
          <section aria-label={t('summary')} className="grid gap-2">
            <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
              {counts.map((c) => (
                <StatCard key={c.key} testId={`disputes-${c.key}`} title={c.title}>
                  <p className="text-2xl font-semibold">{c.value}</p>
                  <p className="text-xs text-muted-foreground">{c.note}</p>
                </StatCard>
              ))}
              <StatCard testId="disputes-at-risk" title={t('atRisk')}>
                <CurrencyAmounts amounts={atRisk.filter((a) => /[1-9]/.test(a.amount))} />
                <p className="text-xs text-muted-foreground">{t('atRiskNote')}</p>
              </StatCard>
            </div>
            <p className="text-xs text-muted-foreground">
              {averageResolutionDays === null
                ? t('totals', { total, resolved: byStatus.resolved })
                : t('totalsAverage', { total, resolved: byStatus.resolved, days: averageResolutionDays })}
            </p>
          </section>
        );
      }}
    </StatCardsView>
  );
}
