import { randomUUID } from 'node:crypto';
import type {
  CreateDisputeRequest,
  Dispute,
  DisputeStats,
  DisputeStatus,
  ResolveDisputeRequest,
  RespondDisputeRequest,
} from '@payos/contracts';
import { DISPUTE_REASONS, DISPUTE_RESOLUTIONS, MAX_EVIDENCE_PER_DISPUTE } from '@payos/contracts';
import type { Claimed, Database, Queryable } from '@payos/db';
import { type Amount, type Currency, formatAmount, Money } from '@payos/money';
import type { AppDeps } from '../../context.js';
import type { Actor } from '../../core/actor.js';
import { amountIn, type ParsedDecimal } from '../../core/amount.js';
import type { Cursor } from '../../core/cursor.js';
import { businessRule, conflict, invalidRequest, notFound } from '../../core/errors.js';
import { recordEvent } from '../events/events.service.js';
import * as ledger from '../ledger/ledger.service.js';
import { lockRefundedAccount } from '../refunds/refunds.repo.js';
import { amountToRefund, assertRefundable, MAX_REFUNDS_PER_TRANSFER, writeRefund } from '../refunds/refunds.service.js';
import { getPolicies } from '../settings/settings.service.js';
import * as transfersRepo from '../transfers/transfers.repo.js';
import { canonicalId, presentWithTimeline } from '../transfers/transfers.service.js';
import * as repo from './disputes.repo.js';

export type { DisputeFilter } from './disputes.repo.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** `dueSoon=true`: due within this long. */
export const DUE_SOON_MS = 7 * DAY_MS;

/** Who changes a dispute: a caller, or the auto-escalation worker. */
type ActorLike = Pick<Actor, 'tenantId' | 'environment'> & { kind: Actor['kind'] | 'system'; id: string | null; name: string | null };
const actorFields = (a: ActorLike) => ({ actor_type: a.kind, actor_id: a.id, actor_name: a.name });

const money = (value: string | null, currency: Currency) => (value === null ? null : formatAmount(value, currency));

export function presentDispute(d: repo.DisputeRow, events: repo.DisputeEventRow[]): Dispute {
  return {
    id: d.id,
    transferId: d.transfer_id,
    status: d.status,
    reason: d.reason,
    description: d.description,
    claimantAccountId: d.claimant_account_id,
    respondentAccountId: d.respondent_account_id,
    amountDisputed: formatAmount(d.amount_disputed, d.currency),
    currency: d.currency,
    requestedResolution: d.requested_resolution,
    requestedAmount: money(d.requested_amount, d.currency),
    evidence: d.evidence.map((e) => ({
      type: e.type as Dispute['evidence'][number]['type'],
      description: e.description,
      url: e.url,
      content: e.content,
      submittedBy: e.submittedBy,
      submittedAt: e.submittedAt,
    })),
    respondentResponse: d.respondent_response,
    respondentAcceptedClaim: d.respondent_accepted_claim,
    counterOffer: d.counter_offer
      ? {
          resolution: d.counter_offer.resolution as NonNullable<Dispute['counterOffer']>['resolution'],
          amount: money(d.counter_offer.amount, d.currency),
          notes: d.counter_offer.notes,
        }
      : null,
    resolution: d.resolution,
    resolutionAmount: money(d.resolution_amount, d.currency),
    resolutionNotes: d.resolution_notes,
    refundId: d.refund_id,
    dueAt: d.due_at.toISOString(),
    autoEscalateAt: d.auto_escalate_at?.toISOString() ?? null,
    escalatedAt: d.escalated_at?.toISOString() ?? null,
    resolvedAt: d.resolved_at?.toISOString() ?? null,
    initiatedBy: { type: d.initiated_by_type, id: d.initiated_by_id, name: d.initiated_by_name },
    timeline: events
      .filter((e) => e.dispute_id === d.id)
      .map((e) => ({
        type: e.type,
        status: e.status,
        note: e.note,
        actor: { type: e.actor_type, id: e.actor_id, name: e.actor_name },
        at: e.at.toISOString(),
      })),
    createdAt: d.created_at.toISOString(),
    updatedAt: d.updated_at.toISOString(),
  };
}

