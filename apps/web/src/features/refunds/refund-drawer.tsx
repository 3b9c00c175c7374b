'use client';

import type { Refund } from '@payos/contracts';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { DetailDrawer, DrawerHeading, DetailRow as Row } from '@/components/detail-drawer';
import { useEnvironment } from '@/lib/environment';
import { dateTime, money } from '@/lib/format';
import { AccountName } from '../transfers/transfer-drawer';
import { refundQuery } from './queries';
import { REFUND_REASON_LABELS, RefundStatusBadge } from './status';

/** One refund in a side drawer: amount, status, reason, who paid whom, and the transfer it refunds. */
export function RefundDrawer({ id, placeholder, onClose }: { id: string | null; placeholder?: Refund; onClose: () => void }) {
  const env = useEnvironment();
  const query = useQuery({
    ...refundQuery(env, id ?? ''),
    enabled: Boolean(id),
    ...(placeholder ? { placeholderData: placeholder } : {}),
  });
  return (
    <DetailDrawer title="Refund" open={Boolean(id)} onClose={onClose} query={query}>
      {(r) => (
        <div className="grid grid-cols-1 gap-6">
          <DrawerHeading
            amount={money(r.amount, r.currency)}
            subtitle={REFUND_REASON_LABELS[r.reason]}
            badge={<RefundStatusBadge status={r.status} />}
          />
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
      )}
    </DetailDrawer>
  );
}
