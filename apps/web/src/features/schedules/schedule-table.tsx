'use client';

import type { ScheduledTransfer } from '@payos/contracts';
import { Badge, type ColumnDef, DataTable, type Tone } from '@payos/ui';
import { useTranslations } from 'next-intl';
import { Amount } from '@/components/amount';
import { labelsOf, translate } from '@/i18n/active';
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
export const SCHEDULE_STATUS_LABELS: Readonly<Record<ScheduledTransfer['status'], string>> = labelsOf('schedules.status', [
  'requires_approval',
  'active',
  'paused',
  'completed',
  'cancelled',
  'denied',
  'expired',
]);

/** "monthly", "every 2 × weekly" — in the page's language. */
export function describeRule(s: Pick<ScheduledTransfer, 'frequency' | 'interval'>): string {
  const t = translate('schedules');
  const frequency = t(`frequency.${s.frequency}`);
  return s.frequency !== 'once' && s.interval > 1 ? t('every', { interval: s.interval, frequency }) : frequency;
}

export const ScheduleStatusBadge = ({ status }: { status: ScheduledTransfer['status'] }) => (
  <Badge tone={TONE[status]}>{SCHEDULE_STATUS_LABELS[status]}</Badge>
);

function columns(
  onOpen: (id: string) => void,
  t: ReturnType<typeof useTranslations<'schedules.table'>>,
): ColumnDef<ScheduledTransfer, unknown>[] {
  return [
    {
      id: 'description',
      header: t('schedule'),
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
          {s.description ?? t('scheduledTransfer')}
          <span className="block text-xs font-normal text-muted-foreground">{s.paymentMethodId ? t('payout') : t('internal')}</span>
        </button>
      ),
    },
    { id: 'rule', header: t('repeats'), meta: { className: 'text-muted-foreground' }, cell: ({ row }) => describeRule(row.original) },
    {
      id: 'amount',
      header: t('amount'),
      meta: { align: 'right', className: 'tabular whitespace-nowrap', mobile: 'amount' },
      cell: ({ row }) => <Amount value={row.original.amount} currency={row.original.currency} />,
    },
    {
      id: 'next',
      header: t('nextRun'),
      meta: { className: 'whitespace-nowrap text-muted-foreground' },
      cell: ({ row: { original: s } }) =>
        s.nextRunAt ? dateTime(s.nextRunAt) : s.upcomingRuns[0] ? date(`${s.upcomingRuns[0]}T12:00:00Z`) : '—',
    },
    {
      id: 'runs',
      header: t('runs'),
      meta: { align: 'right', className: 'tabular', mobile: 'hidden' },
      cell: ({ row }) => row.original.occurrencesRun,
    },
    {
      id: 'status',
      header: t('status'),
      meta: { mobile: 'status' },
      cell: ({ row }) => <ScheduleStatusBadge status={row.original.status} />,
    },
  ];
}

export function ScheduleTable({ schedules, onOpen }: { schedules: ScheduledTransfer[]; onOpen: (id: string) => void }) {
  const t = useTranslations('schedules.table');
  return <DataTable columns={columns(onOpen, t)} data={schedules} getRowId={(s) => s.id} onRowClick={(s) => onOpen(s.id)} />;
}