async function presentOne(tx: Queryable, id: string): Promise<Dispute> {
  const [row, events] = await Promise.all([repo.findDispute(tx, id), repo.eventsOf(tx, [id])]);
  return presentDispute(row as repo.DisputeRow, events);
}

export type CreateDisputeInput = Omit<CreateDisputeRequest, 'amountDisputed' | 'requestedAmount'> & {
  amountDisputed?: ParsedDecimal;
  requestedAmount?: ParsedDecimal;
};

/**
 * Opens a dispute of a completed internal transfer within `disputes.filingWindowDays` of it: the
 * disputed amount (default: all still refundable) is held on the respondent — available → pending,
 * ledger reference `dispute_hold` — and reserved on the transfer (refund_pending_amount), so neither a
 * spend of the respondent nor a refund can take it meanwhile. One unresolved dispute per transfer.
 * The transfer's row is locked first (as refunds do): a dispute and a refund of one transfer are
 * decided one after the other.
 * Errors: 404 transferId; 409 dispute_exists; 422 not_refundable (a payout), invalid_state (not
 * completed, an account closed, 100 refunds already), dispute_window_expired, amount_exceeds_refundable,
 * insufficient_funds (the respondent lacks the amount available); 400 amounts, requestedAmount above
 * amountDisputed.
 */
export async function createDispute(
  tx: Queryable,
  deps: Pick<AppDeps, 'clock'>,
  actor: Actor,
  input: CreateDisputeInput,
): Promise<Dispute> {
  const transfer = await transfersRepo.lockTransfer(tx, canonicalId(input.transferId));
  if (!transfer) throw notFound('transfer', 'transferId');
  assertRefundable(transfer, 'disputed');
  const respondent = transfer.to_account_id;
  const now = deps.clock.now();
  const { disputes: policy } = await getPolicies(tx);
  const fileBy = new Date(transfer.created_at.getTime() + policy.filingWindowDays * DAY_MS);
  if (now > fileBy) {
    throw businessRule('dispute_window_expired', `Transfers can be disputed for ${policy.filingWindowDays} days after they completed.`, {
      filingWindowDays: policy.filingWindowDays,
      disputableUntil: fileBy.toISOString(),
    });
  }
  if (await repo.hasOpenDispute(tx, transfer.id)) throw conflict('dispute_exists', 'This transfer already has an unresolved dispute.');
  // Its resolution may refund: it must not make a transfer's 101st refund (a transfer lists them all).
  if (transfer.refund_count >= MAX_REFUNDS_PER_TRANSFER) {
    throw businessRule('invalid_state', `A transfer can have at most ${MAX_REFUNDS_PER_TRANSFER} refunds.`, {
      limit: MAX_REFUNDS_PER_TRANSFER,
    });
  }
  const amount = amountToRefund(transfer, input.amountDisputed, 'amountDisputed');
  const requested = input.requestedAmount ? amountIn(input.requestedAmount, transfer.currency, 'requestedAmount') : null;
  if (requested?.gt(amount))
    throw invalidRequest('parameter_invalid', 'requestedAmount must not exceed amountDisputed.', 'requestedAmount');
  // KEY SHARE on both accounts (in no particular order): it conflicts only with a close's FOR UPDATE,
  // which takes one row and nothing after it, so the order cannot deadlock; a close waits for this.
  const [claimantStatus, respondentStatus] = [
    await lockRefundedAccount(tx, transfer.from_account_id),
    await lockRefundedAccount(tx, respondent),
  ];
  if (claimantStatus !== 'active' || respondentStatus !== 'active') {
    throw businessRule('invalid_state', 'Both accounts of the transfer must be open to dispute it.');
  }

  const id = randomUUID();
  const { transactionId } = await ledger.post(tx, {
    entries: ledger.holdEntries(respondent, transfer.currency, amount),
    referenceType: 'dispute_hold',
    referenceId: id,
    description: `Held for dispute ${id} of transfer ${transfer.id}`,
    at: now,
  });
  await repo.reserveOnTransfer(tx, transfer.id, amount.toFixed(), now);
  const dueAt = new Date(now.getTime() + policy.responseWindowDays * DAY_MS);
  const row: repo.DisputeRow = {
    id,
    transfer_id: transfer.id,
    status: 'open',
    reason: input.reason,
    description: input.description,
    claimant_account_id: transfer.from_account_id,
    respondent_account_id: respondent,
    amount_disputed: amount.toFixed(),
    currency: transfer.currency,
    requested_resolution: input.requestedResolution ?? null,
    requested_amount: requested?.toFixed() ?? null,
    evidence: (input.evidence ?? []).map((e) => evidenceOf(e, 'claimant', now)),
    respondent_response: null,
    respondent_accepted_claim: null,
    counter_offer: null,
    resolution: null,
    resolution_amount: null,
    resolution_notes: null,
    refund_id: null,
    hold_ledger_transaction_id: transactionId,
    due_at: dueAt,
    // Never before the response is due: escalating earlier would take the respondent's answer away.
    auto_escalate_at:
      policy.autoEscalateAfterDays === null
        ? null
        : new Date(Math.max(now.getTime() + policy.autoEscalateAfterDays * DAY_MS, dueAt.getTime())),
    escalated_at: null,
    resolved_at: null,
    initiated_by_type: actor.kind,
    initiated_by_id: actor.id,
    initiated_by_name: actor.name,
    created_at: now,
    updated_at: now,
  };
  try {
    await repo.insertDispute(tx, actor, row);
  } catch (error) {
    // The unique index: another dispute of this transfer won (the transfer lock makes it unreachable).
    if ((error as { code?: string }).code === '23505') throw conflict('dispute_exists', 'This transfer already has an unresolved dispute.');
    throw error;
  }
  await repo.insertDisputeEvent(tx, actor, { dispute_id: id, type: 'opened', status: 'open', note: null, ...actorFields(actor), at: now });
  const dispute = await presentOne(tx, id);
  // dispute.created says what the hold changed; transfer.refunded is for money given back.
  recordEvent(tx, { type: 'dispute.created', objectType: 'dispute', objectId: id, object: dispute, at: now });
  return dispute;
}

