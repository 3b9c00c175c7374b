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
import { activeFilterCount, Filters } from '@/components/filters';
import { ListEmptyState } from '@/components/list-empty-state';
import { PagedList } from '@/components/paged-list';
import { CurrencyAmounts, StatCard, StatCardsView } from '@/components/stat-cards';
import { ApprovalCard } from '@/features/approvals/approval-card';
import { approvalsQuery, inboxSummaryQuery } from '@/features/approvals/queries';
import { OBJECT_TYPE_LABELS } from '@/features/approvals/status';
import { countByType, heldByCurrency } from '@/features/approvals/summary';
import { ScheduleDrawer } from '@/features/schedules/schedule-drawer';
import { TransferDrawer } from '@/features/transfers/transfer-drawer';
import { useEnvironment } from '@/lib/environment';
import { useCanManage } from '@/lib/session';
import { useUrlState } from '@/lib/use-url-state';

const KEYS = ['status', 'type', 'cursor', 'transfer', 'schedule'] as const;
const TABS: { value: ApprovalStatus; label: string }[] = [
  { value: 'pending', label: 'Waiting' },
  { value: 'approved', label: 'Approved' },
  { value: 'denied', label: 'Denied' },
  { value: 'expired', label: 'Expired' },
  { value: 'cancelled', label: 'Cancelled' },
];

/** The filter's options: every kind, or one. */
const TYPE_LABELS: Record<ApprovalObjectType, string> = { transfer: 'Transfers', schedule: 'Schedules', stream: 'Streams' };

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

  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="grid gap-1">
        <h1 className="text-xl font-semibold">Approvals</h1>
        <p className="text-sm text-muted-foreground">
          Transfers, schedules and streams an approval policy holds until people approve them. Meanwhile a transfer’s funds stay held on the
          sender, a schedule does not run and a stream, funded, does not flow.
        </p>
      </div>
      {canManage ? null : (
        <Card className="p-4 text-sm" data-testid="approvals-role-notice">
          Only admins and owners approve or deny transfers, schedules and streams. You can follow the decided ones here.
        </Card>
      )}
      <StatCardsView query={summary} count={3} grid="sm:grid-cols-3">
        {({ pending, decidable }) => (
          <section aria-label="Approvals summary" className="grid gap-4 sm:grid-cols-3">
            <StatCard testId="approvals-for-you" title="Waiting for you">
              <p className="text-2xl font-semibold">{decidable}</p>
              <p className="text-xs text-muted-foreground">You can approve or deny these now</p>
            </StatCard>
            <StatCard testId="approvals-waiting" title="Waiting in total">
              <p className="text-2xl font-semibold">{pending.length}</p>
              <p className="text-xs text-muted-foreground" data-testid="approvals-by-type">
                {countByType(pending) || 'Nothing'}
              </p>
              <p className="text-xs text-muted-foreground">For your role, whoever decides them</p>
            </StatCard>
            <StatCard testId="approvals-held" title="Held while waiting">
              <CurrencyAmounts amounts={heldByCurrency(pending)} />
            </StatCard>
          </section>
        )}
      </StatCardsView>
      <Filters active={activeFilterCount(objectType)}>
        <Select
          aria-label="Type"
          className="w-full sm:w-40"
          value={objectType ?? ''}
          onChange={(e) => setUrl({ type: e.target.value || undefined, status: url.status })}
        >
          <option value="">Any type</option>
          {APPROVAL_OBJECT_TYPES.map((type) => (
            <option key={type} value={type}>
              {TYPE_LABELS[type]}
            </option>
          ))}
        </Select>
      </Filters>
      <Tabs
        value={status}
        onValueChange={(value) => setUrl({ status: value === 'pending' ? undefined : value })}
        tabs={TABS.map((tab) => ({
          value: tab.value,
          label: tab.label,
          content: () => (
            <ApprovalList
              status={tab.value}
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
  const noun = objectType ? `${OBJECT_TYPE_LABELS[objectType].toLowerCase()} approvals` : 'approvals';
  return (
    <PagedList
      query={approvals}
      cursor={cursor}
      onNext={onNext}
      empty={
        <Card>
          <ListEmptyState
            noun={status === 'pending' ? `${noun} waiting` : `${status} ${noun}`}
            filtered={false}
            onClear={() => undefined}
            description={
              status === 'pending'
                ? 'Nothing is waiting for a decision you can make. Approval policies (Settings → Controls) say which transfers, schedules and streams wait here.'
                : 'Decided approvals show here.'
            }
            action={
              <Button variant="outline" asChild>
                <Link href="/settings?tab=controls">Approval policies</Link>
              </Button>
            }
          />
        </Card>
      }
    >
      {(rows) => (
        <ul className="grid gap-3" aria-label={`${status} approvals`}>
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
