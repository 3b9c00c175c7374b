'use client';

import type { Refund } from '@payos/contracts';
import { type ColumnDef, DataTable } from '@payos/ui';
import { Amount } from '@/components/amount';
import { translate } from '@/i18n/active';
import { dateTime, shortId } from '@/lib/format';
import { REFUND_REASON_LABELS, RefundStatusBadge } from './status';

function columns(onOpen: (id: string) => void, accountName: (id: string) => string): ColumnDef<Refund, unknown>[] {
  return [
    {
      id: 'amount',
      header: translate('tables')('amount'),
      meta: { className: 'tabular whitespace-nowrap', mobile: 'amount' },
      cell: ({ row: { original: r } }) => (
        <button
          type="button"
          className="text-left font-medium hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
          onClick={(e) => {
            e.stopPropagation();
            onOpen(r.id);
          }}
        >
          <Amount value={r.amount} currency={r.currency} />
        </button>
      ),
    },
    {
      id: 'reason',
      header: translate('tables')('reason'),
      meta: { className: 'max-w-56 truncate', mobile: 'primary' },
      cell: ({ row: { original: r } }) => REFUND_REASON_LABELS[r.reason],
    },
    {
      id: 'accounts',
      header: translate('tables')('fromTo'),
      meta: { className: 'max-w-64 truncate text-muted-foreground' },
      cell: ({ row: { original: r } }) => `${accountName(r.fromAccountId)} → ${accountName(r.toAccountId)}`,
    },
    {
      id: 'status',
      header: translate('tables')('status'),
      meta: { mobile: 'status' },
      cell: ({ row: { original: r } }) => <RefundStatusBadge status={r.status} />,
    },
    {
      id: 'created',
      header: translate('tables')('created'),
      meta: { className: 'whitespace-nowrap text-muted-foreground', mobile: 'hidden' },
      cell: ({ row: { original: r } }) => dateTime(r.createdAt),
    },
  ];
}

/** Refunds, newest first; a row opens the refund. Account names come from `names` (else the id's start). */
export function RefundTable({
  refunds,
  names,
  onOpen,
}: {
  refunds: Refund[];
  names: ReadonlyMap<string, string>;
  onOpen: (id: string) => void;
}) {
  const accountName = (id: string) => names.get(id) ?? `${shortId(id)}…`;
  return <DataTable columns={columns(onOpen, accountName)} data={refunds} getRowId={(r) => r.id} onRowClick={(r) => onOpen(r.id)} />;
}
