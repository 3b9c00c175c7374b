import type { Refund, RefundStatus } from '@payos/contracts';
import { Money } from '@payos/money';

/** Per currency: what succeeded refunds gave back, what pending ones will, as decimal strings. */
export type RefundTotals = { currency: string; refunded: string; pending: string };

export type RefundSummary = {
  /** Currencies in the order first met (the list is newest first). */
  totals: RefundTotals[];
  counts: Record<RefundStatus, number> & { all: number };
};

/** Adds refunds up per currency in decimal arithmetic (never floating point); amounts are never added across currencies. */
export function summarizeRefunds(refunds: readonly Pick<Refund, 'amount' | 'currency' | 'status'>[]): RefundSummary {
  const sums = new Map<string, { refunded: InstanceType<typeof Money>; pending: InstanceType<typeof Money> }>();
  const counts = { all: 0, pending: 0, succeeded: 0, failed: 0 };
  for (const r of refunds) {
    counts.all += 1;
    counts[r.status] += 1;
    const sum = sums.get(r.currency) ?? { refunded: new Money(0), pending: new Money(0) };
    if (r.status === 'succeeded') sum.refunded = sum.refunded.plus(r.amount);
    if (r.status === 'pending') sum.pending = sum.pending.plus(r.amount);
    sums.set(r.currency, sum);
  }
  const totals = [...sums].map(([currency, s]) => ({ currency, refunded: s.refunded.toFixed(), pending: s.pending.toFixed() }));
  return { totals, counts };
}
