import { randomUUID } from 'node:crypto';
import type { Transfer } from '@payos/contracts';
import { inOrder, type Queryable } from '@payos/db';
import type { Amount, Currency } from '@payos/money';
import type { AppDeps } from '../../context.js';
import type { Actor } from '../../core/actor.js';
import { invalidRequest, notFound } from '../../core/errors.js';
import { getAccountPairOrThrow } from '../accounts/accounts.service.js';
import * as ledger from '../ledger/ledger.service.js';
import { agentLimitsOf, assertCanSend } from '../limits/limits.service.js';
import * as repo from './transfers.repo.js';
import { assertAgentSendsFrom, canonicalId, presentTransfer } from './transfers.service.js';

/** The clock, and the FX rate provider the limit check converts to USD with. */
export type InternalTransferDeps = Pick<AppDeps, 'clock' | 'fx'>;

/**
 * An internal transfer: same currency, between two accounts of this tenant environment, no fee,
 * completed synchronously. The limit check (which locks the sender) and the ledger post come last,
 * so locks are held as briefly as possible.
 * Ids are compared in canonical form, so an upper-cased own id is the same account (self_transfer).
 * Errors: 400 self_transfer; 404 either account (param names it; an agent's sending account
 * must be its own); 422 account_suspended, limit_exceeded, insufficient_funds; 503 rates_unavailable.
 */
export async function createInternalTransfer(
  tx: Queryable,
  deps: InternalTransferDeps,
  actor: Actor,
  input: {
    fromAccountId: string;
    toAccountId: string;
    /** Parsed for `currency` by the caller (the route: parseAmountParam). */
    amount: Amount;
    currency: Currency;
    description?: string;
    metadata?: Record<string, string>;
  },
): Promise<Transfer> {
  const fromAccountId = canonicalId(input.fromAccountId);
  const toAccountId = canonicalId(input.toAccountId);
  if (fromAccountId === toAccountId) {
    throw invalidRequest('self_transfer', 'fromAccountId and toAccountId must be different accounts.', 'toAccountId');
  }
  assertAgentSendsFrom(actor, fromAccountId);
  const amount = input.amount;
  const [from, to] = await getAccountPairOrThrow(tx, fromAccountId, toAccountId, ['fromAccountId', 'toAccountId']);
  if (to.status === 'closed') throw notFound('account', 'toAccountId');
  const now = deps.clock.now();
  const id = randomUUID();
  // One round trip: the row and its timeline, the sender's lock and usage, then the ledger post go out
  // together and PostgreSQL runs them in that order; their outcomes are read in the same order, so a
  // limit refusal wins over a funds error as if each had been awaited. The lock is held from here to COMMIT.
  const [[transfer, events]] = await inOrder(
    Promise.all([
      repo.insertTransfer(tx, {
        tenantId: actor.tenantId,
        environment: actor.environment,
        id,
        type: 'internal',
        status: 'completed',
        from_account_id: from.id,
        to_account_id: to.id,
        amount: amount.toFixed(),
        currency: input.currency,
        total_debit: amount.toFixed(),
        description: input.description ?? null,
        metadata: input.metadata ?? {},
        initiated_by_type: actor.kind,
        initiated_by_id: actor.id,
        initiated_by_name: actor.name,
        created_at: now,
      }),
      repo.insertEvents(tx, actor, id, [
        { status: 'pending', at: now },
        { status: 'completed', at: now },
      ]),
    ]),
    assertCanSend(tx, from.id, amount, input.currency, now, {
      agent: agentLimitsOf(actor),
      excludeTransferId: id,
      rates: deps.fx.provider,
    }),
    ledger.post(tx, {
      entries: ledger.moveEntries(from.id, to.id, input.currency, amount),
      referenceType: 'transfer',
      referenceId: id,
      description: input.description ?? `Transfer to ${to.name}`,
      at: now,
    }),
  );
  return presentTransfer(transfer, events);
}
