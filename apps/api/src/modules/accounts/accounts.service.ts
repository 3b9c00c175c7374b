import { randomUUID } from 'node:crypto';
import type { Account, Balance, CreateAccountRequest, LedgerEntry, UpdateAccountRequest } from '@payos/contracts';
import type { Queryable } from '@payos/db';
import { type Currency, formatAmount, Money } from '@payos/money';
import type { AppDeps } from '../../context.js';
import type { Actor } from '../../core/actor.js';

/** These use-cases need only the clock, so seeding can call them outside a request. */
type Clocked = Pick<AppDeps, 'clock'>;

import type { Cursor } from '../../core/cursor.js';
import { businessRule, conflict, notFound } from '../../core/errors.js';
import { recordEvent } from '../events/events.service.js';
import * as repo from './accounts.repo.js';

export type AccountRow = repo.AccountRow;

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505';
const emailTaken = () => conflict('account_email_taken', 'Another active account in this environment has this email.');

export function presentBalance(row: repo.BalanceRow): Balance {
  const currency = row.currency as Currency;
  const total = new Money(row.available).plus(row.pending).plus(row.in_streams);
  return {
    currency,
    available: formatAmount(row.available, currency),
    pending: formatAmount(row.pending, currency),
    inStreams: formatAmount(row.in_streams, currency),
    total: formatAmount(total, currency),
  };
}

export function presentAccount(account: repo.AccountRow, balances: repo.BalanceRow[]): Account {
  return {
    id: account.id,
    environment: account.environment,
    type: account.type,
    name: account.name,
    email: account.email,
    country: account.country,
    metadata: account.metadata,
    verificationTier: account.verification_tier,
    verificationStatus: account.verification_status,
    status: account.status,
    balances: balances.filter((b) => b.account_id === account.id).map(presentBalance),
    createdAt: account.created_at.toISOString(),
    updatedAt: account.updated_at.toISOString(),
  };
}

type AccountEventType =
  | 'account.created'
  | 'account.updated'
  | 'account.verified'
  | 'account.suspended'
  | 'account.activated'
  | 'account.closed';

/**
 * Records an account's event in the change's transaction, the account presented as the API returns it
 * after the change (with its balances; a new or closed account is presented without, as its route
 * answers), and `before` for previousAttributes.
 */
async function recordAccountEvent(
  tx: Queryable,
  type: AccountEventType,
  account: repo.AccountRow,
  at: Date,
  options: { before?: repo.AccountRow; withBalances?: boolean } = {},
) {
  const balances = options.withBalances === false ? [] : await repo.balancesOf(tx, [account.id]);
  recordEvent(tx, {
    type,
    objectType: 'account',
    objectId: account.id,
    object: presentAccount(account, balances),
    previous: options.before ? presentAccount(options.before, balances) : undefined,
    at,
  });
}

/** 404 for unknown ids, other tenants' and other environments' ids (RLS hides them) and system accounts. */
export async function getAccountOrThrow(tx: Queryable, id: string, param?: string): Promise<repo.AccountRow> {
  const account = await repo.findAccount(tx, id);
  if (!account) throw notFound('account', param);
  return account;
}

/** The account and its balances. Errors: 404 as getAccountOrThrow. */
export async function getAccountWithBalancesOrThrow(tx: Queryable, id: string) {
  return withBalances(tx, await getAccountOrThrow(tx, id));
}

/** The balances of an account just read or changed, to present it with them. */
export async function withBalances(tx: Queryable, account: repo.AccountRow) {
  return { account, balances: await repo.balancesOf(tx, [account.id]) };
}

/** The per-currency balances of one account. Errors: 404 as getAccountOrThrow. */
export async function getAccountBalancesOrThrow(tx: Queryable, id: string) {
  const account = await getAccountOrThrow(tx, id);
  return repo.balancesOf(tx, [account.id]);
}

/**
 * Accounts, newest first (`limit + 1` rows, so the page knows whether there is more), with the
 * balances of the ones the page shows.
 */
