'use client';

import { REVIEW_STATUSES, RISK_LEVELS, RISK_RULE_IDS, reviewStatusSchema, riskLevelSchema, riskRuleIdSchema } from '@payos/contracts';
import { Button, Card, cn } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { UserCheck } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { activeFilterCount, Filters } from '@/components/filters';
import { OptionSelect } from '@/components/form-fields';
import { ListEmptyState } from '@/components/list-empty-state';
import { PagedList } from '@/components/paged-list';
import { StatCard, StatCardsView } from '@/components/stat-cards';
import { accountsQuery } from '@/features/accounts/queries';
import { type ReviewFilters, reviewStatsQuery, reviewsQuery } from '@/features/reviews/queries';
import { ReviewDrawer } from '@/features/reviews/review-drawer';
import { ReviewTable } from '@/features/reviews/review-table';
import { REVIEW_STATUS_LABELS, RISK_LEVEL_LABELS, RiskLevelBadge, RULE_LABELS } from '@/features/reviews/status';
import { useEnvironment } from '@/lib/environment';
import { useSession } from '@/lib/session';
import { useUrlState } from '@/lib/use-url-state';

const KEYS = ['status', 'riskLevel', 'rule', 'mine', 'transfer', 'cursor', 'review'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reviews: what the risk rules found and people's flags — the queue in numbers, filters (status, risk
 * level, rule, assigned to me) kept in the URL, and each item's evidence and actions in a drawer.
 */
export default function ReviewsPage() {
  const env = useEnvironment();
  const session = useSession();
  const me = session.status === 'authenticated' ? session.me : null;
  const [url, setUrl] = useUrlState(KEYS);
  const mine = url.mine === 'true' && me !== null;
  // A value the API would refuse (a hand-edited URL) filters nothing, as the selects show.
  const filters: Omit<ReviewFilters, 'cursor'> = {
    status: reviewStatusSchema.safeParse(url.status).data,
    riskLevel: riskLevelSchema.safeParse(url.riskLevel).data,
    rule: riskRuleIdSchema.safeParse(url.rule).data,
    ...(mine && me ? { assigneeId: me.user.id } : {}),
    ...(url.transfer && UUID.test(url.transfer) ? { transferId: url.transfer } : {}),
  };
  const reviews = useQuery(reviewsQuery(env, { ...filters, cursor: url.cursor }));
  const stats = useQuery(reviewStatsQuery(env));
  const accounts = useQuery(accountsQuery(env, {}));
  const names = useMemo(() => new Map((accounts.data?.data ?? []).map((a) => [a.id, a.name])), [accounts.data]);
  const filtered = Boolean(filters.status || filters.riskLevel || filters.rule || mine || filters.transferId);
  const keep = { cursor: url.cursor };
  const t = useTranslations('reviews.page');

  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="grid gap-1">
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-muted-foreground">{t('description')}</p>
      </div>
      <StatCardsView query={stats} count={4} grid="sm:grid-cols-2 lg:grid-cols-4">
        {(s) => (
          <section aria-label={t('summary')} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <StatCard testId="reviews-active" title={t('active')}>
              <p className="text-2xl font-semibold">{s.active}</p>
              <p className="text-xs text-muted-foreground">
                {t('activeBreakdown', { open: s.byStatus.open, inReview: s.byStatus.inReview, escalated: s.byStatus.escalated })}
              </p>
            </StatCard>
            <StatCard testId="reviews-overdue" title={t('overdue')}>
              <p className={cn('text-2xl font-semibold', s.overdue > 0 && 'text-red-600 dark:text-red-400')}>{s.overdue}</p>
              <p className="text-xs text-muted-foreground">{t('overdueHint')}</p>
            </StatCard>
            <StatCard testId="reviews-by-risk" title={t('byRisk')}>
              <ul className="grid grid-cols-2 gap-1 text-sm">
                {RISK_LEVELS.map((level) => (
                  <li key={level} className="flex items-center gap-2" data-testid={`reviews-risk-${level}`}>
                    <RiskLevelBadge level={level} /> <span className="tabular font-semibold">{s.activeByRiskLevel[level]}</span>
                  </li>
                ))}
              </ul>
            </StatCard>
            <StatCard testId="reviews-decided" title={t('decided')}>
              <p className="text-2xl font-semibold">{s.byStatus.approved + s.byStatus.rejected + s.byStatus.dismissed}</p>
              <p className="text-xs text-muted-foreground">
                {t('decidedBreakdown', {
                  approved: s.byStatus.approved,
                  rejected: s.byStatus.rejected,
                  dismissed: s.byStatus.dismissed,
                  blocked: s.byStatus.blocked,
                })}
              </p>
            </StatCard>
          </section>
        )}
      </StatCardsView>
      <Filters active={activeFilterCount(filters.status, filters.riskLevel, filters.rule, mine || undefined, filters.transferId)}>
        <OptionSelect
          aria-label={t('status')}
          className="w-full sm:w-44"
          options={REVIEW_STATUSES}
          labels={REVIEW_STATUS_LABELS}
          placeholder={t('anyStatus')}
          value={filters.status ?? ''}
          onChange={(status) => setUrl({ status: status || undefined })}
        />
        <OptionSelect
          aria-label={t('riskLevel')}
          className="w-full sm:w-40"
          options={RISK_LEVELS}
          labels={RISK_LEVEL_LABELS}
          placeholder={t('anyRiskLevel')}
          value={filters.riskLevel ?? ''}
          onChange={(riskLevel) => setUrl({ riskLevel: riskLevel || undefined })}
        />
        <OptionSelect
          aria-label={t('rule')}
          className="w-full sm:w-64"
          options={RISK_RULE_IDS}
          labels={RULE_LABELS}
          placeholder={t('anyRule')}
          value={filters.rule ?? ''}
          onChange={(rule) => setUrl({ rule: rule || undefined })}
        />
        <Button
          variant="outline"
          aria-pressed={mine}
          className={cn(mine && 'border-primary bg-primary/10')}
          onClick={() => setUrl({ mine: mine ? undefined : 'true' })}
        >
          <UserCheck className="h-4 w-4" /> {t('mine')}
        </Button>
        {filters.transferId ? (
          <Button variant="outline" onClick={() => setUrl({ transfer: undefined })} aria-label={t('clearTransfer')}>
            {t('transferChip', { id: filters.transferId.slice(0, 8) })}
          </Button>
        ) : null}
      </Filters>
      <Card>
        <PagedList
          query={reviews}
          cursor={url.cursor}
          onNext={(cursor) => setUrl({ cursor }, 'push')}
          empty={
            <ListEmptyState
              noun={t('noun')}
              filtered={filtered}
              onClear={() => setUrl({ status: undefined, riskLevel: undefined, rule: undefined, mine: undefined, transfer: undefined })}
              description={t('empty')}
              action={
                <Button variant="outline" asChild>
                  <Link href="/settings?tab=controls">{t('riskRules')}</Link>
                </Button>
              }
            />
          }
        >
          {(rows) => <ReviewTable reviews={rows} names={names} onOpen={(id) => setUrl({ review: id, ...keep }, 'push')} />}
        </PagedList>
      </Card>
      <ReviewDrawer id={url.review ?? null} onClose={() => setUrl({ review: undefined, ...keep })} />
    </div>
  );
}
