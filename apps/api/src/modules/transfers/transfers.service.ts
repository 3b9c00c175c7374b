import { randomUUID } from 'node:crypto';
import type { List, Transfer } from '@payos/contracts';
import { inOrder, type Queryable } from '@payos/db';
import { type Currency, formatAmount, Money } from '@payos/money';
import type { AppDeps } from '../../context.js';
import type { Actor } from '../../core/actor.js';
import { parseAmountParam } from '../../core/amount.js';
import { decodeCursor, toPage } from '../../core/cursor.js';
import { invalidRequest, notFound } from '../../core/errors.js';
import { getAccountPairOrThrow } from '../accounts/accounts.service.js';
import * as ledger from '../ledger/ledger.service.js';
import { agentLimitsOf, assertCanSend } from '../limits/limits.service.js';
import * as repo from './transfers.repo.js';

type Clocked = Pick<AppDeps, 'clock'>;

/**
 * The canonical (lower-case) form of an id taken from input. The wire accepts UUIDs in either case
 * and PostgreSQL compares them canonically, but services also compare ids in TypeScript (self
 * transfers, an agent's own account, which row a lookup returned): an id that skipped this would be
 * "another account" to the code and the same one to the database.
 */
export const canonicalId = (id: string) => id.toLowerCase();
export const canonicalIdOrUndefined = (id: string | undefined) => (id === undefined ? undefined : canonicalId(id));

/** An agent acts for one account: any other sending account is, to it, one that does not exist. */
export function assertAgentSendsFrom(actor: Actor, accountId: string, param = 'fromAccountId') {
  if (actor.agent && canonicalId(actor.agent.accountId) !== canonicalId(accountId)) throw notFound('account', param);
}

const money = (value: string | null, currency: Currency | null) =>
  value === null || currency === null ? null : formatAmount(value, currency);

export function presentTransfer(t: repo.TransferRow, events: repo.TransferEventRow[]): Transfer {
  return {
    id: t.id,
    type: t.type,
    status: t.status,
    fromAccountId: t.from_account_id,
    toAccountId: t.to_account_id,
    paymentMethodId: t.payment_method_id,
    amount: formatAmount(t.amount, t.currency),
    currency: t.currency,
    fees: {
      total: formatAmount(t.fee_total, t.currency),
      breakdown: t.fees.map((f) => ({ type: f.type, amount: formatAmount(f.amount, t.currency) })),
    },
    totalDebit: formatAmount(t.total_debit, t.currency),
    destinationAmount: money(t.destination_amount, t.destination_currency),
    destinationCurrency: t.destination_currency,
    rate: t.rate === null ? null : new Money(t.rate).toString(),
    quoteId: t.quote_id,
    description: t.description,
    metadata: t.metadata,
    failureReason: t.failure_reason,
    initiatedBy: { type: t.initiated_by_type, id: t.initiated_by_id, name: t.initiated_by_name },
    timeline: events.filter((e) => e.transfer_id === t.id).map((e) => ({ status: e.status, note: e.note, at: e.at.toISOString() })),
    createdAt: t.created_at.toISOString(),
    updatedAt: t.updated_at.toISOString(),
  };
}

/**
 * An internal transfer: same currency, between two accounts of this tenant environment, no fee,
 * completed synchronously. The limit check (which locks the sender) and the ledger post come last,
 * so locks are held as briefly as possible.
 * Ids are compared in canonical form, so an upper-cased own id is the same account (self_transfer).
 * Errors: 400 self_transfer / amount; 404 either account (param names it; an agent's sending account
 * must be its own); 422 account_suspended, limit_exceeded, insufficient_funds.
 */
export async function createInternalTransfer(
  tx: Queryable,
  deps: Clocked,
  actor: Actor,
  input: {
    fromAccountId: string;
    toAccountId: string;
    amount: unknown;
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
  const amount = parseAmountParam(input.amount, input.currency);
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
    assertCanSend(tx, from.id, amount, input.currency, now, { agent: agentLimitsOf(actor), excludeTransferId: id }),
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

/** The wire transfer with its status timeline. */
export async function presentWithTimeline(tx: Queryable, transfer: repo.TransferRow): Promise<Transfer> {
  return presentTransfer(transfer, await repo.eventsOf(tx, [transfer.id]));
}

/** One page of transfers, each with its timeline (one query whatever the page size). */
export async function listPage(
  tx: Queryable,
  filter: repo.TransferFilter,
  page: { limit: number; cursor?: string },
): Promise<List<Transfer>> {
  const rows = await repo.listTransfers(tx, filter, { limit: page.limit, cursor: decodeCursor(page.cursor) });
  return toPage(rows, page.limit, (row) =>
    presentTransfer(
      row,
      row.timeline.map((e) => ({ transfer_id: row.id, status: e.status, note: e.note, at: new Date(e.at) })),
    ),
  );
}

export async function getTransferOrThrow(tx: Queryable, id: string) {
  const transfer = await repo.findTransfer(tx, canonicalId(id));
  if (!transfer) throw notFound('transfer');
  return transfer;
}
