import type { List, Transfer, TravelRule } from '@payos/contracts';
import type { Queryable } from '@payos/db';
import { type Currency, formatAmount, Money, scaleOf } from '@payos/money';
import type { AppDeps } from '../../context.js';
import type { Actor } from '../../core/actor.js';
import { decodeCursor, toPage } from '../../core/cursor.js';
import { businessRule, notFound } from '../../core/errors.js';
import { recordEvent } from '../events/events.service.js';
import * as ledger from '../ledger/ledger.service.js';
import { cancelPendingRequest } from '../approvals/approvals.repo.js';
import * as repo from './transfers.repo.js';

export type { TransferFilter } from './transfers.repo.js';

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
  value === null || currency === null ? null : amountText(value, currency);

const PLAIN_DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/**
 * formatAmount for the decimal text PostgreSQL writes (numeric(30, 8): "250.00000000"): the same
 * string, cut or padded to the currency's scale without building a Decimal (a page of transfers
 * formats a hundred of them). Anything it would have to round, and any other form, goes to
 * formatAmount, which refuses the one and reads the other.
 */
function amountText(value: string, currency: Currency): string {
  if (typeof value !== 'string' || !PLAIN_DECIMAL.test(value)) return formatAmount(value, currency);
  const scale = scaleOf(currency);
  const dot = value.indexOf('.');
  const integer = dot === -1 ? value : value.slice(0, dot);
  const fraction = dot === -1 ? '' : value.slice(dot + 1);
  if (fraction.length > scale) {
    for (let i = scale; i < fraction.length; i++) if (fraction.charCodeAt(i) !== 48) return formatAmount(value, currency);
  }
  // "-0.00" would be "0.00" as a Decimal: a negative that cuts to zero is left to formatAmount.
  const digits = fraction.length >= scale ? fraction.slice(0, scale) : fraction.padEnd(scale, '0');
  if (integer === '-0' && !/[1-9]/.test(digits)) return formatAmount(value, currency);
  return scale === 0 ? integer : `${integer}.${digits}`;
}

/** The wire transfer from its row, its timeline and its refunds (none to give when `refund_count` is 0). */
export function presentTransfer(t: repo.TransferRow, events: repo.TransferEventRow[], refunds: repo.TransferRefundRow[] = []): Transfer {
  return present(
    t,
    events.filter((e) => e.transfer_id === t.id).map((e) => ({ status: e.status, note: e.note, at: e.at.toISOString() })),
    refunds
      .filter((r) => r.transfer_id === t.id)
      .map((r) => ({
        id: r.id,
        amount: amountText(r.amount, t.currency),
        status: r.status,
        reason: r.reason,
        createdAt: r.created_at.toISOString(),
      })),
  );
}

/** What can still be refunded (see the Transfer schema's refundableAmount). */
export function refundableAmount(t: Pick<repo.TransferRow, 'type' | 'status' | 'amount' | 'refunded_amount' | 'refund_pending_amount'>) {
  if (t.type !== 'internal' || t.status !== 'completed') return new Money(0);
  return new Money(t.amount).minus(t.refunded_amount).minus(t.refund_pending_amount);
}

/** The wire transfer from its row, its timeline and its refunds, already in wire form. */
function present(t: repo.TransferRow, timeline: Transfer['timeline'], refunds: Transfer['refunds']): Transfer {
  return {
    id: t.id,
    type: t.type,
    status: t.status,
    fromAccountId: t.from_account_id,
    fromAccountName: t.from_account_name,
    toAccountId: t.to_account_id,
    paymentMethodId: t.payment_method_id,
    // In the wire's key order whatever order the row's JSON came in.
    recipient: t.recipient && { type: t.recipient.type, id: t.recipient.id, name: t.recipient.name, detail: t.recipient.detail },
    amount: amountText(t.amount, t.currency),
    currency: t.currency,
    fees: {
      total: amountText(t.fee_total, t.currency),
      breakdown: t.fees.map((f) => ({ type: f.type, amount: amountText(f.amount, t.currency) })),
    },
    totalDebit: amountText(t.total_debit, t.currency),
    destinationAmount: money(t.destination_amount, t.destination_currency),
    destinationCurrency: t.destination_currency,
    rate: t.rate === null ? null : new Money(t.rate).toString(),
    quoteId: t.quote_id,
    description: t.description,
    metadata: t.metadata,
    failureReason: t.failure_reason,
    initiatedBy: { type: t.initiated_by_type, id: t.initiated_by_id, name: t.initiated_by_name },
    refundedAmount: amountText(t.refunded_amount, t.currency),
    refundableAmount: formatAmount(refundableAmount(t), t.currency),
    refunds,
    returnDetails:
      t.return_code === null || t.returned_at === null
        ? null
        : { code: t.return_code, reason: t.return_reason ?? '', returnedAt: t.returned_at.toISOString() },
    travelRule: presentTravelRule(t.travel_rule),
    timeline,
    createdAt: t.created_at.toISOString(),
    updatedAt: t.updated_at.toISOString(),
  };
}

/** Travel rule data as the API shows it: the originator's account number masked. */
export const presentTravelRule = (r: repo.StoredTravelRule | null): TravelRule | null =>
  r && {
    originator: { ...r.originator, accountNumber: maskAccountNumber(r.originator.accountNumber) },
    beneficiary: { name: r.beneficiary.name, address: r.beneficiary.address ?? null },
  };

