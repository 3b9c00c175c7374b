'use client';

import { Badge, Card, EmptyState, ErrorState, Table, TableSkeleton, TBody, Td, THead, Th, Tr } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Amount } from '@/components/amount';
import { AgentTable } from '@/features/agents/agent-table';
import { agentsQuery } from '@/features/agents/queries';
import { schedulesQuery } from '@/features/schedules/queries';
import { ScheduleDrawer } from '@/features/schedules/schedule-drawer';
import { ScheduleTable } from '@/features/schedules/schedule-table';
import { streamsQuery } from '@/features/streams/queries';
import { StreamTable } from '@/features/streams/stream-table';
import { accountTransfersQuery } from '@/features/transfers/queries';
import { TransferDrawer } from '@/features/transfers/transfer-drawer';
import { TransferTable } from '@/features/transfers/transfer-table';
import { useEnvironment } from '@/lib/environment';
import { dateTime } from '@/lib/format';
import { errorMessage } from '@/lib/payos';
import { useCanManage } from '@/lib/session';
import { toast } from '@/lib/toast';
import { ledgerQuery, paymentMethodsQuery, useAllowlistPaymentMethod } from './queries';

/** A small in-tab cursor stack: tabs keep their page in component state, the page URL holds the tab. */
function useCursorStack() {
  const [stack, setStack] = useState<string[]>([]);
  return {
    cursor: stack.at(-1),
    next: (cursor: string) => setStack((s) => [...s, cursor]),
    previous: () => setStack((s) => s.slice(0, -1)),
    depth: stack.length,
  };
}

function TabPager({
  hasMore,
  nextCursor,
  pages,
}: {
  hasMore: boolean;
  nextCursor: string | null;
  pages: ReturnType<typeof useCursorStack>;
}) {
  if (!hasMore && pages.depth === 0) return null;
  return (
    <div className="flex justify-end gap-2 border-t border-border p-3 text-sm">
      <button
        type="button"
        className="rounded px-2 py-1 hover:bg-muted disabled:opacity-50"
        disabled={pages.depth === 0}
        onClick={pages.previous}
      >
        Previous
      </button>
      <button
        type="button"
        className="rounded px-2 py-1 hover:bg-muted disabled:opacity-50"
        disabled={!hasMore || !nextCursor}
        onClick={() => nextCursor && pages.next(nextCursor)}
      >
        Next
      </button>
    </div>
  );
}

export function AccountTransfersTab({ accountId }: { accountId: string }) {
  const env = useEnvironment();
  const t = useTranslations('accounts.tabs');
  const pages = useCursorStack();
  const query = useQuery(accountTransfersQuery(env, accountId, pages.cursor));
  const [open, setOpen] = useState<string | null>(null);
  if (query.isPending) return <TableSkeleton />;
  if (query.isError) return <ErrorState message={errorMessage(query.error)} onRetry={() => query.refetch()} />;
  return (
    <Card>
      {query.data.data.length === 0 ? (
        <EmptyState title={t('noTransfers')} description={t('noTransfersHint')} />
      ) : (
        <>
          <TransferTable transfers={query.data.data} onOpen={setOpen} />
          <TabPager hasMore={query.data.hasMore} nextCursor={query.data.nextCursor} pages={pages} />
        </>
      )}
      <TransferDrawer id={open} onClose={() => setOpen(null)} />
    </Card>
  );
}

