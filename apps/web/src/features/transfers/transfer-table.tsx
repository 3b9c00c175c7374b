'use client';

import type { Transfer } from '@payos/contracts';
import { Badge, type ColumnDef, DataTable } from '@payos/ui';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Amount } from '@/components/amount';
import { dateTime } from '@/lib/format';
import { Recipient } from './recipient';
import { TransferStatusBadge } from './status';

type Translate = ReturnType<typeof useTranslations<'transfers'>>;

function columns(onOpen: (id: string) => void, m: Translate): ColumnDef<Transfer, unknown>[] {
  return [
    {
      id: 'description',
      header: m('table.description'),
      meta: { className: 'max-w-64', mobile: 'primary' },
      cell: ({ row: { original: t } }) => (
        <>
          <button
            type="button"
            className="inline-block min-h-6 max-w-64 truncate align-bottom max-sm:max-w-full text-left font-medium hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
            onClick={(e) => {
              e.stopPropagation();
              onOpen(t.id);
            }}
          >
            {t.description ?? (t.type === 'payout' ? m('table.payout') : m('table.transfer'))}
          </button>
          {t.initiatedBy.type === 'agent' && t.initiatedBy.id ? (
            <Link
              href={`/agents/${t.initiatedBy.id}`}
              onClick={(e) => e.stopPropagation()}
              className="ml-2 inline-flex min-h-6 items-center align-middle"
              title={m('table.initiatedByAgent', { name: t.initiatedBy.name ?? '' })}
            >
              <Badge tone="blue">{m('table.agentBadge', { name: t.initiatedBy.name ?? '' })}</Badge>
            </Link>
          ) : null}
        </>
      ),
    },
    {
      id: 'to',
      header: m('table.to'),
      meta: { className: 'max-w-56' },
      cell: ({ row: { original: t } }) => <Recipient transfer={t} />,
    },
    {
      id: 'type',
      header: m('table.type'),
      meta: { className: 'text-muted-foreground', mobile: 'hidden' },
      cell: ({ row: { original: t } }) =>
        `${m(`type.${t.type}`)}${t.destinationCurrency && t.destinationCurrency !== t.currency ? ` → ${t.destinationCurrency}` : ''}`,
    },
    {
      id: 'amount',
      header: m('table.amount'),
      meta: { align: 'right', className: 'tabular whitespace-nowrap', mobile: 'amount' },
      cell: ({ row: { original: t } }) => <Amount value={t.amount} currency={t.currency} />,
    },
    {
      id: 'status',
      header: m('table.status'),
      meta: { mobile: 'status' },
      cell: ({ row: { original: t } }) => <TransferStatusBadge status={t.status} />,
    },
    {
      id: 'created',
      header: m('table.created'),
      meta: { className: 'whitespace-nowrap text-muted-foreground' },
      cell: ({ row: { original: t } }) => dateTime(t.createdAt),
    },
  ];
}

export function TransferTable({ transfers, onOpen }: { transfers: Transfer[]; onOpen: (id: string) => void }) {
  const m = useTranslations('transfers');
  return <DataTable columns={columns(onOpen, m)} data={transfers} getRowId={(t) => t.id} onRowClick={(t) => onOpen(t.id)} />;
}
