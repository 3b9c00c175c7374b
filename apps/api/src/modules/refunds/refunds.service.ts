import { randomUUID } from 'node:crypto';
import type { Refund, RefundReason, Transfer } from '@payos/contracts';
import type { Queryable } from '@payos/db';
import { type Amount, formatAmount } from '@payos/money';
import type { AppDeps } from '../../context.js';
import type { Actor } from '../../core/actor.js';
import { amountIn, type ParsedDecimal } from '../../core/amount.js';
import type { Cursor } from '../../core/cursor.js';
import { AppError, businessRule, forbidden, notFound } from '../../core/errors.js';
import { hasOpenDispute } from '../disputes/disputes.repo.js';
import { recordEvents } from '../events/events.service.js';
import * as ledger from '../ledger/ledger.service.js';
import * as limitsRepo from '../limits/limits.repo.js';
import { agentLimitsOf, assertAgentCanStart } from '../limits/limits.service.js';
import { getPolicies } from '../settings/settings.service.js';
import * as transfersRepo from '../transfers/transfers.repo.js';
import { canonicalId, presentWithTimeline, refundableAmount } from '../transfers/transfers.service.js';
import * as repo from './refunds.repo.js';

export type { RefundFilter } from './refunds.repo.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Most refunds one transfer can have (a transfer lists them all). */
export const MAX_REFUNDS_PER_TRANSFER = 100;