export function AccountLedgerTab({ accountId }: { accountId: string }) {
  const env = useEnvironment();
  const t = useTranslations('accounts.tabs');
  const pages = useCursorStack();
  const query = useQuery(ledgerQuery(env, accountId, pages.cursor));
  if (query.isPending) return <TableSkeleton />;
  if (query.isError) return <ErrorState message={errorMessage(query.error)} onRetry={() => query.refetch()} />;
  if (query.data.data.length === 0) return <EmptyState title={t('noLedger')} description={t('noLedgerHint')} />;
  return (
    <Card>
      <Table stacked>
        <THead>
          <Tr>
            <Th>{t('when')}</Th>
            <Th>{t('reference')}</Th>
            <Th>{t('part')}</Th>
            <Th className="text-right">{t('amount')}</Th>
            <Th className="text-right">{t('balanceAfter')}</Th>
          </Tr>
        </THead>
        <TBody>
          {query.data.data.map((e) => (
            <Tr key={e.id}>
              <Td className="whitespace-nowrap text-muted-foreground">{dateTime(e.createdAt)}</Td>
              <Td mobile="primary">
                {e.referenceType.replaceAll('_', ' ')}
                {e.description ? <span className="block text-xs text-muted-foreground">{e.description}</span> : null}
              </Td>
              <Td mobile="hidden" className="text-muted-foreground">
                {e.part}
              </Td>
              <Td
                mobile="amount"
                className={`tabular text-right whitespace-nowrap ${e.amount.startsWith('-') ? 'text-red-600 dark:text-red-400' : 'text-emerald-700 dark:text-emerald-400'}`}
              >
                <Amount value={e.amount} currency={e.currency} />
              </Td>
              {/* On a phone, the balance after sits under the amount, where a status would. */}
              <Td mobile="status" className="tabular text-right whitespace-nowrap">
                <Amount value={e.balanceAfter} currency={e.currency} />
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      <TabPager hasMore={query.data.hasMore} nextCursor={query.data.nextCursor} pages={pages} />
    </Card>
  );
}

/**
 * The allowlist switch of a payment method (owners and admins): an allowlisted one skips the cooling-off
 * cap on new beneficiaries (Settings → Controls).
 */
function AllowlistToggle({ accountId, id, label, allowlisted }: { accountId: string; id: string; label: string; allowlisted: boolean }) {
  const env = useEnvironment();
  const t = useTranslations('accounts.tabs');
  const allowlist = useAllowlistPaymentMethod(env, accountId);
  return (
    <label className="flex items-center gap-2 text-sm">
      <input
        type="checkbox"
        role="switch"
        aria-checked={allowlisted}
        aria-label={t('allowlistLabel', { label })}
        checked={allowlisted}
        disabled={allowlist.isPending}
        onChange={(e) =>
          allowlist.mutate(
            { paymentMethodId: id, allowlisted: e.target.checked },
            {
              onSuccess: (pm) => toast(pm.allowlisted ? t('allowlisted', { label }) : t('notAllowlisted', { label }), 'success'),
              onError: (error) => toast(errorMessage(error), 'error'),
            },
          )
        }
      />
      {t('allowlist')}
    </label>
  );
}

export function AccountPaymentMethodsTab({ accountId }: { accountId: string }) {
  const env = useEnvironment();
  const t = useTranslations('accounts.tabs');
  const canManage = useCanManage();
  const query = useQuery(paymentMethodsQuery(env, accountId));
  if (query.isPending) return <TableSkeleton rows={3} />;
  if (query.isError) return <ErrorState message={errorMessage(query.error)} onRetry={() => query.refetch()} />;
  if (query.data.data.length === 0) return <EmptyState title={t('noMethods')} description={t('noMethodsHint')} />;
  return (
    <Card>
      <Table stacked hasAmount={false}>
        <THead>
          <Tr>
            <Th>{t('label')}</Th>
            <Th>{t('rail')}</Th>
            <Th>{t('currency')}</Th>
            <Th>{t('number')}</Th>
            <Th>{t('status')}</Th>
            {canManage ? <Th className="text-right">{t('coolingOff')}</Th> : null}
          </Tr>
        </THead>
        <TBody>
          {query.data.data.map((pm) => (
            <Tr key={pm.id} data-testid="payment-method">
              <Td mobile="primary" className="font-medium">
                {pm.label ?? pm.type.replace('_', ' ')}
              </Td>
              <Td className="uppercase text-muted-foreground">{pm.rail.replace('_', ' ')}</Td>
              <Td>{pm.currency}</Td>
              <Td className="tabular">••••{pm.last4}</Td>
              <Td mobile="status">
                <span className="flex flex-wrap gap-1">
                  <Badge tone={pm.status === 'active' ? 'green' : 'neutral'}>{t(`methodStatus.${pm.status}`)}</Badge>
                  {pm.allowlisted ? (
                    <Badge tone="blue" title={t('skipsCap')}>
                      {t('allowlistedBadge')}
                    </Badge>
                  ) : null}
                </span>
              </Td>
              {canManage ? (
                <Td mobile="end" className="text-right">
                  <AllowlistToggle
                    accountId={accountId}
                    id={pm.id}
                    label={`${pm.label ?? pm.type.replace('_', ' ')} ••••${pm.last4}`}
                    allowlisted={pm.allowlisted}
                  />
                </Td>
              ) : null}
            </Tr>
          ))}
        </TBody>
      </Table>
    </Card>
  );
}

export function AccountSchedulesTab({ accountId }: { accountId: string }) {
  const env = useEnvironment();
  const t = useTranslations('accounts.tabs');
  const [cursor, setCursor] = useState<string | undefined>();
  const query = useQuery(schedulesQuery(env, { accountId, cursor }));
  const [open, setOpen] = useState<string | null>(null);
  if (query.isPending) return <TableSkeleton rows={3} />;
  if (query.isError) return <ErrorState message={errorMessage(query.error)} onRetry={() => query.refetch()} />;
  return (
    <Card>
      {query.data.data.length === 0 ? (
        <EmptyState title={t('noSchedules')} description={t('noSchedulesHint')} />
      ) : (
        <>
          <ScheduleTable schedules={query.data.data} onOpen={setOpen} />
          {query.data.hasMore && query.data.nextCursor ? (
            <div className="flex justify-end border-t border-border p-3 text-sm">
              <button
                type="button"
                className="rounded px-2 py-1 hover:bg-muted"
                onClick={() => setCursor(query.data.nextCursor ?? undefined)}
              >
                More
              </button>
            </div>
          ) : null}
        </>
      )}
      <ScheduleDrawer id={open} onClose={() => setOpen(null)} />
    </Card>
  );
}

export function AccountAgentsTab({ accountId }: { accountId: string }) {
  const env = useEnvironment();
  const t = useTranslations('accounts.tabs');
  const query = useQuery(agentsQuery(env, { accountId }));
  if (query.isPending) return <TableSkeleton rows={3} />;
  if (query.isError) return <ErrorState message={errorMessage(query.error)} onRetry={() => query.refetch()} />;
  return (
    <Card>
      {query.data.data.length === 0 ? (
        <EmptyState title={t('noAgents')} description={t('noAgentsHint')} />
      ) : (
        <AgentTable agents={query.data.data} />
      )}
    </Card>
  );
}

export function AccountStreamsTab({ accountId }: { accountId: string }) {
  const env = useEnvironment();
  const t = useTranslations('accounts.tabs');
  const query = useQuery(streamsQuery(env, { accountId }));
  if (query.isPending) return <TableSkeleton rows={3} />;
  if (query.isError) return <ErrorState message={errorMessage(query.error)} onRetry={() => query.refetch()} />;
  return (
    <Card>
      {query.data.data.length === 0 ? (
        <EmptyState title={t('noStreams')} description={t('noStreamsHint')} />
      ) : (
        <StreamTable streams={query.data.data} />
      )}
    </Card>
  );
}
