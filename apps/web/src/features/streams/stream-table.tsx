'use client';

import type { Stream } from '@payos/contracts';
import { type ColumnDef, DataTable } from '@payos/ui';
import Link from 'next/link';
import { Amount } from '@/components/amount';
import { HealthBadge, runway, StreamStatusBadge } from './stream-badges';

const COLUMNS: ColumnDef<Stream, unknown>[] = [
  {
    id: 'description',
    header: 'Stream',
    meta: { mobile: 'primary' },
    cell: ({ row: { original: s } }) => (
      <Link
        href={`/streams/${s.id}`}
        className="font-medium hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
      >
        {s.description ?? 'Money stream'}
        {s.category ? <span className="block text-xs font-normal text-muted-foreground">{s.category}</span> : null}
      </Link>
    ),
  },
  {
    id: 'rate',
    header: 'Per month',
    meta: { align: 'right', className: 'tabular whitespace-nowrap', mobile: 'amount' },
    cell: ({ row }) => <Amount value={row.original.ratePerMonth} currency={row.original.currency} />,
  },
  {
    id: 'streamed',
    header: 'Streamed',
    meta: { align: 'right', className: 'tabular whitespace-nowrap' },
    cell: ({ row }) => <Amount value={row.original.streamed} currency={row.original.currency} />,
  },
  {
    id: 'runway',
    header: 'Runway',
    meta: { className: 'whitespace-nowrap text-muted-foreground', mobile: 'hidden' },
    cell: ({ row: { original: s } }) => (s.status === 'active' || s.status === 'paused' ? runway(s.runwaySeconds) : '—'),
  },
  {
    id: 'health',
    header: 'Health',
    cell: ({ row }) =>
      row.original.status === 'active' || row.original.status === 'paused' ? <HealthBadge health={row.original.health} /> : null,
  },
  { id: 'status', header: 'Status', meta: { mobile: 'status' }, cell: ({ row }) => <StreamStatusBadge status={row.original.status} /> },
];

export function StreamTable({ streams }: { streams: Stream[] }) {
  return <DataTable columns={COLUMNS} data={streams} getRowId={(s) => s.id} />;
}
