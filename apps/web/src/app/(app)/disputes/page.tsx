'use client';

import { DISPUTE_REASONS, DISPUTE_STATUSES, type DisputeStats, disputeReasonSchema, disputeStatusSchema } from '@payos/contracts';
import { Button, Card, CardContent, CardHeader, CardTitle, cn, EmptyState, ErrorState, Select, Skeleton } from '@payos/ui';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { Clock } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo } from 'react';
import { PagedList } from '@/components/paged-list';
import { accountsQuery } from '@/features/accounts/queries';
import { DisputeTable } from '@/features/disputes/dispute-table';
import { DUE_SOON_DAYS } from '@/features/disputes/due';
import { type DisputeFilters, disputeStatsQuery, disputesQuery } from '@/features/disputes/queries';
import { DISPUTE_REASON_LABELS, DISPUTE_STATUS_LABELS } from '@/features/disputes/status';
import { useEnvironment } from '@/lib/environment';
import { money } from '@/lib/format';
import { errorMessage } from '@/lib/payos';
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

  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">Disputes</h1>
        <Button variant="outline" asChild>
          <Link href="/transfers?type=internal&status=completed">Dispute a transfer</Link>
        </Button>
      </div>
      <StatusCards query={stats} />
      <div className="flex flex-wrap gap-2">
        <Select
          aria-label="Status"
          className="w-full sm:w-44"
          value={filters.status ?? ''}
          onChange={(e) => setUrl({ status: e.target.value || undefined })}
        >
          <option value="">Any status</option>
          {DISPUTE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {DISPUTE_STATUS_LABELS[s]}
            </option>
          ))}
        </Select>
        <Select
          aria-label="Reason"
          className="w-full sm:w-56"
          value={filters.reason ?? ''}
          onChange={(e) => setUrl({ reason: e.target.value || undefined })}
        >
          <option value="">Any reason</option>
          {DISPUTE_REASONS.map((r) => (
            <option key={r} value={r}>
              {DISPUTE_REASON_LABELS[r]}
            </option>
          ))}
        </Select>
        <Button
          variant="outline"
          aria-pressed={dueSoon}
          className={cn(dueSoon && 'border-amber-500 bg-amber-500/10 text-amber-800 dark:text-amber-300')}
          onClick={() => setUrl({ dueSoon: dueSoon ? undefined : 'true' })}
          title={`Open or under review, response due within ${DUE_SOON_DAYS} days (or overdue)`}
        >
          <Clock className="h-4 w-4" /> Due soon
        </Button>
      </div>
      <Card>
        <PagedList
          query={disputes}
          cursor={url.cursor}
          onNext={(cursor) => setUrl({ cursor }, 'push')}
          empty={
            <EmptyState
              title={filtered ? 'No disputes match' : 'No disputes yet'}
              description={
                filtered
                  ? 'Change the filters to see other disputes.'
                  : 'Open a dispute from a completed internal transfer’s detail: its amount is held on the recipient until the dispute is resolved.'
              }
              action={
                filtered ? (
                  <Button variant="outline" onClick={() => setUrl({ status: undefined, reason: undefined, dueSoon: undefined })}>
                    Clear filters
                  </Button>
                ) : (
                  <Button asChild>
                    <Link href="/transfers?type=internal&status=completed">Completed internal transfers</Link>
                  </Button>
                )
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
  if (query.isPending) {
    return (
      <section className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" role="status" aria-label="Loading">
        {[0, 1, 2, 3].map((i) => (
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
  const { byStatus, atRisk, total, averageResolutionDays } = query.data;
  const held = atRisk.filter((a) => /[1-9]/.test(a.amount));
  const counts = [
    { key: 'open', title: 'Open', value: byStatus.open, note: 'Waiting for the respondent' },
    { key: 'under-review', title: 'Under review', value: byStatus.underReview, note: 'Answered, to be resolved' },
    { key: 'escalated', title: 'Escalated', value: byStatus.escalated, note: 'Need a decision' },
  ];
  return (
    <section aria-label="Dispute summary" className="grid gap-2">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {counts.map((c) => (
          <Card key={c.key} data-testid={`disputes-${c.key}`}>
            <CardHeader>
              <CardTitle>{c.title}</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-0.5">
              <p className="text-2xl font-semibold">{c.value}</p>
              <p className="text-xs text-muted-foreground">{c.note}</p>
            </CardContent>
          </Card>
        ))}
        <Card data-testid="disputes-at-risk">
          <CardHeader>
            <CardTitle>At risk</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-0.5">
            {held.length === 0 ? (
              <p className="tabular text-2xl font-semibold">0.00</p>
            ) : (
              held.map((a) => (
                <p key={a.currency} className="tabular text-2xl font-semibold">
                  {money(a.amount)} <span className="text-sm font-medium text-muted-foreground">{a.currency}</span>
                </p>
              ))
            )}
            <p className="text-xs text-muted-foreground">Held by unresolved disputes</p>
          </CardContent>
        </Card>
      </div>
      <p className="text-xs text-muted-foreground">
        Every dispute: {total} in all, {byStatus.resolved} resolved
        {averageResolutionDays === null ? '' : ` in ${averageResolutionDays} days on average`}.
      </p>
    </section>
  );
}
