import type { Approval } from '@payos/contracts';
import { type Amount, Money } from '@payos/money';

/** What the waiting transfers hold, per currency (amount plus fees, as the sender's pending balance shows), in decimal arithmetic. */
export function heldByCurrency(approvals: readonly Pick<Approval, 'transfer'>[]): { currency: string; amount: string }[] {
  const totals = new Map<string, Amount>();
  for (const { transfer } of approvals) {
    totals.set(transfer.currency, (totals.get(transfer.currency) ?? new Money(0)).plus(transfer.totalDebit));
  }
  return [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount: amount.toFixed() }));
}
