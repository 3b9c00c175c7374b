'use client';

import { type ApprovalStatus, approvalStatusSchema } from '@payos/contracts';
import { Button, Card, Tabs } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { ListEmptyState } from '@/components/list-empty-state';
import { PagedList } from '@/components/paged-list';
import { CurrencyAmounts, StatCard, StatCardsView } from '@/components/stat-cards';
import { ApprovalCard } from '@/features/approvals/approval-card';
import { approvalsQuery, inboxSummaryQuery } from '@/features/approvals/queries';
import { heldByCurrency } from '@/features/approvals/summary';
import { TransferDrawer } from '@/features/transfers/transfer-drawer';
import { useEnvironment } from '@/lib/environment';
import { useCanManage } from '@/lib/session';
import { useUrlState } from '@/lib/use-url-state';

const KEYS = ['status', 'cursor', 'transfer'] as const;
const TABS: { value: ApprovalStatus; label: string }[] = [
  { value: 'pending', label: 'Waiting' },
  { value: 'approved', label: 'Approved' },
  { value: 'denied', label: 'Denied' },
  { value: 'expired', label: 'Expired' },
  { value: 'cancelled', label: 'Cancelled' },
];

/**
 * Approvals: the inbox of transfers waiting for the user's decision (those their role may decide;
 * each says whether they can decide it now), and the decided ones by status.
 */
export default function ApprovalsPage() {
  const env = useEnvironment();
  const [url, setUrl] = useUrlState(KEYS);
  const canManage = useCanManage();
  const status = approvalStatusSchema.safeParse(url.status).data ?? 'pending';
  const summary = useQuery(inboxSummaryQuery(env));
  const keep = { cursor: url.cursor };

  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="grid gap-1">
        <h1 className="text-xl font-semibold">Approvals</h1>
        <p className="text-sm text-muted-foreground">
          Transfers an approval policy holds until people approve them; their funds stay held on the sender meanwhile.
        </p>
      </div>
      {canManage ? null : (
        <Card className="p-4 text-sm" data-testid="approvals-role-notice">
          Only admins and owners approve or deny transfers. You can follow the decided ones here.
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
              <p className="text-xs text-muted-foreground">For your role, whoever decides them</p>
            </StatCard>
            <StatCard testId="approvals-held" title="Held while waiting">
              <CurrencyAmounts amounts={heldByCurrency(pending)} />
            </StatCard>
          </section>
        )}
      </StatCardsView>
      <Tabs
        value={status}
        onValueChange={(value) => setUrl({ status: value === 'pending' ? undefined : value })}
        tabs={TABS.map((tab) => ({
          value: tab.value,
          label: tab.label,
          content: () => (
            <ApprovalList
              status={tab.value}
              cursor={url.cursor}
              onNext={(cursor) => setUrl({ cursor }, 'push')}
              onOpen={(id) => setUrl({ transfer: id, ...keep }, 'push')}
            />
          ),
        }))}
      />
      <TransferDrawer id={url.transfer ?? null} onClose={() => setUrl({ transfer: undefined, ...keep })} />
    </div>
  );
}

/** One tab: a page of approvals with `status`, each a card. */
function ApprovalList({
  status,
  cursor,
  onNext,
  onOpen,
}: {
  status: ApprovalStatus;
  cursor: string | undefined;
  onNext: (cursor: string) => void;
  onOpen: (transferId: string) => void;
}) {
  const env = useEnvironment();
  const approvals = useQuery(approvalsQuery(env, status, cursor));
  return (
    <PagedList
      query={approvals}
      cursor={cursor}
      onNext={onNext}
      empty={
        <Card>
          <ListEmptyState
            noun={status === 'pending' ? 'approvals waiting' : `${status} approvals`}
            filtered={false}
            onClear={() => undefined}
            description={
              status === 'pending'
                ? 'Nothing is waiting for a decision you can make. Approval policies (Settings → Controls) say which transfers wait here.'
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
              <ApprovalCard approval={a} onOpenTransfer={onOpen} />
            </li>
          ))}
        </ul>
      )}
    </PagedList>
  );
}
