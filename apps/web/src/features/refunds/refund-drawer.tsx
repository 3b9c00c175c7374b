'use client';

import type { Refund } from '@payos/contracts';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { DetailDrawer, DrawerHeading, DetailRow as Row } from '@/components/detail-drawer';
import { useEnvironment } from '@/lib/environment';
import { failureReasonText } from '@/lib/failure-words';
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
  const t = useTranslations('refunds.drawer');
  const tt = useTranslations('transfers.actor');
  return (
    <DetailDrawer title={t('title')} open={Boolean(id)} onClose={onClose} query={query}>
      {(r) => (
        <div className="grid grid-cols-1 gap-6">
          <DrawerHeading
            amount={money(r.amount, r.currency)}
            subtitle={REFUND_REASON_LABELS[r.reason]}
            badge={<RefundStatusBadge status={r.status} />}
          />
          <dl className="divide-y divide-border">
            <Row label={t('transfer')}>
              <Link href={`/transfers?transfer=${r.transferId}`} className="text-primary hover:underline">
                {t('viewTransfer')}
              </Link>
            </Row>
            <Row label={t('paidBy')}>
              <AccountName id={r.fromAccountId} />
            </Row>
            <Row label={t('paidTo')}>
              <AccountName id={r.toAccountId} />
            </Row>
            {r.reasonDetails ? <Row label={t('details')}>{r.reasonDetails}</Row> : null}
            {r.failureReason ? <Row label={t('failureReason')}>{failureReasonText(r.failureReason)}</Row> : null}
            <Row label={t('initiatedBy')}>
              {r.initiatedBy.name ?? tt(r.initiatedBy.type)} <span className="text-muted-foreground">({tt(r.initiatedBy.type)})</span>
            </Row>
            <Row label={t('created')}>{dateTime(r.createdAt)}</Row>
            {r.updatedAt !== r.createdAt ? <Row label={t('updated')}>{dateTime(r.updatedAt)}</Row> : null}
            <Row label={t('id')}>
              <code className="text-xs">{r.id}</code>
            </Row>
            <Row label={t('events')}>
              <Link href={`/events?objectId=${r.id}`} className="text-primary hover:underline">
                {t('everyEvent')}
              </Link>
            </Row>
          </dl>
        </div>
      )}
    </DetailDrawer>
  );
}
