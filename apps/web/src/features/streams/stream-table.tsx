'use client';

import type { Stream } from '@payos/contracts';
import { type ColumnDef, DataTable } from '@payos/ui';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Amount } from '@/components/amount';
import { HealthBadge, runway, StreamStatusBadge } from './stream-badges';

const COLUMNS = (t: ReturnType<typeof useTranslations<'streams.table'>>): ColumnDef<Stream, unknown>[] => [
  {
    id: 'description',
    header: t('stream'),
    meta: { mobile: 'primary' },
    cell: ({ row: { original: s } }) => (
      <Link
        href={`/streams/${s.id}`}
        className="font-medium hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
      >
        {s.description ?? t('moneyStream')}
        {s.category ? <span className="block text-xs font-normal text-muted-foreground">{s.category}</span> : null}
      </Link>
    ),
  },
  {
    id: 'rate',
    header: t('perMonth'),
    meta: { align: 'right', className: 'tabular whitespace-nowrap', mobile: 'amount' },
    cell: ({ row }) => <Amount value={row.original.ratePerMonth} currency={row.original.currency} />,
  },
  {
    id: 'streamed',
    header: t('streamed'),
    meta: { align: 'right', className: 'tabular whitespace-nowrap' },
    cell: ({ row }) => <Amount value={row.original.streamed} currency={row.original.currency} />,
  },
  {
    id: 'runway',
    header: t('runway'),
    meta: { className: 'whitespace-nowrap text-muted-foreground', mobile: 'hidden' },
    cell: ({ row: { original: s } }) => (s.status === 'active' || s.status === 'paused' ? runway(s.runwaySeconds) : '—'),
  },
  {
    id: 'health',
    header: t('health'),
    cell: ({ row }) =>
      row.original.status === 'active' || row.original.status === 'paused' ? <HealthBadge health={row.original.health} /> : null,
  },
  { id: 'status', header: t('status'), meta: { mobile: 'status' }, cell: ({ row }) => <StreamStatusBadge status={row.original.status} /> },
];

export function StreamTable({ streams }: { streams: Stream[] }) {
  const t = useTranslations('streams.table');
  return <DataTable columns={COLUMNS(t)} data={streams} getRowId={(s) => s.id} />;
}
