import { randomUUID } from 'node:crypto';
import type { Deposit } from '@payos/contracts';
import type { Queryable } from '@payos/db';
import { type Amount, type Currency, formatAmount } from '@payos/money';
import type { AppDeps } from '../../context.js';
import type { Actor } from '../../core/actor.js';

/** These use-cases need only the clock, so seeding can call them outside a request. */
type Clocked = Pick<AppDeps, 'clock'>;

import type { Cursor } from '../../core/cursor.js';
import { getAccountOrThrow } from '../accounts/accounts.service.js';
import { systemAccountId } from '../ledger/ledger.repo.js';
import * as ledger from '../ledger/ledger.service.js';
import { recordEvent } from '../events/events.service.js';
import * as repo from './deposits.repo.js';

export const presentDeposit = (d: repo.DepositRow): Deposit => ({
  id: d.id,
  accountId: d.account_id,
  amount: formatAmount(d.amount, d.currency),
  currency: d.currency,
  status: d.status,
  ledgerTransactionId: d.ledger_transaction_id,
  createdAt: d.created_at.toISOString(),
});

/**
 * Money arriving from outside (a simulated on-ramp): funding → the account's available balance,
 * in one ledger transaction written with the deposit. Idempotent through Idempotency-Key.
 * The amount is parsed for its currency by the caller (the route: parseAmountParam).
 * Errors: 404 account (unknown, other tenant/environment, closed).
 */
export async function createDeposit(
  tx: Queryable,
  deps: Clocked,
  actor: Actor,
  input: { accountId: string; amount: Amount; currency: Currency },
) {
  const { amount } = input;
  const account = await getAccountOrThrow(tx, input.accountId.toLowerCase(), 'accountId');
  const id = randomUUID();
  const now = deps.clock.now();
  const funding = await systemAccountId(tx, 'funding');
  const { transactionId } = await ledger.post(tx, {
    entries: ledger.moveEntries(funding, account.id, input.currency, amount),
    referenceType: 'deposit',
    referenceId: id,
    description: `Deposit to ${account.name}`,
    at: now,
  });
  const deposit = await repo.insertDeposit(tx, {
    tenantId: actor.tenantId,
    environment: actor.environment,
    id,
    accountId: account.id,
    amount: amount.toFixed(),
    currency: input.currency,
    ledgerTransactionId: transactionId,
    now,
  });
  // A deposit completes when it is created (the on-ramp is simulated).
  recordEvent(tx, { type: 'deposit.completed', objectType: 'deposit', objectId: deposit.id, object: presentDeposit(deposit), at: now });
  return deposit;
}

/** Deposits, newest first: `limit + 1` rows, so the page knows whether there is more. */
export function listDeposits(tx: Queryable, filter: { accountId?: string }, page: { limit: number; cursor?: Cursor }) {
  return repo.listDeposits(tx, filter, page);
}
