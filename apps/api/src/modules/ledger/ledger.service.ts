import { randomUUID } from 'node:crypto';
import type { Queryable } from '@payos/db';
import { type Amount, type Currency, Money, scaleOf } from '@payos/money';
import { money } from '../../core/amount.js';
import { businessRule, notFound } from '../../core/errors.js';
import * as repo from './ledger.repo.js';

export type BalancePart = repo.BalancePart;
export type LedgerEntry = { accountId: string; currency: Currency; part: BalancePart; amount: Amount };
export type PostInput = {
  entries: LedgerEntry[];
  referenceType: string;
  referenceId?: string;
  description?: string;
  /** The business time of the movement (the injected clock), stamped on the transaction and its entries. */
  at: Date;
};

/** Our invariants, asserted before the database asserts them again: non-zero, in scale, zero-sum per currency. */
export function assertBalanced(entries: readonly LedgerEntry[]) {
  if (entries.length === 0) throw new Error('ledger: a transaction needs entries');
  const sums = new Map<Currency, Amount>();
  for (const entry of entries) {
    if (entry.amount.isZero()) throw new Error('ledger: zero-amount entry');
    if (entry.amount.decimalPlaces() > scaleOf(entry.currency)) throw new Error(`ledger: ${entry.currency} amount beyond scale`);
    sums.set(entry.currency, (sums.get(entry.currency) ?? new Money(0)).plus(entry.amount));
  }
  for (const [currency, sum] of sums) {
    if (!sum.isZero()) throw new Error(`ledger: ${currency} entries sum to ${sum.toString()}, not zero`);
  }
}

type DbError = { code?: string; detail?: string };

/**
 * Writes one ledger transaction atomically with the caller's transaction: balances locked in a fixed
 * order, every part kept non-negative, balanceAfter stored on each entry.
 * Errors: 422 insufficient_funds {accountId, currency, available, required}; 404 if an account is
 * not in this tenant environment or is closed.
 */
export async function post(tx: Queryable, input: PostInput): Promise<{ transactionId: string }> {
  const posted = postedTransaction(input);
  try {
    await repo.postTransactions(tx, [posted]);
  } catch (error) {
    const { code, detail } = error as DbError;
    if (code === 'PY001' && detail) throw insufficientFunds(JSON.parse(detail) as Shortfall);
    if (code === 'PY002') throw notFound('account');
    throw error;
  }
  return { transactionId: posted.id };
}

/**
 * post() for movements already checked under the locks they need (a batch: see
 * transfers/internal.service.ts), in order, all at one time, in one statement sent with the next
 * statement or COMMIT, without a round trip. The database checks them again; a refusal rolls the
 * whole transaction back, so it must never happen.
 */
export function postManyOnCommit(tx: Queryable, inputs: readonly PostInput[]): { transactionId: string }[] {
  if (inputs.length === 0) return [];
  const posted = inputs.map(postedTransaction);
  repo.postTransactionsOnCommit(tx, posted);
  return posted.map((p) => ({ transactionId: p.id }));
}

function postedTransaction(input: PostInput): repo.PostedTransaction {
  assertBalanced(input.entries);
  return {
    id: randomUUID(),
    referenceType: input.referenceType,
    referenceId: input.referenceId ?? null,
    description: input.description ?? null,
    entries: input.entries,
    at: input.at,
  };
}

/** What a balance part lacks for a movement (ledger_post's PY001 detail, or a batch's own decision). */
export type Shortfall = { accountId: string; currency: Currency; part: BalancePart; available: string; required: string };

/** 422 insufficient_funds {accountId, currency, available, required}, the amounts in the currency's scale. */
export const insufficientFunds = (short: Shortfall) =>
  businessRule('insufficient_funds', `Insufficient ${short.part} ${short.currency} balance.`, {
    accountId: short.accountId,
    currency: short.currency,
    available: money(String(short.available), short.currency),
    required: money(String(short.required), short.currency),
  });

const entry = (accountId: string, currency: Currency, part: BalancePart, amount: Amount): LedgerEntry => ({
  accountId,
  currency,
  part,
  amount,
});

/** available(from) → available(to). */
export const moveEntries = (from: string, to: string, currency: Currency, amount: Amount) => [
  entry(from, currency, 'available', amount.neg()),
  entry(to, currency, 'available', amount),
];

/** Hold: available → pending on one account (money in flight). */
export const holdEntries = (accountId: string, currency: Currency, amount: Amount) => [
  entry(accountId, currency, 'available', amount.neg()),
  entry(accountId, currency, 'pending', amount),
];

/** Void: pending → available (a held movement that did not happen). */
export const voidEntries = (accountId: string, currency: Currency, amount: Amount) => [
  entry(accountId, currency, 'pending', amount.neg()),
  entry(accountId, currency, 'available', amount),
];

/** Post a hold: pending(from) → available of each destination; the parts must add up to the hold. */
export const settleHoldEntries = (from: string, currency: Currency, destinations: { accountId: string; amount: Amount }[]) => {
  const total = destinations.reduce((sum, d) => sum.plus(d.amount), new Money(0));
  return [entry(from, currency, 'pending', total.neg()), ...destinations.map((d) => entry(d.accountId, currency, 'available', d.amount))];
};

/**
 * The ledger verification of GET /v1/ledger/verification (one tenant environment, under withTenant)
 * and of `npm run ledger:verify` (every tenant, as the owner role).
 */
export function verifyLedger(tx: Queryable, maxDiscrepancies?: number) {
  return repo.verifyLedger(tx, maxDiscrepancies);
}