function evidenceOf(
  e: NonNullable<CreateDisputeRequest['evidence']>[number],
  submittedBy: 'claimant' | 'respondent',
  now: Date,
): repo.Evidence {
  return {
    type: e.type,
    description: e.description,
    url: e.url ?? null,
    content: e.content ?? null,
    submittedBy,
    submittedAt: now.toISOString(),
  };
}

/**
 * A change of a dispute already written: its timeline step, then the dispute.<type> event with the
 * dispute as it now reads and `before` as its previousAttributes. Returns the dispute.
 */
async function recordStep(
  tx: Queryable,
  actor: ActorLike,
  id: string,
  step: { type: 'responded' | 'escalated' | 'resolved'; status: DisputeStatus; note: string | null; before: Dispute; at: Date },
): Promise<Dispute> {
  await repo.insertDisputeEvent(tx, actor, {
    dispute_id: id,
    type: step.type,
    status: step.status,
    note: step.note,
    ...actorFields(actor),
    at: step.at,
  });
  const after = await presentOne(tx, id);
  recordEvent(tx, { type: `dispute.${step.type}`, objectType: 'dispute', objectId: id, object: after, previous: step.before, at: step.at });
  return after;
}

async function lockDisputeOrThrow(tx: Queryable, id: string) {
  const dispute = await repo.findDispute(tx, canonicalId(id), { lock: true });
  if (!dispute) throw notFound('dispute');
  return dispute;
}

export type RespondDisputeInput = Omit<RespondDisputeRequest, 'counterOffer'> & {
  counterOffer?: { resolution: NonNullable<RespondDisputeRequest['counterOffer']>['resolution']; amount?: ParsedDecimal; notes?: string };
};

/**
 * The respondent answers an open dispute before it is due: its response, evidence, whether it accepts
 * the claim and a counter-offer; open → under_review. Errors: 404; 422 invalid_state (not open; 50
 * evidence items already), dispute_response_overdue; 400 a counter-offer amount above the disputed one.
 */
