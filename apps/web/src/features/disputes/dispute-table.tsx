'use client';

import type { Dispute } from '@payos/contracts';
import { type ColumnDef, DataTable } from '@payos/ui';
import Link from 'next/link';
import { Amount } from '@/components/amount';
import { translate } from '@/i18n/active';
import { date, dateTime, shortId } from '@/lib/format';
import { dueState } from './due';
import { DISPUTE_REASON_LABELS, DisputeStatusBadge, DueBadge } from './status';

function columns(accountName: (id: string) => string, now: number): ColumnDef<Dispute, unknown>[] {
  return [
    {
      id: 'amount',
      header: translate('tables')('disputed'),
      meta: { className: 'tabular whitespace-nowrap', mobile: 'amount' },
      cell: ({ row: { original: d } }) => (
        <Link
          href={`/disputes/${d.id}`}
          className="font-medium hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
          onClick={(e) => e.stopPropagation()}
        >
          <Amount value={d.amountDisputed} currency={d.currency} />
        </Link>
      ),
    },
    {
      id: 'reason',
      header: translate('tables')('reason'),
      meta: { className: 'max-w-48 truncate', mobile: 'primary' },
      cell: ({ row: { original: d } }) => DISPUTE_REASON_LABELS[d.reason],
    },
    {
      id: 'accounts',
      header: translate('tables')('claimantRespondent'),
      meta: { className: 'max-w-64 truncate text-muted-foreground' },
      cell: ({ row: { original: d } }) => `${accountName(d.claimantAccountId)} → ${accountName(d.respondentAccountId)}`,
    },
    {
      id: 'status',
      header: translate('tables')('status'),
      meta: { mobile: 'status' },
      cell: ({ row: { original: d } }) => <DisputeStatusBadge status={d.status} />,
    },
    {
      id: 'due',
      header: translate('tables')('responseDue'),
      meta: { className: 'whitespace-nowrap' },
      cell: ({ row: { original: d } }) => (
        <span className="flex items-center gap-2">
          <span className="text-muted-foreground">{date(d.dueAt)}</span>
          <DueBadge due={dueState(d, now)} />
        </span>
      ),
    },
    {
      id: 'created',
      header: translate('tables')('opened'),
      meta: { className: 'whitespace-nowrap text-muted-foreground', mobile: 'hidden' },
      cell: ({ row: { original: d } }) => dateTime(d.createdAt),
    },
  ];
}

/** The disputes queue, newest first; a row opens the dispute's page. Account names from `names` (else the id's start). */
export function DisputeTable({
  disputes,
  names,
  onOpen,
}: {
  disputes: Dispute[];
  names: ReadonlyMap<string, string>;
  onOpen: (id: string) => void;
}) {
  const accountName = (id: string) => names.get(id) ?? `${shortId(id)}…`;
  return <DataTable columns={columns(accountName, Date.now())} data={disputes} getRowId={(d) => d.id} onRowClick={(d) => onOpen(d.id)} />;
}
