'use client';

import type { Refund } from '@payos/contracts';
import { Dialog, ErrorState, Skeleton } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { useEnvironment } from '@/lib/environment';
import { dateTime, money } from '@/lib/format';
import { errorMessage } from '@/lib/payos';
import { AccountName } from '../transfers/transfer-drawer';
import { refundQuery } from './queries';
import { REFUND_REASON_LABELS, RefundStatusBadge } from './status';

const Row = ({ label, children }: { label: string; children: ReactNode }) => (
  <div className="flex justify-between gap-4 py-1.5 text-sm">
    <dt className="text-muted-foreground">{label}</dt>
    <dd className="min-w-0 text-right break-words">{children}</dd>
  </div>
);

/** One refund in a side drawer: amount, status, reason, who paid whom, and the transfer it refunds. */
export function RefundDrawer({ id, placeholder, onClose }: { id: string | null; placeholder?: Refund; onClose: () => void }) {
  const env = useEnvironment();
  const query = useQuery({
    ...refundQuery(env, id ?? ''),
    enabled: Boolean(id),
    ...(placeholder ? { placeholderData: placeholder } : {}),
  });
  const r = query.data;
  return (
    <Dialog open={Boolean(id)} onOpenChange={(open) => !open && onClose()} title="Refund" variant="drawer">
      {query.isPending ? (
        <div className="grid gap-3">
          <Skeleton className="h-10 w-1/2" />
          <Skeleton className="h-40 w-full" />
        </div>
      ) : query.isError ? (
        <ErrorState message={errorMessage(query.error)} onRetry={() => query.refetch()} />
      ) : r ? (
        <div className="grid grid-cols-1 gap-6">
          <div className="flex items-center justify-between gap-4">
            <div>
              <p className="tabular text-2xl font-semibold">{money(r.amount, r.currency)}</p>
              <p className="text-sm text-muted-foreground">{REFUND_REASON_LABELS[r.reason]}</p>
            </div>
            <RefundStatusBadge status={r.status} />
          </div>
          <dl className="divide-y divide-border">
            <Row label="Transfer">
              <Link href={`/transfers?transfer=${r.transferId}`} className="text-primary hover:underline">
                View the refunded transfer
              </Link>
            </Row>
            <Row label="Paid by">
              <AccountName id={r.fromAccountId} />
            </Row>
            <Row label="Paid to">
              <AccountName id={r.toAccountId} />
            </Row>
            {r.reasonDetails ? <Row label="Details">{r.reasonDetails}</Row> : null}
            {r.failureReason ? <Row label="Failure reason">{r.failureReason}</Row> : null}
            <Row label="Initiated by">
              {r.initiatedBy.name ?? r.initiatedBy.type}{' '}
              <span className="text-muted-foreground">({r.initiatedBy.type.replace('_', ' ')})</span>
            </Row>
            <Row label="Created">{dateTime(r.createdAt)}</Row>
            {r.updatedAt !== r.createdAt ? <Row label="Updated">{dateTime(r.updatedAt)}</Row> : null}
            <Row label="ID">
              <code className="text-xs">{r.id}</code>
            </Row>
            <Row label="Events">
              <Link href={`/events?objectId=${r.id}`} className="text-primary hover:underline">
                Every event of this refund
              </Link>
            </Row>
          </dl>
        </div>
      ) : null}
    </Dialog>
  );
}