export async function respondDispute(tx: Queryable, deps: Pick<AppDeps, 'clock'>, actor: Actor, id: string, input: RespondDisputeInput) {
  const dispute = await lockDisputeOrThrow(tx, id);
  if (dispute.status !== 'open') {
    throw businessRule('invalid_state', `Only open disputes can be answered; this one is ${dispute.status}.`, { status: dispute.status });
  }
  const now = deps.clock.now();
  if (now > dispute.due_at) {
    throw businessRule('dispute_response_overdue', 'The response was due before now; escalate or resolve the dispute instead.', {
      dueAt: dispute.due_at.toISOString(),
    });
  }
  const added = (input.evidence ?? []).map((e) => evidenceOf(e, 'respondent', now));
  if (dispute.evidence.length + added.length > MAX_EVIDENCE_PER_DISPUTE) {
    throw businessRule('invalid_state', `A dispute holds at most ${MAX_EVIDENCE_PER_DISPUTE} evidence items.`, {
      limit: MAX_EVIDENCE_PER_DISPUTE,
    });
  }
  let counterOffer: repo.CounterOffer | null = null;
  if (input.counterOffer) {
    const amount = input.counterOffer.amount ? amountIn(input.counterOffer.amount, dispute.currency, 'counterOffer.amount') : null;
    if (amount?.gt(dispute.amount_disputed)) {
      throw invalidRequest('parameter_invalid', 'counterOffer.amount must not exceed the disputed amount.', 'counterOffer.amount');
    }
    counterOffer = {
      resolution: input.counterOffer.resolution,
      amount: amount?.toFixed() ?? null,
      notes: input.counterOffer.notes ?? null,
    };
  }
  const before = presentDispute(dispute, await repo.eventsOf(tx, [dispute.id]));
  await repo.updateDispute(
    tx,
    dispute.id,
    {
      status: 'under_review',
      evidence: [...dispute.evidence, ...added],
      respondent_response: input.response,
      respondent_accepted_claim: input.acceptClaim ?? null,
      counter_offer: counterOffer,
    },
    now,
  );
  return recordStep(tx, actor, dispute.id, { type: 'responded', status: 'under_review', note: input.response, before, at: now });
}

/** open / under_review → escalated. Errors: 404; 422 invalid_state. */
export async function escalateDispute(tx: Queryable, deps: Pick<AppDeps, 'clock'>, actor: ActorLike, id: string, note?: string) {
  const dispute = await lockDisputeOrThrow(tx, id);
  return escalate(tx, deps.clock.now(), actor, dispute, note ?? null);
}

async function escalate(tx: Queryable, now: Date, actor: ActorLike, dispute: repo.DisputeRow, note: string | null) {
  if (dispute.status !== 'open' && dispute.status !== 'under_review') {
    throw businessRule('invalid_state', `Only open disputes or disputes under review can be escalated; this one is ${dispute.status}.`, {
      status: dispute.status,
    });
  }
  const before = presentDispute(dispute, await repo.eventsOf(tx, [dispute.id]));
  await repo.updateDispute(tx, dispute.id, { status: 'escalated', escalated_at: now }, now);
  return recordStep(tx, actor, dispute.id, { type: 'escalated', status: 'escalated', note, before, at: now });
}

export type ResolveDisputeInput = Omit<ResolveDisputeRequest, 'resolutionAmount'> & { resolutionAmount?: ParsedDecimal };

/**
 * Ends a dispute: `refund_issued` refunds all that was disputed, `partial_refund` and `credit_issued`
 * the resolutionAmount (required, at most the disputed amount) — each a real refund (reason
 * dispute_resolution) paid out of the hold — and `no_action` refunds nothing; whatever of the hold is
 * not refunded goes back to the respondent's available balance (ledger reference `dispute_release`).
 * The transfer's row is locked first, then the dispute's. Errors: 404; 422 invalid_state (resolved
 * already; the claimant's account closed — resolve with no_action); 400 resolutionAmount missing,
 * given for no_action, or above the disputed amount.
 */