export const presentRefund = (r: repo.RefundRow): Refund => ({
  id: r.id,
  transferId: r.transfer_id,
  fromAccountId: r.from_account_id,
  toAccountId: r.to_account_id,
  amount: formatAmount(r.amount, r.currency),
  currency: r.currency,
  status: r.status,
  reason: r.reason,
  reasonDetails: r.reason_details,
  metadata: r.metadata,
  failureReason: r.failure_reason,
  ledgerTransactionId: r.ledger_transaction_id,
  disputeId: r.dispute_id,
  initiatedBy: { type: r.initiated_by_type, id: r.initiated_by_id, name: r.initiated_by_name },
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export type CreateRefundInput = {
  transferId: string;
  /** Parsed without a currency (parseDecimalParam); held to the transfer's currency's scale here. */
  amount?: ParsedDecimal;
  reason: RefundReason;
  reasonDetails?: string;
  metadata?: Record<string, string>;
};

/**
 * Gives money back from a completed internal transfer's recipient to its sender: the whole refundable
 * remainder, or part of it. Internal refunds settle at once (`succeeded`), in one ledger transaction
 * (reference `refund`) written with the refund.
 *
 * The transfer's row is locked first, so refunds of one transfer are decided one after another: their
 * total can never pass the amount (the table's CHECK refuses it again). Then the paying account's row
 * (NO KEY UPDATE, as a send takes it: it serialises an agent's limit check), then the row of the account
 * paid back (KEY SHARE, so it cannot be closed under the refund), then the balances (ledger_post). Lock
 * order transfer → accounts → balances, as cancelling and settling a payout.
 *
 * An agent refunds only transfers its own account received, with the `refunds.create` permission, and
 * what it refunds counts toward its limits.
 *
 * Errors: 404 transferId (unknown, another tenant or environment, or out of an agent's reach); 403
 * insufficient_permissions (an agent refunding what its account sent); 422 not_refundable (a payout),
 * invalid_state (not completed; an account closed; 100 refunds already), refund_window_expired,
 * amount_exceeds_refundable, account_suspended (the paying account), insufficient_funds, limit_exceeded
 * (an agent's); 400 amount errors; 503 rates_unavailable.
 */
export async function createRefund(
  tx: Queryable,
  deps: Pick<AppDeps, 'clock' | 'fx'>,
  actor: Actor,
  input: CreateRefundInput,
): Promise<{ refund: repo.RefundRow; transfer: Transfer }> {
  const transfer = await transfersRepo.lockTransfer(tx, canonicalId(input.transferId));
  if (!transfer) throw notFound('transfer', 'transferId');
  if (actor.agent) {
    const own = canonicalId(actor.agent.accountId);
    if (own !== transfer.to_account_id && own !== transfer.from_account_id) throw notFound('transfer', 'transferId');
    if (own !== transfer.to_account_id) throw forbidden('An agent can refund only transfers its own account received.');
  }
  assertRefundable(transfer, 'refunded');
  const payer = transfer.to_account_id;
  const now = deps.clock.now();
  const { refunds: policy } = await getPolicies(tx);
  // Internal transfers complete when they are created.
  const refundableUntil = new Date(transfer.created_at.getTime() + policy.windowDays * DAY_MS);
  if (now > refundableUntil) {
    throw businessRule('refund_window_expired', `Transfers can be refunded for ${policy.windowDays} days after they completed.`, {
      windowDays: policy.windowDays,
      refundableUntil: refundableUntil.toISOString(),
    });
  }
  // An unresolved dispute may still refund: it holds one of the transfer's refund slots.
  const reserved = (await hasOpenDispute(tx, transfer.id)) ? 1 : 0;
  if (transfer.refund_count + reserved >= MAX_REFUNDS_PER_TRANSFER) {
    throw businessRule(
      'invalid_state',
      `A transfer can have at most ${MAX_REFUNDS_PER_TRANSFER} refunds (an unresolved dispute keeps one).`,
      {
        limit: MAX_REFUNDS_PER_TRANSFER,
      },
    );
  }
  const amount = amountToRefund(transfer, input.amount, 'amount');

  // The paying account (NO KEY UPDATE), then the one paid back (KEY SHARE: it cannot be closed under the
  // refund; reading its status without a lock let a concurrent close commit and the credit land after it).
  // Not in id order, and safe: these two modes do not conflict with each other, and the FOR UPDATE of a
  // close or suspension takes one row and nothing after it. Change either mode and revisit the order.
  const account = await limitsRepo.lockSender(tx, payer);
  const receiverStatus = await repo.lockRefundedAccount(tx, transfer.from_account_id);
  if (!account || account.status === 'closed' || receiverStatus !== 'active') {
    throw businessRule('invalid_state', 'Both accounts of the transfer must be open to refund it.');
  }
  if (account.verification_status === 'suspended') {
    throw new AppError(
      'business_rule_error',
      'account_suspended',
      'The account that received this transfer is suspended and cannot pay a refund.',
    );
  }
  const agent = agentLimitsOf(actor);
  if (agent) await assertAgentCanStart(tx, agent, account.verification_tier, amount, transfer.currency, now, deps.fx.provider);

  return writeRefund(tx, transfer, {
    amount,
    reason: input.reason,
    reasonDetails: input.reasonDetails || null,
    metadata: inJsonbOrder(input.metadata ?? {}),
    disputeId: null,
    actor,
    now,
  });
}

/**
 * Whether a transfer can take a refund or a dispute: an internal transfer (a payout's money left PayOS),
 * completed. Errors: 422 not_refundable, invalid_state.
 */
export function assertRefundable(
  transfer: transfersRepo.TransferRow,
  verb: 'refunded' | 'disputed',
): asserts transfer is transfersRepo.TransferRow & { to_account_id: string } {
  if (transfer.type !== 'internal' || transfer.to_account_id === null) {
    throw businessRule(
      'not_refundable',
      `Payouts cannot be ${verb}: the money left PayOS. A payout that comes back is returned by its rail (a payout return).`,
    );
  }
  if (transfer.status !== 'completed') {
    throw businessRule('invalid_state', `Only completed transfers can be ${verb}; this one is ${transfer.status}.`, {
      status: transfer.status,
    });
  }
}

/**
 * What a refund or a dispute of `transfer` moves: the amount asked for, or all still refundable, never
 * more. Errors: 400 amount_too_precise (naming `param`); 422 amount_exceeds_refundable {refundable, requested, currency}.
 */
export function amountToRefund(transfer: transfersRepo.TransferRow, requested: ParsedDecimal | undefined, param: string): Amount {
  const refundable = refundableAmount(transfer);
  const amount = requested === undefined ? refundable : amountIn(requested, transfer.currency, param);
  if (refundable.isZero() || amount.gt(refundable)) {
    throw businessRule(
      'amount_exceeds_refundable',
      refundable.isZero() ? 'This transfer has been refunded in full.' : 'The amount is more than is left to refund.',
      {
        refundable: formatAmount(refundable, transfer.currency),
        requested: formatAmount(amount, transfer.currency),
        currency: transfer.currency,
      },
    );
  }
  return amount;
}

/**
 * Writes a decided refund of `transfer` (locked by the caller, the checks done): the ledger transaction
 * (reference `refund`) from the recipient to the sender — out of its available balance, or, for a
 * dispute's refund, out of the dispute's hold (pending) — the refund row, the transfer's totals, and the
 * refund.created, refund.succeeded and transfer.refunded events. A dispute's caller moves the hold off
 * `refund_pending_amount` first.
 */
export async function writeRefund(
  tx: Queryable,
  transfer: transfersRepo.TransferRow,
  r: {
    amount: Amount;
    reason: RefundReason;
    reasonDetails: string | null;
    metadata: Record<string, string>;
    disputeId: string | null;
    actor: Pick<Actor, 'tenantId' | 'environment' | 'kind' | 'id' | 'name'>;
    now: Date;
    /** `before`: the transfer as it read before the caller changed it (its transfer.refunded previousAttributes). */
    before?: Transfer;
  },
): Promise<{ refund: repo.RefundRow; transfer: Transfer }> {
  const payer = transfer.to_account_id as string;
  const before = r.before ?? (await presentWithTimeline(tx, transfer));
  const id = randomUUID();
  const { transactionId } = await ledger.post(tx, {
    entries: r.disputeId
      ? ledger.settleHoldEntries(payer, transfer.currency, [{ accountId: transfer.from_account_id, amount: r.amount }])
      : ledger.moveEntries(payer, transfer.from_account_id, transfer.currency, r.amount),
    referenceType: 'refund',
    referenceId: id,
    description: `Refund of transfer ${transfer.id}`,
    at: r.now,
  });
  const refund: repo.RefundRow = {
    id,
    transfer_id: transfer.id,
    from_account_id: payer,
    to_account_id: transfer.from_account_id,
    amount: r.amount.toFixed(),
    currency: transfer.currency,
    status: 'succeeded',
    reason: r.reason,
    reason_details: r.reasonDetails,
    metadata: r.metadata,
    failure_reason: null,
    ledger_transaction_id: transactionId,
    dispute_id: r.disputeId,
    initiated_by_type: r.actor.kind,
    initiated_by_id: r.actor.id,
    initiated_by_name: r.actor.name,
    created_at: r.now,
    updated_at: r.now,
  };
  await repo.insertRefund(tx, r.actor, refund);
  await repo.addRefunded(tx, transfer.id, refund.amount, r.now);
  const after = await presentWithTimeline(tx, (await transfersRepo.findTransfer(tx, transfer.id)) as transfersRepo.TransferRow);

  const created = presentRefund({ ...refund, status: 'pending', ledger_transaction_id: null });
  const succeeded = presentRefund(refund);
  const event = { objectType: 'refund', objectId: id, at: r.now } as const;
  recordEvents(tx, [
    { ...event, type: 'refund.created', object: created },
    { ...event, type: 'refund.succeeded', object: succeeded, previous: created },
    { type: 'transfer.refunded', objectType: 'transfer', objectId: transfer.id, object: after, previous: before, at: r.now },
  ]);
  return { refund, transfer: after };
}

/**
 * The metadata with its keys in the order PostgreSQL's jsonb keeps them (shorter UTF-8 first, then byte
 * order), so the answer and the events built from the request read byte for byte as GET /v1/refunds/{id}
 * (as internal transfers do, internal.service.ts).
 */
function inJsonbOrder(metadata: Record<string, string>): Record<string, string> {
  const keys = Object.keys(metadata).map((key) => ({ key, bytes: Buffer.from(key, 'utf8') }));
  keys.sort((a, b) => a.bytes.length - b.bytes.length || Buffer.compare(a.bytes, b.bytes));
  return Object.fromEntries(keys.map(({ key }) => [key, metadata[key] as string]));
}

/** Errors: 404 — also, when `onlyAccountId` is set (an agent's account), for a refund that account neither paid nor received. */
export async function getRefundOrThrow(tx: Queryable, id: string, onlyAccountId?: string) {
  const refund = await repo.findRefund(tx, canonicalId(id));
  if (!refund) throw notFound('refund');
  const own = onlyAccountId && canonicalId(onlyAccountId);
  if (own && refund.from_account_id !== own && refund.to_account_id !== own) throw notFound('refund');
  return refund;
}

export function listRefunds(tx: Queryable, filter: repo.RefundFilter, page: { limit: number; cursor?: Cursor }) {
  return repo.listRefunds(tx, filter, page);
}
