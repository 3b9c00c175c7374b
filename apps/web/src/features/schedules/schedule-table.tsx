'use client';

import type { ScheduledTransfer } from '@payos/contracts';
import { Badge, type ColumnDef, DataTable, type Tone } from '@payos/ui';
import { Amount } from '@/components/amount';
import { date, dateTime } from '@/lib/format';

const TONE: Record<ScheduledTransfer['status'], Tone> = {
  requires_approval: 'amber',
  active: 'green',
  paused: 'amber',
  completed: 'neutral',
  cancelled: 'red',
  denied: 'red',
  expired: 'neutral',
};

/** A status as people read it: `requires_approval` is "Waiting for approval" (an approval policy matched at creation). */
export const SCHEDULE_STATUS_LABELS: Record<ScheduledTransfer['status'], string> = {
  requires_approval: 'Waiting for approval',
  active: 'active',
  paused: 'paused',
  completed: 'completed',
  cancelled: 'cancelled',
  denied: 'denied',
  expired: 'expired',
};

export const describeRule = (s: Pick<ScheduledTransfer, 'frequency' | 'interval'>) =>
  s.frequency === 'once' ? 'once' : s.interval > 1 ? `every ${s.interval} × ${s.frequency}` : s.frequency;

export const ScheduleStatusBadge = ({ status }: { status: ScheduledTransfer['status'] }) => (
  <Badge tone={TONE[status]}>{SCHEDULE_STATUS_LABELS[status]}</Badge>
);

function columns(onOpen: (id: string) => void): ColumnDef<ScheduledTransfer, unknown>[] {
  return [
    {
      id: 'description',
      header: 'Schedule',
      meta: { mobile: 'primary' },
      cell: ({ row: { original: s } }) => (
        <button
          type="button"
          className="text-left font-medium hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
          onClick={(e) => {
            e.stopPropagation();
            onOpen(s.id);
          }}
        >
          {s.description ?? 'Scheduled transfer'}
          <span className="block text-xs font-normal text-muted-foreground">{s.paymentMethodId ? 'payout' : 'internal'}</span>
        </button>
      ),
    },
    { id: 'rule', header: 'Repeats', meta: { className: 'text-muted-foreground' }, cell: ({ row }) => describeRule(row.original) },
    {
      id: 'amount',
      header: 'Amount',
      meta: { align: 'right', className: 'tabular whitespace-nowrap', mobile: 'amount' },
      cell: ({ row }) => <Amount value={row.original.amount} currency={row.original.currency} />,
    },
    {
      id: 'next',
      header: 'Next run',
      meta: { className: 'whitespace-nowrap text-muted-foreground' },
      cell: ({ row: { original: s } }) =>
        s.nextRunAt ? dateTime(s.nextRunAt) : s.upcomingRuns[0] ? date(`${s.upcomingRuns[0]}T12:00:00Z`) : '—',
    },
    {
      id: 'runs',
      header: 'Runs',
      meta: { align: 'right', className: 'tabular', mobile: 'hidden' },
      cell: ({ row }) => row.original.occurrencesRun,
    },
    { id: 'status', header: 'Status', meta: { mobile: 'status' }, cell: ({ row }) => <ScheduleStatusBadge status={row.original.status} /> },
  ];
}

export function ScheduleTable({ schedules, onOpen }: { schedules: ScheduledTransfer[]; onOpen: (id: string) => void }) {
  return <DataTable columns={columns(onOpen)} data={schedules} getRowId={(s) => s.id} onRowClick={(s) => onOpen(s.id)} />;
}