export async function resolveDispute(tx: Queryable, deps: Pick<AppDeps, 'clock'>, actor: Actor, id: string, input: ResolveDisputeInput) {
  const found = await repo.findDispute(tx, canonicalId(id));
  if (!found) throw notFound('dispute');
  const transfer = (await transfersRepo.lockTransfer(tx, found.transfer_id)) as transfersRepo.TransferRow;
  const dispute = await lockDisputeOrThrow(tx, found.id);
  if (dispute.status === 'resolved') throw businessRule('invalid_state', 'This dispute is resolved already.', { status: dispute.status });
  const disputed = new Money(dispute.amount_disputed);
  const amount = refundOf(input, dispute.currency, disputed);
  const now = deps.clock.now();
  if (!amount.isZero() && (await lockRefundedAccount(tx, dispute.claimant_account_id)) !== 'active') {
    throw businessRule('invalid_state', 'The claimant’s account is closed: nothing can be refunded to it. Resolve with no_action.');
  }
  const before = presentDispute(dispute, await repo.eventsOf(tx, [dispute.id]));
  const transferBefore = await presentWithTimeline(tx, transfer);
  // The hold comes off the transfer's reservation; what is refunded becomes refunded (writeRefund).
  await repo.reserveOnTransfer(tx, transfer.id, disputed.neg().toFixed(), now);
  let refundId: string | null = null;
  if (!amount.isZero()) {
    const unreserved = { ...transfer, refund_pending_amount: new Money(transfer.refund_pending_amount).minus(disputed).toFixed() };
    const { refund } = await writeRefund(tx, unreserved, {
      amount,
      reason: 'dispute_resolution',
      reasonDetails: refundDetailsOf(input.resolutionNotes),
      metadata: {},
      disputeId: dispute.id,
      actor,
      now,
      before: transferBefore,
    });
    refundId = refund.id;
  }
  const released = disputed.minus(amount);
  if (!released.isZero()) {
    await ledger.post(tx, {
      entries: ledger.voidEntries(dispute.respondent_account_id, dispute.currency, released),
      referenceType: 'dispute_release',
      referenceId: dispute.id,
      description: `Released from dispute ${dispute.id}`,
      at: now,
    });
  }
  await repo.updateDispute(
    tx,
    dispute.id,
    {
      status: 'resolved',
      resolution: input.resolution,
      resolution_amount: amount.toFixed(),
      resolution_notes: input.resolutionNotes ?? null,
      refund_id: refundId,
      resolved_at: now,
    },
    now,
  );
  const note = `${input.resolution}${amount.isZero() ? '' : ` ${formatAmount(amount, dispute.currency)} ${dispute.currency}`}`;
  return recordStep(tx, actor, dispute.id, { type: 'resolved', status: 'resolved', note, before, at: now });
}

/** Most characters of a refund's reasonDetails (refunds.reason_details CHECK). */
const MAX_REFUND_DETAILS = 500;

/**
 * The resolution notes as its refund's reasonDetails: the notes (up to 2000 characters) stay whole on
 * the dispute; the refund, which names its dispute, keeps their first 500 characters (code points, as
 * PostgreSQL's length() counts them), ending in "…" when cut. Empty notes: null, as refunds write them.
 */
function refundDetailsOf(notes: string | undefined): string | null {
  if (!notes) return null;
  const chars = Array.from(notes);
  return chars.length <= MAX_REFUND_DETAILS ? notes : `${chars.slice(0, MAX_REFUND_DETAILS - 1).join('')}…`;
}

/** What a resolution refunds. Errors: 400 as resolveDispute's. */
function refundOf(input: ResolveDisputeInput, currency: Currency, disputed: Amount): Amount {
  const given = input.resolutionAmount ? amountIn(input.resolutionAmount, currency, 'resolutionAmount') : undefined;
  if (given?.gt(disputed))
    throw invalidRequest('parameter_invalid', 'resolutionAmount must not exceed the disputed amount.', 'resolutionAmount');
  switch (input.resolution) {
    case 'no_action':
      if (given) throw invalidRequest('parameter_invalid', 'no_action refunds nothing: omit resolutionAmount.', 'resolutionAmount');
      return new Money(0);
    case 'refund_issued':
      if (given && !given.eq(disputed)) {
        throw invalidRequest(
          'parameter_invalid',
          'refund_issued refunds all that was disputed; use partial_refund for less.',
          'resolutionAmount',
        );
      }
      return disputed;
    default:
      if (!given) throw invalidRequest('parameter_missing', `${input.resolution} needs a resolutionAmount.`, 'resolutionAmount');
      return given;
  }
}

