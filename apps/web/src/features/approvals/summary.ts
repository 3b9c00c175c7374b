import type { Approval, ApprovalObjectType, ScheduledTransfer } from '@payos/contracts';
import { type Amount, Money } from '@payos/money';
import { translate } from '@/i18n/active';

/**
 * What the waiting objects keep from their senders, per currency, in decimal arithmetic: a transfer's
 * hold (amount plus fees, as the sender's pending balance shows) and a stream's funding (moved into the
 * stream at creation, flowing only once approved). A schedule holds nothing until it runs.
 */
export function heldByCurrency(approvals: readonly Pick<Approval, 'transfer' | 'stream'>[]): { currency: string; amount: string }[] {
  const totals = new Map<string, Amount>();
  const add = (currency: string, amount: string) => totals.set(currency, (totals.get(currency) ?? new Money(0)).plus(amount));
  for (const { transfer, stream } of approvals) {
    if (transfer) add(transfer.currency, transfer.totalDebit);
    if (stream) add(stream.currency, stream.funded);
  }
  return [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount: amount.toFixed() }));
}

/** "3 transfers, 1 schedule, 1 stream": how many of each kind wait (kinds with none left out); "" for none. */
export function countByType(approvals: readonly Pick<Approval, 'objectType'>[]): string {
  const t = translate('approvals');
  return (['transfer', 'schedule', 'stream'] as const satisfies readonly ApprovalObjectType[])
    .map((type) => [type, approvals.filter((a) => a.objectType === type).length] as const)
    .filter(([, count]) => count > 0)
    .map(([type, count]) => t('summary.count', { type, count }))
    .join(t('summary.separator'));
}

/** A schedule's rule in words: "Once", "Monthly", "Every 3 months", "Every 2 weeks" (biweekly), "Every 4 weeks". */
export function cadence(s: Pick<ScheduledTransfer, 'frequency' | 'interval'>): string {
  const t = translate('approvals');
  if (s.frequency === 'once') return t('summary.once');
  if (s.frequency === 'biweekly') return t('summary.every', { unit: 'week', count: 2 * s.interval });
  const unit = ({ daily: 'day', weekly: 'week', monthly: 'month' } as const)[s.frequency];
  return s.interval > 1 ? t('summary.every', { unit, count: s.interval }) : t('summary.each', { unit });
}

/** When a schedule stops: "on Dec 31, 2027", "after 12 runs", or null when it goes on until cancelled. */
export function scheduleEnd(s: Pick<ScheduledTransfer, 'frequency' | 'endDate' | 'maxOccurrences'>, formatDate: (d: string) => string) {
  const t = translate('approvals');
  if (s.frequency === 'once') return t('summary.afterOne');
  if (s.endDate && s.maxOccurrences) return t('summary.onOrAfter', { date: formatDate(s.endDate), count: s.maxOccurrences });
  if (s.endDate) return t('summary.on', { date: formatDate(s.endDate) });
  if (s.maxOccurrences) return t('summary.after', { count: s.maxOccurrences });
  return null;
}