/**
 * An account number as the API shows it: at most its last four characters, and never more than half
 * of it (a short one shows less), as the list's SQL masks it. Account numbers are ASCII (the contract).
 */
export function maskAccountNumber(accountNumber: string): string {
  const shown = Math.min(4, Math.floor(accountNumber.length / 2));
  return `••••${shown === 0 ? '' : accountNumber.slice(-shown)}`;
}

/** The wire transfer with its status timeline and refunds. */
export async function presentWithTimeline(tx: Queryable, transfer: repo.TransferRow): Promise<Transfer> {
  const [events, refunds] = await Promise.all([repo.eventsOf(tx, [transfer.id]), repo.refundsOf(tx, [transfer])]);
  return presentTransfer(transfer, events, refunds);
}

/** One page of transfers as objects (the overview's recent transfers): listPageJson's transfers, parsed. */
export async function listPage(
  tx: Queryable,
  filter: repo.TransferFilter,
  page: { limit: number; cursor?: string },
): Promise<List<Transfer>> {
  const rows = await repo.listTransfersJson(tx, filter, { limit: page.limit, cursor: decodeCursor(page.cursor) });
  return toPage(rows, page.limit, (row) => JSON.parse(row.json) as Transfer);
}

/**
 * One page of transfers as the JSON text of the list envelope ({data, hasMore, nextCursor}, as
 * toPage() and JSON.stringify would write it): each transfer comes from the database already as its
 * wire JSON (repo.listTransfersJson), so a page is joined, not presented and serialized.
 */
export async function listPageJson(tx: Queryable, filter: repo.TransferFilter, page: { limit: number; cursor?: string }): Promise<string> {
  const rows = await repo.listTransfersJson(tx, filter, { limit: page.limit, cursor: decodeCursor(page.cursor) });
  const { data, hasMore, nextCursor } = toPage(rows, page.limit, (row) => row.json);
  return `{"data":[${data.join(',')}],"hasMore":${hasMore},"nextCursor":${JSON.stringify(nextCursor)}}`;
}

/**
 * Errors: 404 — also, when `onlyAccountId` is set (an agent's account), for a transfer that account
 * neither sent nor received: to the agent it does not exist.
 */
export async function getTransferOrThrow(tx: Queryable, id: string, onlyAccountId?: string) {
  const transfer = await repo.findTransfer(tx, canonicalId(id));
  if (!transfer) throw notFound('transfer');
  if (onlyAccountId && transfer.from_account_id !== onlyAccountId && transfer.to_account_id !== onlyAccountId) throw notFound('transfer');
  return transfer;
}

/**
 * Cancels a payout that is still pending, or a transfer still waiting for its approvals, releasing its
 * hold, and records transfer.cancelled. Returns the cancelled transfer as the API answers it.
 * Errors: 404; 422 invalid_state.
 */
export async function cancelTransfer(tx: Queryable, deps: Pick<AppDeps, 'clock'>, actor: Actor, id: string): Promise<Transfer> {
  const transfer = await repo.lockTransfer(tx, canonicalId(id));
  if (!transfer) throw notFound('transfer');
  const waiting = transfer.status === 'requires_approval';
  if (!(transfer.status === 'pending' && transfer.type === 'payout') && !waiting) {
    throw businessRule(
      'invalid_state',
      `Only pending payouts and transfers waiting for approval can be cancelled; this one is ${transfer.status}.`,
      { status: transfer.status },
    );
  }
  const now = deps.clock.now();
  if (waiting) await cancelPendingRequest(tx, transfer.id, now);
  return voidHeldTransfer(tx, actor, transfer, { status: 'cancelled', note: null, at: now });
}

/**
 * Ends a transfer whose amount + fees are held on its sender (a pending payout, a transfer waiting for
 * approval — locked by the caller): voids the hold, sets the final status, appends it to the timeline
 * and records transfer.<status>. Returns the transfer as the API answers it, from the row as it was
 * left (no read-back).
 */
export async function voidHeldTransfer(
  tx: Queryable,
  scope: { tenantId: string; environment: Actor['environment'] },
  transfer: repo.TransferRow,
  end: { status: 'cancelled' | 'denied' | 'expired' | 'rejected'; note: string | null; at: Date },
): Promise<Transfer> {
  const timeline = await repo.eventsOf(tx, [transfer.id]);
  await repo.setStatus(tx, transfer.id, end.status, end.at, null);
  const added = await repo.insertEvents(tx, scope, transfer.id, [{ status: end.status, note: end.note ?? undefined, at: end.at }]);
  await ledger.post(tx, {
    entries: ledger.voidEntries(transfer.from_account_id, transfer.currency, new Money(transfer.total_debit)),
    referenceType: 'transfer_void',
    referenceId: transfer.id,
    description: `${end.status[0]?.toUpperCase()}${end.status.slice(1)} ${transfer.type === 'payout' ? 'payout' : 'transfer'} ${transfer.id}`,
    at: end.at,
  });
  const ended = presentTransfer({ ...transfer, status: end.status, updated_at: end.at, failure_reason: null }, [...timeline, ...added]);
  recordEvent(tx, {
    type: `transfer.${end.status}`,
    objectType: 'transfer',
    objectId: transfer.id,
    object: ended,
    previous: presentTransfer(transfer, timeline),
    at: end.at,
  });
  return ended;
}
