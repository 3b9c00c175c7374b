'use client';

import {
  APPROVAL_OBJECT_TYPES,
  type ApprovalObjectType,
  type ApprovalStatus,
  approvalObjectTypeSchema,
  approvalStatusSchema,
} from '@payos/contracts';
import { Button, Card, Select, Tabs } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { activeFilterCount, Filters } from '@/components/filters';
import { ListEmptyState } from '@/components/list-empty-state';
import { PagedList } from '@/components/paged-list';
import { CurrencyAmounts, StatCard, StatCardsView } from '@/components/stat-cards';
import { ApprovalCard } from '@/features/approvals/approval-card';
import { approvalsQuery, inboxSummaryQuery } from '@/features/approvals/queries';
import { countByType, heldByCurrency } from '@/features/approvals/summary';
import { ScheduleDrawer } from '@/features/schedules/schedule-drawer';
import { TransferDrawer } from '@/features/transfers/transfer-drawer';
import { useEnvironment } from '@/lib/environment';
import { useCanManage } from '@/lib/session';
import { useUrlState } from '@/lib/use-url-state';

const KEYS = ['status', 'type', 'cursor', 'transfer', 'schedule'] as const;
const TABS: ApprovalStatus[] = ['pending', 'approved', 'denied', 'expired', 'cancelled'];

/**
 * Approvals: the inbox of transfers, schedules and streams waiting for the user's decision (those their
 * role may decide; each says whether they can decide it now), and the decided ones by status — of
 * every kind, or of one (the URL's `type`).
 */
export default function ApprovalsPage() {
  const env = useEnvironment();
  const [url, setUrl] = useUrlState(KEYS);
  const canManage = useCanManage();
  const status = approvalStatusSchema.safeParse(url.status).data ?? 'pending';
  // A value the API does not know (a hand-edited URL) filters nothing, as the select shows.
  const objectType = approvalObjectTypeSchema.safeParse(url.type).data;
  const summary = useQuery(inboxSummaryQuery(env));
  const keep = { cursor: url.cursor };
  const t = useTranslations('approvals.page');

  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="grid gap-1">
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-muted-foreground">{t('description')}</p>
      </div>
      {canManage ? null : (
        <Card className="p-4 text-sm" data-testid="approvals-role-notice">
          {t('roleNotice')}
        </Card>
      )}
      <StatCardsView query={summary} count={3} grid="sm:grid-cols-3">
        {({ pending, decidable }) => (
          <section aria-label={t('summary')} className="grid gap-4 sm:grid-cols-3">
            <StatCard testId="approvals-for-you" title={t('forYou')}>
              <p className="text-2xl font-semibold">{decidable}</p>
              <p className="text-xs text-muted-foreground">{t('forYouHint')}</p>
            </StatCard>
            <StatCard testId="approvals-waiting" title={t('waiting')}>
              <p className="text-2xl font-semibold">{pending.length}</p>
              <p className="text-xs text-muted-foreground" data-testid="approvals-by-type">
                {countByType(pending) || t('nothing')}
              </p>
              <p className="text-xs text-muted-foreground">{t('waitingHint')}</p>
            </StatCard>
            <StatCard testId="approvals-held" title={t('held')}>
              <CurrencyAmounts amounts={heldByCurrency(pending)} />
            </StatCard>
          </section>
        )}
      </StatCardsView>
      <Filters active={activeFilterCount(objectType)}>
        <Select
          aria-label={t('type')}
          className="w-full sm:w-40"
          value={objectType ?? ''}
          onChange={(e) => setUrl({ type: e.target.value || undefined, status: url.status })}
        >
          <option value="">{t('anyType')}</option>
          {APPROVAL_OBJECT_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`types.${type}`)}
            </option>
          ))}
        </Select>
      </Filters>
      <Tabs
        value={status}
        onValueChange={(value) => setUrl({ status: value === 'pending' ? undefined : value })}
        tabs={TABS.map((tab) => ({
          value: tab,
          label: t(`tabs.${tab}`),
          content: () => (
            <ApprovalList
              status={tab}
              objectType={objectType}
              cursor={url.cursor}
              onNext={(cursor) => setUrl({ cursor }, 'push')}
              onOpenTransfer={(id) => setUrl({ transfer: id, ...keep }, 'push')}
              onOpenSchedule={(id) => setUrl({ schedule: id, ...keep }, 'push')}
            />
          ),
        }))}
      />
      <ScheduleDrawer
        id={url.transfer ? null : (url.schedule ?? null)}
        onClose={() => setUrl({ schedule: undefined, ...keep })}
        onOpenTransfer={(transfer) => setUrl({ schedule: url.schedule, transfer, ...keep }, 'push')}
      />
      <TransferDrawer id={url.transfer ?? null} onClose={() => setUrl({ schedule: url.schedule, transfer: undefined, ...keep })} />
    </div>
  );
}

/** One tab: a page of approvals with `status` (and of `objectType`, when one is chosen), each a card. */
function ApprovalList({
  status,
  objectType,
  cursor,
  onNext,
  onOpenTransfer,
  onOpenSchedule,
}: {
  status: ApprovalStatus;
  objectType: ApprovalObjectType | undefined;
  cursor: string | undefined;
  onNext: (cursor: string) => void;
  onOpenTransfer: (transferId: string) => void;
  onOpenSchedule: (scheduleId: string) => void;
}) {
  const env = useEnvironment();
  const approvals = useQuery(approvalsQuery(env, status, objectType, cursor));
  const t = useTranslations('approvals.page');
  return (
    <PagedList
      query={approvals}
      cursor={cursor}
      onNext={onNext}
      empty={
        <Card>
          <ListEmptyState
            noun={t('emptyNoun', { status, type: objectType ?? 'all' })}
            filtered={false}
            onClear={() => undefined}
            description={status === 'pending' ? t('emptyPending') : t('emptyDecided')}
            action={
              <Button variant="outline" asChild>
                <Link href="/settings?tab=controls">{t('policies')}</Link>
              </Button>
            }
          />
        </Card>
      }
    >
      {(rows) => (
        <ul className="grid gap-3" aria-label={t('listLabel', { status })}>
          {rows.map((a) => (
            <li key={a.id}>
              <ApprovalCard approval={a} onOpenTransfer={onOpenTransfer} onOpenSchedule={onOpenSchedule} />
            </li>
          ))}
        </ul>
      )}
    </PagedList>
  );
}
