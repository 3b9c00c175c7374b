'use client';

import { REFUND_STATUSES, refundStatusSchema } from '@payos/contracts';
import { Button, Card, Select } from '@payos/ui';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { activeFilterCount, Filters } from '@/components/filters';
import { OptionSelect } from '@/components/form-fields';
import { ListEmptyState } from '@/components/list-empty-state';
import { PagedList } from '@/components/paged-list';
import { CurrencyAmounts, StatCard, StatCardsView } from '@/components/stat-cards';
import { accountsQuery } from '@/features/accounts/queries';
import { type RefundFilters, refundSummaryQuery, refundsQuery, SUMMARY_MAX } from '@/features/refunds/queries';
import { RefundDrawer } from '@/features/refunds/refund-drawer';
import { RefundTable } from '@/features/refunds/refund-table';
import { REFUND_STATUS_LABELS } from '@/features/refunds/status';
import type { RefundSummary } from '@/features/refunds/summary';
import { useEnvironment } from '@/lib/environment';
import { money, shortId } from '@/lib/format';
import { useUrlState } from '@/lib/use-url-state';

const KEYS = ['status', 'accountId', 'cursor', 'refund'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default function RefundsPage() {
  const env = useEnvironment();
  const [url, setUrl] = useUrlState(KEYS);
  // A status or account the API would refuse (a hand-edited URL) filters nothing, as the selects show.
  const filters: Omit<RefundFilters, 'cursor'> = {
    status: refundStatusSchema.safeParse(url.status).data,
    accountId: url.accountId && UUID.test(url.accountId) ? url.accountId : undefined,
  };
  const refunds = useQuery(refundsQuery(env, { ...filters, cursor: url.cursor }));
  const summary = useQuery(refundSummaryQuery(env, filters));
  const accounts = useQuery(accountsQuery(env, {}));
  const names = useMemo(() => new Map((accounts.data?.data ?? []).map((a) => [a.id, a.name])), [accounts.data]);
  const open = refunds.data?.data.find((r) => r.id === url.refund);
  const keep = { cursor: url.cursor };
  const filtered = Boolean(filters.status || filters.accountId);
  const t = useTranslations('refunds.page');

  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <Button variant="outline" asChild>
          <Link href="/transfers?type=internal&status=completed">{t('refundTransfer')}</Link>
        </Button>
      </div>
      <Filters active={activeFilterCount(filters.status, filters.accountId)}>
        <OptionSelect
          aria-label={t('status')}
          className="w-full sm:w-40"
          options={REFUND_STATUSES}
          labels={REFUND_STATUS_LABELS}
          placeholder={t('anyStatus')}
          value={filters.status ?? ''}
          onChange={(status) => setUrl({ status: status || undefined })}
        />
        <Select
          aria-label={t('account')}
          className="w-full sm:w-64"
          value={filters.accountId ?? ''}
          onChange={(e) => setUrl({ accountId: e.target.value || undefined })}
        >
          <option value="">{t('anyAccount')}</option>
          {filters.accountId && !names.has(filters.accountId) ? (
            <option value={filters.accountId}>{t('accountId', { id: shortId(filters.accountId) })}</option>
          ) : null}
          {accounts.data?.data.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </Select>
      </Filters>
      <SummaryCards query={summary} filtered={filtered} />
      <Card>
        <PagedList
          query={refunds}
          cursor={url.cursor}
          onNext={(cursor) => setUrl({ cursor }, 'push')}
          empty={
            <ListEmptyState
              noun={t('noun')}
              filtered={filtered}
              onClear={() => setUrl({ status: undefined, accountId: undefined })}
              description={t('empty')}
              action={
                <Button asChild>
                  <Link href="/transfers?type=internal&status=completed">{t('completedInternal')}</Link>
                </Button>
              }
            />
          }
        >
          {(rows) => <RefundTable refunds={rows} names={names} onOpen={(id) => setUrl({ refund: id, ...keep }, 'push')} />}
        </PagedList>
      </Card>
      <RefundDrawer id={url.refund ?? null} placeholder={open} onClose={() => setUrl({ refund: undefined, ...keep })} />
    </div>
  );
}

/** Totals of every refund the filters match (the API has no refund report: added up here, in decimals, per currency). */
function SummaryCards({ query, filtered }: { query: UseQueryResult<RefundSummary & { truncated: boolean }>; filtered: boolean }) {
  const t = useTranslations('refunds.page');
  const scope = query.data?.truncated
    ? t('scopeNewest', { max: SUMMARY_MAX, filtered: filtered ? 'yes' : 'no' })
    : filtered
      ? t('scopeFiltered')
      : t('scopeAll');
  return (
    <StatCardsView query={query} count={3} grid="sm:grid-cols-3">
      {({ totals, counts }) => {
        const refunded = totals.filter((t) => /[1-9]/.test(t.refunded));
        const pending = totals.filter((t) => /[1-9]/.test(t.pending));
        return (
          <section aria-label={t('summary')} className="grid gap-2">
            <div className="grid gap-4 sm:grid-cols-3">
              <StatCard testId="refunds-total" title={t('totalRefunded')}>
                <CurrencyAmounts amounts={refunded.map((t) => ({ currency: t.currency, amount: t.refunded }))} />
              </StatCard>
              <StatCard testId="refunds-pending" title={t('pending')}>
                <p className="text-2xl font-semibold">{counts.pending}</p>
                <p className="tabular text-xs text-muted-foreground">
                  {pending.length === 0 ? t('nothingWaiting') : pending.map((t) => money(t.pending, t.currency)).join(' · ')}
                </p>
              </StatCard>
              <StatCard testId="refunds-count" title={t('title')}>
                <p className="text-2xl font-semibold">{counts.all}</p>
                <p className="text-xs text-muted-foreground">
                  {t('breakdown', { succeeded: counts.succeeded, pending: counts.pending, failed: counts.failed })}
                </p>
              </StatCard>
            </div>
            <p className="text-xs text-muted-foreground">{scope}</p>
          </section>
        );
      }}
    </StatCardsView>
  );
}