export async function getDisputeOrThrow(tx: Queryable, id: string): Promise<Dispute> {
  const dispute = await repo.findDispute(tx, canonicalId(id));
  if (!dispute) throw notFound('dispute');
  return presentDispute(dispute, await repo.eventsOf(tx, [dispute.id]));
}

/** A page of disputes (`limit + 1` rows) with their timelines. */
export async function listDisputes(tx: Queryable, filter: repo.DisputeFilter, page: { limit: number; cursor?: Cursor }) {
  const rows = await repo.listDisputes(tx, filter, page);
  const events = await repo.eventsOf(
    tx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ row: r, dispute: presentDispute(r, events) }));
}

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

export async function disputeStats(tx: Queryable): Promise<DisputeStats> {
  const rows = await repo.disputeStats(tx);
  const byStatus = { open: 0, underReview: 0, escalated: 0, resolved: 0 };
  const byReason = Object.fromEntries(DISPUTE_REASONS.map((r) => [r, 0])) as Record<string, number>;
  const byResolution = Object.fromEntries(DISPUTE_RESOLUTIONS.map((r) => [r, 0])) as Record<string, number>;
  const atRisk = new Map<Currency, Amount>();
  let resolvedDays = new Money(0);
  let total = 0;
  for (const r of rows) {
    total += r.disputes;
    byStatus[camel(r.status) as keyof typeof byStatus] += r.disputes;
    byReason[r.reason] = (byReason[r.reason] ?? 0) + r.disputes;
    if (r.resolution) byResolution[r.resolution] = (byResolution[r.resolution] ?? 0) + r.disputes;
    if (r.status !== 'resolved') atRisk.set(r.currency, (atRisk.get(r.currency) ?? new Money(0)).plus(r.amount));
    if (r.resolution_days !== null) resolvedDays = resolvedDays.plus(r.resolution_days);
  }
  return {
    total,
    byStatus,
    atRisk: [...atRisk]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, amount]) => ({ currency, amount: formatAmount(amount, currency) })),
    byReason,
    byResolution,
    averageResolutionDays: byStatus.resolved === 0 ? null : resolvedDays.div(byStatus.resolved).toDecimalPlaces(1).toNumber(),
  };
}

/** How long the auto-escalation worker waits before trying a dispute again whose escalation failed. */
export const ESCALATION_RETRY_MS = 60 * 60 * 1000;

/**
 * One pass of the auto-escalation worker: escalates unresolved disputes whose `auto_escalate_at`
 * (disputes.autoEscalateAfterDays at opening) fell due. An escalation that fails is rolled back to a
 * savepoint and tried again ESCALATION_RETRY_MS later, and the pass goes on: one dispute never stalls
 * the queue every tenant's disputes wait in. The pass then throws what failed, for the loop to log.
 * Returns how many it took up.
 */
export async function escalateDueDisputes(db: Database, deps: Pick<AppDeps, 'clock'>, max = 50): Promise<number> {
  let escalated = 0;
  const errors: unknown[] = [];
  while (escalated < max) {
    const now = deps.clock.now();
    const done = await repo.claimDueEscalation(db, now, async (tx: Queryable, due: Claimed) => {
      const savepoint = await repo.escalationSavepoint(tx);
      try {
        const dispute = (await repo.findDispute(tx, due.id)) as repo.DisputeRow;
        const system = {
          tenantId: due.tenant_id,
          environment: due.environment,
          kind: 'system' as const,
          id: null,
          name: 'auto-escalation',
        };
        await escalate(tx, now, system, dispute, 'Unresolved after disputes.autoEscalateAfterDays');
        await savepoint.release();
      } catch (error) {
        await savepoint.rollback();
        await repo.rescheduleEscalation(tx, due.id, new Date(now.getTime() + ESCALATION_RETRY_MS));
        errors.push(error);
      }
    });
    if (!done) break;
    escalated++;
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} dispute escalations failed; each is tried again later.`);
  return escalated;
}