export async function listAccounts(
  tx: Queryable,
  filter: { type?: string; verificationStatus?: string; search?: string; onlyId?: string },
  page: { limit: number; cursor?: Cursor },
) {
  const rows = await repo.listAccounts(tx, filter, page);
  return {
    rows,
    balances: await repo.balancesOf(
      tx,
      rows.slice(0, page.limit).map((r) => r.id),
    ),
  };
}

/** Two accounts in one query (a transfer's ends), in the order asked. Errors: 404 if either is missing. */
export async function getAccountPairOrThrow(
  tx: Queryable,
  firstId: string,
  secondId: string,
  params?: [string, string],
): Promise<[repo.AccountRow, repo.AccountRow]> {
  const rows = await repo.findAccounts(tx, [firstId, secondId]);
  const first = rows.find((a) => a.id === firstId);
  const second = rows.find((a) => a.id === secondId);
  if (!first) throw notFound('account', params?.[0]);
  if (!second) throw notFound('account', params?.[1]);
  return [first, second];
}

/** Errors: 409 account_email_taken. */
export async function createAccount(tx: Queryable, deps: Clocked, actor: Actor, input: CreateAccountRequest) {
  try {
    const now = deps.clock.now();
    const account = await repo.insertAccount(tx, {
      tenantId: actor.tenantId,
      environment: actor.environment,
      id: randomUUID(),
      ...input,
      now,
    });
    await recordAccountEvent(tx, 'account.created', account, now, { withBalances: false });
    return account;
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

/** Errors: 404 (also for closed accounts), 409 account_email_taken. */
export async function updateAccount(tx: Queryable, deps: Clocked, id: string, patch: UpdateAccountRequest) {
  try {
    const before = await repo.lockAccountForEdit(tx, id);
    if (!before || before.status === 'closed') throw notFound('account');
    const now = deps.clock.now();
    const account = await repo.updateAccount(tx, id, patch, now);
    if (!account) throw notFound('account');
    await recordAccountEvent(tx, 'account.updated', account, now, { before });
    return account;
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

async function lockOrThrow(tx: Queryable, id: string) {
  const account = await repo.lockAccount(tx, id);
  if (!account) throw notFound('account');
  return account;
}

const invalidState = (account: repo.AccountRow, action: string) =>
  businessRule(
    'invalid_state',
    `Cannot ${action} an account that is ${account.status === 'closed' ? 'closed' : account.verification_status}.`,
    {
      status: account.status,
      verificationStatus: account.verification_status,
    },
  );

/** Simulated KYC/KYB: sets the tier; tier 0 is unverified. Errors: 404, 422 invalid_state (suspended or closed). */
export async function verifyAccount(tx: Queryable, deps: Clocked, id: string, tier: number) {
  const account = await lockOrThrow(tx, id);
  if (account.status === 'closed' || account.verification_status === 'suspended') throw invalidState(account, 'verify');
  const now = deps.clock.now();
  const verified = await repo.setAccountState(
    tx,
    id,
    { verificationTier: tier, verificationStatus: tier > 0 ? 'verified' : 'unverified' },
    now,
  );
  await recordAccountEvent(tx, 'account.verified', verified, now, { before: account });
  return verified;
}

/** A suspended account keeps receiving but cannot send. Idempotent. Errors: 404, 422 invalid_state (closed). */
export async function suspendAccount(tx: Queryable, deps: Clocked, id: string) {
  const account = await lockOrThrow(tx, id);
  if (account.status === 'closed') throw invalidState(account, 'suspend');
  if (account.verification_status === 'suspended') return account;
  const now = deps.clock.now();
  const suspended = await repo.setAccountState(tx, id, { verificationStatus: 'suspended' }, now);
  await recordAccountEvent(tx, 'account.suspended', suspended, now, { before: account });
  return suspended;
}

/** Lifts a suspension; the status returns to what the tier says. Errors: 404, 422 invalid_state (not suspended). */
export async function activateAccount(tx: Queryable, deps: Clocked, id: string) {
  const account = await lockOrThrow(tx, id);
  if (account.status === 'closed' || account.verification_status !== 'suspended') throw invalidState(account, 'activate');
  const verificationStatus = account.verification_tier > 0 ? 'verified' : 'unverified';
  const now = deps.clock.now();
  const activated = await repo.setAccountState(tx, id, { verificationStatus }, now);
  await recordAccountEvent(tx, 'account.activated', activated, now, { before: account });
  return activated;
}

/**
 * Closes an account whose every balance is zero (available, pending and in streams, in every
 * currency), with no agents and no stream into or out of it that has not ended. Errors: 404; 422
 * balance_not_zero {balances}, account_has_agents, account_has_streams; 422 invalid_state (already
 * closed, unresolved disputes, a payout that may still come back).
 */
export async function closeAccount(tx: Queryable, deps: Clocked, id: string) {
  const account = await lockOrThrow(tx, id);
  if (account.status === 'closed') throw invalidState(account, 'close');
  const nonZero = (await repo.balancesOf(tx, [id])).filter((b) => !new Money(b.available).plus(b.pending).plus(b.in_streams).isZero());
  if (nonZero.length > 0) {
    throw businessRule('balance_not_zero', 'Only an account with a zero total balance in every currency can be closed.', {
      balances: nonZero.map(presentBalance),
    });
  }
  const agents = await repo.countAgentsOfAccount(tx, id);
  if (agents > 0) {
    throw businessRule('account_has_agents', 'Delete this account’s agents before closing it.', { agents });
  }
  // A stream into it (even one waiting for approval) would pay into a closed account.
  const streams = await repo.countLiveStreamsOfAccount(tx, id);
  if (streams > 0) {
    throw businessRule('account_has_streams', 'This account sends or receives streams that have not ended: cancel them first.', {
      streams,
    });
  }
  // A dispute it opened may still refund it, and a payout its rail may still send back needs it open to be credited.
  const disputes = await repo.openDisputesOfClaimant(tx, id);
  if (disputes.length > 0) {
    throw businessRule('invalid_state', 'This account has unresolved disputes that may refund it; resolve them first.', { disputes });
  }
  const returnCheck = await repo.lastReturnCheckOf(tx, id);
  if (returnCheck) {
    throw businessRule(
      'invalid_state',
      'A payout of this account may still come back from its rail (its provider is asked at returnCheckAt); close it after that.',
      {
        returnCheckAt: returnCheck.toISOString(),
      },
    );
  }
  const now = deps.clock.now();
  const closed = await repo.setAccountState(tx, id, { status: 'closed' }, now);
  await recordAccountEvent(tx, 'account.closed', closed, now, { before: account, withBalances: false });
  return closed;
}

/** The account's ledger entries, newest first (`limit + 1` rows). Errors: 404 as getAccountOrThrow. */
export async function listLedgerEntries(
  tx: Queryable,
  id: string,
  filter: { currency?: string; from?: Date; to?: Date },
  page: { limit: number; afterSeq?: string },
) {
  const account = await getAccountOrThrow(tx, id);
  return repo.listLedgerEntries(tx, account.id, filter, page);
}

const PART_NAMES = { available: 'available', pending: 'pending', in_streams: 'inStreams' } as const;

export const presentLedgerEntry = (e: repo.LedgerEntryRow): LedgerEntry => {
  const currency = e.currency as Currency;
  return {
    id: e.id,
    transactionId: e.transaction_id,
    accountId: e.account_id,
    currency,
    part: PART_NAMES[e.part],
    amount: formatAmount(e.amount, currency),
    balanceAfter: formatAmount(e.balance_after, currency),
    referenceType: e.reference_type,
    referenceId: e.reference_id,
    description: e.description,
    createdAt: e.created_at.toISOString(),
  };
};
