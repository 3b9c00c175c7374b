import type { Approval, ApprovalObjectType, ScheduledTransfer } from '@payos/contracts';
import { type Amount, Money } from '@payos/money';

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

const PLURALS: Record<ApprovalObjectType, [string, string]> = {
  transfer: ['transfer', 'transfers'],
  schedule: ['schedule', 'schedules'],
  stream: ['stream', 'streams'],
};

/** "3 transfers, 1 schedule, 1 stream": how many of each kind wait (kinds with none left out); "" for none. */
export function countByType(approvals: readonly Pick<Approval, 'objectType'>[]): string {
  return (Object.keys(PLURALS) as ApprovalObjectType[])
    .map((type) => [type, approvals.filter((a) => a.objectType === type).length] as const)
    .filter(([, count]) => count > 0)
    .map(([type, count]) => `${count} ${PLURALS[type][count === 1 ? 0 : 1]}`)
    .join(', ');
}

const UNITS = { daily: ['Daily', 'day'], weekly: ['Weekly', 'week'], monthly: ['Monthly', 'month'] } as const;

/** A schedule's rule in words: "Once", "Monthly", "Every 3 months", "Every 2 weeks" (biweekly), "Every 4 weeks". */
export function cadence(s: Pick<ScheduledTransfer, 'frequency' | 'interval'>): string {
  if (s.frequency === 'once') return 'Once';
  if (s.frequency === 'biweekly') return `Every ${2 * s.interval} weeks`;
  const [every, unit] = UNITS[s.frequency];
  return s.interval > 1 ? `Every ${s.interval} ${unit}s` : every;
}

/** When a schedule stops: "on Dec 31, 2027", "after 12 runs", or null when it goes on until cancelled. */
export function scheduleEnd(s: Pick<ScheduledTransfer, 'frequency' | 'endDate' | 'maxOccurrences'>, formatDate: (d: string) => string) {
  if (s.frequency === 'once') return 'after its one run';
  if (s.endDate && s.maxOccurrences) return `on ${formatDate(s.endDate)} or after ${s.maxOccurrences} runs, whichever comes first`;
  if (s.endDate) return `on ${formatDate(s.endDate)}`;
  if (s.maxOccurrences) return `after ${s.maxOccurrences} run${s.maxOccurrences === 1 ? '' : 's'}`;
  return null;
}
