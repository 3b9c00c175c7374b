import { randomUUID } from 'node:crypto';
import type { Queryable } from '@payos/db';
import { type Currency, formatAmount, Money } from '@payos/money';
import type { Actor, AppDeps } from '../../context.js';
import { conflict, notFound } from '../../http/errors.js';
import * as repo from './accounts.repo.js';

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505';
const emailTaken = () => conflict('account_email_taken', 'Another active account in this environment has this email.');

export function presentBalance(row: repo.BalanceRow) {
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

export function presentAccount(account: repo.AccountRow, balances: repo.BalanceRow[]) {
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

/** 404 for unknown ids, other tenants' and other environments' ids (RLS hides them) and system accounts. */
export async function getAccountOrThrow(tx: Queryable, id: string): Promise<repo.AccountRow> {
  const account = await repo.findAccount(tx, id);
  if (!account) throw notFound('account');
  return account;
}

/** Errors: 409 account_email_taken. */
export async function createAccount(
  tx: Queryable,
  deps: AppDeps,
  actor: Actor,
  input: { type: 'person' | 'business'; name: string; email?: string; country?: string; metadata?: Record<string, string> },
) {
  try {
    return await repo.insertAccount(tx, {
      tenantId: actor.tenantId,
      environment: actor.environment,
      id: randomUUID(),
      ...input,
      now: deps.clock.now(),
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

/** Errors: 404 (also for closed accounts), 409 account_email_taken. */
export async function updateAccount(
  tx: Queryable,
  deps: AppDeps,
  id: string,
  patch: { name?: string; email?: string | null; country?: string | null; metadata?: Record<string, string> },
) {
  try {
    const account = await repo.updateAccount(tx, id, patch, deps.clock.now());
    if (!account) throw notFound('account');
    return account;
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}
