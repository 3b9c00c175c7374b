import { randomUUID } from 'node:crypto';
import {
  type List,
  MAX_FEED_STREAMS,
  MAX_STREAM_EVENTS,
  type Stream,
  type StreamEvent,
  type StreamEventType,
  type StreamStats,
} from '@payos/contracts';
import { type Claimed, type Database, type Queryable, withOwner } from '@payos/db';
import { type Amount, type Currency, formatAmount, Money, roundUp, scaleOf } from '@payos/money';
import type { AppDeps } from '../../context.js';
import type { Actor } from '../../core/actor.js';
import { amountIn, type ParsedDecimal } from '../../core/amount.js';
import { decodeCursor, toPage } from '../../core/cursor.js';
import { AppError, businessRule, invalidRequest, notFound } from '../../core/errors.js';
import { getAccountOrThrow, getAccountPairOrThrow } from '../accounts/accounts.service.js';
import * as ledger from '../ledger/ledger.service.js';
import { cancelPendingRequestOf, creationApprovalNeeded, insertRequests, requestRow } from '../approvals/matching.js';
import { agentLimitsOf, assertCanSend } from '../limits/limits.service.js';
import {
  depletionInstant,
  figures,
  MAX_RUNWAY_YEARS,
  maximumTopUp,
  maximumUnstreamed,
  minimumFunding,
  minimumRatePerSecond,
  ratePerMonthOf,
  ratePerSecondFromMonthly,
  SECONDS_PER_MONTH,
  type StreamState,
} from './stream-math.js';
import { recordEvent } from '../events/events.service.js';
import * as repo from './streams.repo.js';

export type { StreamRow } from './streams.repo.js';

type Clocked = Pick<AppDeps, 'clock'>;
/** Sends check limits, which convert to USD through the FX rate provider. */
type SendDeps = Pick<AppDeps, 'clock' | 'fx'>;
/** Most active streams an agent may have open, by KYA tier. */
export const AGENT_MAX_OPEN_STREAMS: Record<number, number> = { 0: 0, 1: 5, 2: 25, 3: 100 };

export const stateOf = (s: repo.StreamRow): StreamState => ({
  currency: s.currency,
  ratePerSecond: new Money(s.rate_per_second),
  funded: new Money(s.funded),
  withdrawn: new Money(s.withdrawn),
  accruedSeconds: Number(s.accrued_seconds),
  runningSince: s.running_since,
});

/** Statuses a stream never leaves: its money has gone to the receiver or back to the sender. */
const ENDED: ReadonlySet<string> = new Set(['depleted', 'cancelled', 'denied', 'expired']);

export function presentStream(s: repo.StreamRow, now: Date): Stream {
  const live = !ENDED.has(s.status);
  const computed = figures(stateOf(s), now);
  // An ended stream has paid out: the receiver got `withdrawn`, the sender got the rest back.
  const f = live ? computed : { ...computed, streamed: new Money(s.withdrawn), withdrawable: new Money(0), remaining: new Money(0) };
  const money = (value: Amount) => formatAmount(value, s.currency);
  return {
    id: s.id,
    status: s.status,
    senderAccountId: s.sender_account_id,
    receiverAccountId: s.receiver_account_id,
    currency: s.currency,
    ratePerSecond: new Money(s.rate_per_second).toFixed(),
    ratePerMonth: money(ratePerMonthOf(new Money(s.rate_per_second), s.currency)),
    funded: money(new Money(s.funded)),
    streamed: money(f.streamed),
    withdrawn: money(new Money(s.withdrawn)),
    withdrawable: money(f.withdrawable),
    remaining: money(f.remaining),
    refunded: money(ENDED.has(s.status) && s.status !== 'depleted' ? new Money(s.funded).minus(s.withdrawn) : new Money(0)),
    runwaySeconds: live ? f.runwaySeconds : 0,
    depletesAt: s.status === 'active' ? (f.depletesAt?.toISOString() ?? null) : null,
    health: live ? f.health : 'critical',
    activeSeconds: f.activeSeconds,
    description: s.description,
    category: s.category,
    initiatedBy: { type: s.initiated_by_type, id: s.initiated_by_id, name: s.initiated_by_name },
    asOf: now.toISOString(),
    createdAt: s.created_at.toISOString(),
    updatedAt: s.updated_at.toISOString(),
    endedAt: s.ended_at?.toISOString() ?? null,
  };
}

export const presentStreamEvent = (e: repo.EventRow): StreamEvent => ({
  id: e.id,
  type: e.type,
  amount: e.amount,
  data: e.data,
  actor: { type: e.actor_type, id: e.actor_id },
  at: e.at.toISOString(),
});

/** A stream by id, whoever's side (an approval decides on it: users only). */
export const findStreamRow = (tx: Queryable, id: string, lock = false) => repo.findStream(tx, id, lock);

/** The streams among `ids` (an approval inbox's). */
export const streamsByIds = (tx: Queryable, ids: string[]) =>
  ids.length === 0 ? Promise.resolve([]) : repo.listStreams(tx, { ids }, { limit: ids.length });

export async function getStreamOrThrow(tx: Queryable, actor: Actor, id: string, lock = false) {
  const stream = await repo.findStream(tx, id, lock);
  // An agent sees only the streams of the account it acts for.
  const own = actor.agent?.accountId;
  if (!stream || (own && stream.sender_account_id !== own && stream.receiver_account_id !== own)) throw notFound('stream');
  return stream;
}

const event = (
  tx: Queryable,
  actor: { tenantId: string; environment: 'test' | 'live'; kind: repo.EventRow['actor_type']; id: string | null },
  streamId: string,
  type: StreamEventType,
  at: Date,
  amount: Amount | null = null,
  data?: Record<string, unknown>,
) =>
  repo.insertEvent(tx, {
    tenantId: actor.tenantId,
    environment: actor.environment,
    id: randomUUID(),
    streamId,
    type,
    amount: amount?.toFixed() ?? null,
    data,
    actorType: actor.kind,
    actorId: actor.id,
    at,
  });

type StreamChange =
  | 'created'
  | 'approved'
  | 'denied'
  | 'expired'
  | 'paused'
  | 'resumed'
  | 'topped_up'
  | 'withdrawn'
  | 'depleted'
  | 'cancelled'
  | 'health_changed';

/** The change as an event (issue #17): the stream as the API presents it at `now`, and before it. */
const streamChanged = (
  tx: Queryable,
  change: StreamChange,
  after: repo.StreamRow,
  now: Date,
  before?: repo.StreamRow,
  scope?: { tenantId: string; environment: 'test' | 'live' },
) =>
  recordEvent(
    tx,
    {
      type: `stream.${change}`,
      objectType: 'stream',
      objectId: after.id,
      object: presentStream(after, now),
      previous: before ? presentStream(before, now) : undefined,
      at: now,
    },
    scope,
  );

/** Only the sender side may manage a stream; for agents that means acting for the sender account. */
function assertSenderSide(actor: Actor, s: repo.StreamRow) {
  if (actor.agent && actor.agent.accountId !== s.sender_account_id) {
    throw new AppError('permission_error', 'stream_sender_only', 'Only the sending side may change this stream.');
  }
}

const invalidState = (action: string, s: repo.StreamRow) =>
  businessRule('invalid_state', `Cannot ${action} a stream that is ${s.status}.`, { status: s.status });

/**
 * The rate per second from exactly one of ratePerMonth / ratePerSecond. Errors: 400 when both or
 * neither are given, when malformed, or below the currency's minimum rate (see minimumRatePerSecond:
 * a slower stream would run out after the end of representable time).
 */
function parseRate(input: { ratePerMonth?: Amount; ratePerSecond?: string }, currency: Currency): Amount {
  if (Boolean(input.ratePerMonth) === Boolean(input.ratePerSecond)) {
    throw invalidRequest('parameter_invalid', 'Give exactly one of ratePerMonth or ratePerSecond.', 'ratePerMonth');
  }
  const minimum = minimumRatePerSecond(currency);
  if (input.ratePerMonth) {
    const rate = ratePerSecondFromMonthly(input.ratePerMonth);
    if (rate.lt(minimum)) {
      const perMonth = formatAmount(roundUp(minimum.mul(SECONDS_PER_MONTH), currency), currency);
      throw rateTooLow('ratePerMonth', `ratePerMonth must be at least ${perMonth} ${currency}.`, perMonth, currency);
    }
    return rate;
  }
  if (!/^\d{1,12}(\.\d{1,18})?$/.test(input.ratePerSecond as string) || new Money(input.ratePerSecond as string).lte(0)) {
    throw invalidRequest('parameter_invalid', 'ratePerSecond must be a positive decimal with at most 18 decimals.', 'ratePerSecond');
  }
  const rate = new Money(input.ratePerSecond as string);
  if (rate.lt(minimum)) {
    const text = minimum.toFixed();
    throw rateTooLow(
      'ratePerSecond',
      `ratePerSecond must be at least ${text} ${currency} a second (${formatAmount(new Money(10).pow(-scaleOf(currency)), currency)} ${currency} every ${MAX_RUNWAY_YEARS.toLocaleString('en-US')} years, the longest a stream may run).`,
      text,
      currency,
    );
  }
  return rate;
}

const rateTooLow = (param: string, message: string, minimum: string, currency: Currency) =>
  new AppError('invalid_request_error', 'parameter_invalid', message, { param, details: { minimum, currency } });

/** 400 when funding would last beyond MAX_RUNWAY_SECONDS (its depletion date would not be representable). */
const fundingTooLarge = (param: string, maximum: Amount, currency: Currency) =>
  new AppError(
    'invalid_request_error',
    'parameter_invalid',
    `${param} can be at most ${formatAmount(maximum, currency)} ${currency} at this rate: a stream holds at most ${MAX_RUNWAY_YEARS.toLocaleString('en-US')} years of flow.`,
    { param, details: { maximum: formatAmount(maximum, currency), currency } },
  );

/**
 * Opens a stream: the funding moves from the sender's available to in_streams now (it counts as
 * outgoing money for the sender's limits, and an agent's). When its creator and funding match an
 * approval policy (a stream moves money between two accounts: an `internal` one), it is created
 * `requires_approval`: funded, but not flowing until approved (approveStream); a denial or the
 * expiry gives the funding back. ratePerMonth and fundingAmount are parsed for
 * the currency by the caller (the route: parseAmountParam). Errors: 400 rate/same account, a
 * rate below the minimum or funding beyond 1,000 years of flow; 404 accounts; 422
 * funding_below_minimum {provided, minimum, buffer}, limit_exceeded, insufficient_funds; 503 rates_unavailable.
 */
export async function createStream(
  tx: Queryable,
  deps: SendDeps,
  actor: Actor,
  input: {
    senderAccountId: string;
    receiverAccountId: string;
    currency: Currency;
    /** Parsed for `currency` by the caller (the route: parseAmountParam), like fundingAmount. */
    ratePerMonth?: Amount;
    ratePerSecond?: string;
    fundingAmount?: Amount;
    description?: string;
    category?: string;
  },
) {
  // Ids are compared in canonical (lower-case) form: X and X.toUpperCase() are one account.
  input = { ...input, senderAccountId: input.senderAccountId.toLowerCase(), receiverAccountId: input.receiverAccountId.toLowerCase() };
  if (input.senderAccountId === input.receiverAccountId) {
    throw invalidRequest('self_transfer', 'senderAccountId and receiverAccountId must be different accounts.', 'receiverAccountId');
  }
  const rate = parseRate(input, input.currency);
  const { minimum, buffer } = minimumFunding(rate, input.currency);
  const funding = input.fundingAmount ?? minimum;
  if (funding.lt(minimum)) {
    throw businessRule('funding_below_minimum', 'Fund at least a 4-hour buffer plus 7 days of flow.', {
      provided: formatAmount(funding, input.currency),
      minimum: formatAmount(minimum, input.currency),
      buffer: formatAmount(buffer, input.currency),
      currency: input.currency,
    });
  }
  const maximum = maximumUnstreamed(rate, input.currency);
  if (funding.gt(maximum)) throw fundingTooLarge('fundingAmount', maximum, input.currency);
  const [sender, receiver] = await getAccountPairOrThrow(tx, input.senderAccountId, input.receiverAccountId, [
    'senderAccountId',
    'receiverAccountId',
  ]);
  if (receiver.status === 'closed') throw notFound('account', 'receiverAccountId');
  const now = deps.clock.now();
  if (actor.agent) {
    const open = await repo.countOpenByAgent(tx, actor.id);
    const max = AGENT_MAX_OPEN_STREAMS[actor.agent.kyaTier] ?? 0;
    if (open >= max) {
      throw businessRule('limit_exceeded', 'This agent already has as many open streams as its KYA tier allows.', {
        limitType: 'active_streams',
        limit: max,
        used: open,
        requested: 1,
        scope: 'agent',
      });
    }
  }
  await assertCanSend(tx, sender.id, funding, input.currency, now, { agent: agentLimitsOf(actor), rates: deps.fx.provider });
  const need = await creationApprovalNeeded(tx, deps.fx.provider, {
    type: 'internal',
    initiator: actor.kind,
    amount: funding,
    currency: input.currency,
  });
  const state: StreamState = {
    currency: input.currency,
    ratePerSecond: rate,
    funded: funding,
    withdrawn: new Money(0),
    accruedSeconds: 0,
    runningSince: need ? null : now,
  };
  const stream = await repo.insertStream(tx, {
    tenantId: actor.tenantId,
    environment: actor.environment,
    id: randomUUID(),
    sender_account_id: sender.id,
    receiver_account_id: receiver.id,
    currency: input.currency,
    rate_per_second: rate.toFixed(),
    funded: funding.toFixed(),
    status: need ? 'requires_approval' : 'active',
    running_since: state.runningSince,
    depletes_at: need ? null : depletionInstant(state, now),
    health: figures(state, now).health,
    description: input.description ?? null,
    category: input.category ?? null,
    initiated_by_type: actor.kind,
    initiated_by_id: actor.id,
    initiated_by_name: actor.name,
    created_at: now,
  });
  await ledger.post(tx, {
    entries: [
      { accountId: sender.id, currency: input.currency, part: 'available', amount: funding.neg() },
      { accountId: sender.id, currency: input.currency, part: 'in_streams', amount: funding },
    ],
    referenceType: 'stream_funding',
    referenceId: stream.id,
    description: `Stream to ${receiver.name}`,
    at: now,
  });
  if (need) await insertRequests(tx, actor, [requestRow({ type: 'stream', id: stream.id }, need, actor, now)]);
  await event(tx, actor, stream.id, 'created', now, funding, { ratePerSecond: rate.toFixed() });
  streamChanged(tx, 'created', stream, now);
  return stream;
}

type Scope = { tenantId: string; environment: 'test' | 'live' };

/**
 * The last approval a waiting stream needed came (approvals.service, under the stream's row lock): it
 * starts flowing now. A sender suspended meanwhile sends nothing: it stays waiting (a denial, a cancel
 * or the expiry ends it). Errors: 422 account_suspended, invalid_state (the receiver closed).
 */
export async function approveStream(
  tx: Queryable,
  actor: Pick<Actor, 'tenantId' | 'environment' | 'kind' | 'id'>,
  s: repo.StreamRow,
  now: Date,
) {
  const [sender, receiver] = await getAccountPairOrThrow(tx, s.sender_account_id, s.receiver_account_id);
  if (sender.verification_status === 'suspended') {
    throw businessRule('account_suspended', 'The sending account was suspended while this stream waited: it cannot send money.');
  }
  // Closing an account with a live stream is refused (accounts.service closeAccount); should one be
  // closed anyway, nothing flows into it.
  if (receiver.status === 'closed') {
    throw businessRule('invalid_state', 'The receiving account is closed: deny this stream to give its funding back.', {
      status: 'closed',
    });
  }
  const updated = await startFlowing(tx, s, now);
  await event(tx, actor, s.id, 'approved', now);
  streamChanged(tx, 'approved', updated, now, s, actor);
  return updated;
}

/** A waiting stream was denied, or no decision came in time: it ends and its whole funding goes back to the sender. */
export async function endUnapprovedStream(
  tx: Queryable,
  actor: Scope & { kind: repo.EventRow['actor_type']; id: string | null },
  s: repo.StreamRow,
  status: 'denied' | 'expired',
  now: Date,
) {
  await refundSender(tx, s, new Money(s.funded).minus(s.withdrawn), now);
  const updated = await repo.updateStream(tx, s.id, { status, depletes_at: null, ended_at: now }, now);
  await event(tx, actor, s.id, status, now, new Money(s.funded));
  streamChanged(tx, status, updated, now, s, actor);
  return updated;
}

/** The stream flows from `now` (resumed, or approved): active, its depletion and health computed anew. */
function startFlowing(tx: Queryable, s: repo.StreamRow, now: Date) {
  const running: StreamState = { ...stateOf(s), runningSince: now };
  return repo.updateStream(
    tx,
    s.id,
    { status: 'active', running_since: now, depletes_at: depletionInstant(running, now), health: figures(running, now).health },
    now,
  );
}

/** What is left in a stream goes back to the sender's available balance. */
async function refundSender(tx: Queryable, s: repo.StreamRow, remaining: Amount, at: Date) {
  if (remaining.isZero()) return;
  await ledger.post(tx, {
    entries: [
      { accountId: s.sender_account_id, currency: s.currency, part: 'in_streams', amount: remaining.neg() },
      { accountId: s.sender_account_id, currency: s.currency, part: 'available', amount: remaining },
    ],
    referenceType: 'stream_refund',
    referenceId: s.id,
    at,
  });
}

/** Moves `amount` of what has streamed to the receiver (a withdrawal, or a settlement at the end). */
async function payReceiver(tx: Queryable, s: repo.StreamRow, amount: Amount, at: Date) {
  if (amount.isZero()) return;
  await ledger.post(tx, {
    entries: [
      { accountId: s.sender_account_id, currency: s.currency, part: 'in_streams', amount: amount.neg() },
      { accountId: s.receiver_account_id, currency: s.currency, part: 'available', amount },
    ],
    referenceType: 'stream_withdrawal',
    referenceId: s.id,
    at,
  });
}

export async function pauseStream(tx: Queryable, deps: Clocked, actor: Actor, id: string) {
  const s = await getStreamOrThrow(tx, actor, id, true);
  assertSenderSide(actor, s);
  if (s.status !== 'active') throw invalidState('pause', s);
  const now = deps.clock.now();
  if (figures(stateOf(s), now).isDepleted) throw invalidState('pause', { ...s, status: 'depleted' });
  const updated = await repo.updateStream(
    tx,
    id,
    { status: 'paused', accrued_seconds: figures(stateOf(s), now).activeSeconds, running_since: null, depletes_at: null },
    now,
  );
  await event(tx, actor, id, 'paused', now);
  streamChanged(tx, 'paused', updated, now, s);
  return updated;
}

export async function resumeStream(tx: Queryable, deps: Clocked, actor: Actor, id: string) {
  const s = await getStreamOrThrow(tx, actor, id, true);
  assertSenderSide(actor, s);
  if (s.status !== 'paused') throw invalidState('resume', s);
  const now = deps.clock.now();
  const updated = await startFlowing(tx, s, now);
  await event(tx, actor, id, 'resumed', now);
  streamChanged(tx, 'resumed', updated, now, s);
  return updated;
}

/**
 * Adds funding (counts as outgoing money for limits). `amountInput` was parsed without a currency (the
 * route: parseDecimalParam); it is held to the stream's scale here. A top-up whose amount and caller
 * match an approval policy is refused (approval_required): streams are approved when they are opened.
 * Errors: 400 amount_too_precise, or an amount that would make the stream hold more than 1,000 years
 * of flow; 422 invalid_state, limit_exceeded, insufficient_funds, approval_required; 503 rates_unavailable.
 */
export async function topUpStream(tx: Queryable, deps: SendDeps, actor: Actor, id: string, amountInput: ParsedDecimal) {
  const s = await getStreamOrThrow(tx, actor, id, true);
  assertSenderSide(actor, s);
  if (s.status !== 'active' && s.status !== 'paused') throw invalidState('top up', s);
  const amount = amountIn(amountInput, s.currency);
  const now = deps.clock.now();
  if (figures(stateOf(s), now).isDepleted) throw invalidState('top up', { ...s, status: 'depleted' });
  const maximum = maximumTopUp(stateOf(s), now);
  if (amount.gt(maximum)) throw fundingTooLarge('amount', maximum, s.currency);
  await assertCanSend(tx, s.sender_account_id, amount, s.currency, now, { agent: agentLimitsOf(actor), rates: deps.fx.provider });
  // A top-up an approval policy would hold is money no one approved: it is refused, never added unseen.
  const need = await creationApprovalNeeded(tx, deps.fx.provider, {
    type: 'internal',
    initiator: actor.kind,
    amount,
    currency: s.currency,
  });
  if (need) {
    throw businessRule(
      'approval_required',
      `A top-up this large needs approval (policy “${need.policy.name}”): open a new stream for it, which waits for its approvals.`,
      { policy: { id: need.policy.id, name: need.policy.name } },
    );
  }
  const state: StreamState = { ...stateOf(s), funded: new Money(s.funded).plus(amount) };
  await ledger.post(tx, {
    entries: [
      { accountId: s.sender_account_id, currency: s.currency, part: 'available', amount: amount.neg() },
      { accountId: s.sender_account_id, currency: s.currency, part: 'in_streams', amount },
    ],
    referenceType: 'stream_top_up',
    referenceId: s.id,
    at: now,
  });
  const updated = await repo.updateStream(
    tx,
    id,
    { funded: state.funded.toFixed(), depletes_at: depletionInstant(state, now), health: figures(state, now).health },
    now,
  );
  await event(tx, actor, id, 'topped_up', now, amount);
  streamChanged(tx, 'topped_up', updated, now, s);
  return updated;
}

/**
 * The receiver takes what has streamed (all of it by default). `amountInput` was parsed without a currency
 * (the route: parseDecimalParam); it is held to the stream's scale here. Errors: 403 for the sending side's
 * agent; 400 amount_too_precise; 422 nothing_to_withdraw, amount_exceeds_withdrawable.
 */
export async function withdrawStream(tx: Queryable, deps: Clocked, actor: Actor, id: string, amountInput?: ParsedDecimal) {
  const s = await getStreamOrThrow(tx, actor, id, true);
  if (actor.agent && actor.agent.accountId !== s.receiver_account_id) {
    throw new AppError('permission_error', 'stream_receiver_only', 'Only the receiving side may withdraw from this stream.');
  }
  const now = deps.clock.now();
  const { withdrawable } = figures(stateOf(s), now);
  const amount = amountInput === undefined ? withdrawable : amountIn(amountInput, s.currency);
  if (withdrawable.isZero() || amount.isZero())
    throw businessRule('nothing_to_withdraw', 'Nothing has streamed since the last withdrawal.');
  if (amount.gt(withdrawable)) {
    throw businessRule('amount_exceeds_withdrawable', 'That is more than has streamed and not been withdrawn.', {
      withdrawable: formatAmount(withdrawable, s.currency),
      requested: formatAmount(amount, s.currency),
    });
  }
  await payReceiver(tx, s, amount, now);
  const updated = await repo.updateStream(tx, id, { withdrawn: new Money(s.withdrawn).plus(amount).toFixed() }, now);
  await event(tx, actor, id, 'withdrawn', now, amount);
  streamChanged(tx, 'withdrawn', updated, now, s);
  return updated;
}

/**
 * Ends the stream: what streamed goes to the receiver, the rest back to the sender (all of it for one
 * still waiting for approval). Errors: 422 invalid_state.
 */
export async function cancelStream(tx: Queryable, deps: Clocked, actor: Actor, id: string) {
  const s = await getStreamOrThrow(tx, actor, id, true);
  assertSenderSide(actor, s);
  if (ENDED.has(s.status)) throw invalidState('cancel', s);
  const now = deps.clock.now();
  // One waiting for approval has not flowed: all of its funding goes back, and its request is cancelled.
  if (s.status === 'requires_approval') await cancelPendingRequestOf(tx, { type: 'stream', id: s.id }, now);
  const f = figures(stateOf(s), now);
  await payReceiver(tx, s, f.withdrawable, now);
  await refundSender(tx, s, f.remaining, now);
  // Frozen for good: withdrawn is everything the receiver got; the rest (funded − withdrawn) was refunded.
  const updated = await repo.updateStream(
    tx,
    id,
    {
      status: 'cancelled',
      accrued_seconds: f.activeSeconds,
      running_since: null,
      depletes_at: null,
      withdrawn: f.streamed.toFixed(),
      ended_at: now,
    },
    now,
  );
  await event(tx, actor, id, 'cancelled', now, f.remaining, {
    settledToReceiver: f.withdrawable.toFixed(),
    returnedToSender: f.remaining.toFixed(),
  });
  streamChanged(tx, 'cancelled', updated, now, s);
  return updated;
}

/** What happened to a stream, newest first (the latest MAX_STREAM_EVENTS). Errors: 404. */
export async function listEvents(tx: Queryable, actor: Actor, id: string): Promise<StreamEvent[]> {
  const s = await getStreamOrThrow(tx, actor, id);
  return (await repo.listEvents(tx, s.id, MAX_STREAM_EVENTS)).map(presentStreamEvent);
}

export async function listPage(
  tx: Queryable,
  actor: Actor,
  filter: repo.StreamFilter,
  page: { limit: number; cursor?: string },
  now: Date,
): Promise<List<Stream>> {
  const own = actor.agent?.accountId;
  if (own && filter.accountId && filter.accountId.toLowerCase() !== own) return { data: [], hasMore: false, nextCursor: null };
  const rows = await repo.listStreams(
    tx,
    { ...filter, ...(own && { accountId: own }) },
    { limit: page.limit, cursor: decodeCursor(page.cursor) },
  );
  return toPage(rows, page.limit, (r) => presentStream(r, now));
}

/** The streams an account sends or receives (the agent rules of listPage apply). Errors: 404 for an unknown account. */
export async function listAccountPage(
  tx: Queryable,
  actor: Actor,
  accountId: string,
  filter: Omit<repo.StreamFilter, 'accountId'>,
  page: { limit: number; cursor?: string },
  now: Date,
): Promise<List<Stream>> {
  const account = await getAccountOrThrow(tx, accountId);
  return listPage(tx, actor, { ...filter, accountId: account.id }, page, now);
}

/** The streams among `ids` the caller may see (an agent: its account's), for the live feed; at most MAX_FEED_STREAMS. */
export function listFeedStreams(tx: Queryable, actor: Actor, ids: string[]) {
  return repo.listStreams(tx, { ids, ...(actor.agent && { accountId: actor.agent.accountId }) }, { limit: MAX_FEED_STREAMS });
}

/** Totals across the caller's active and paused streams, per currency. */
export async function stats(tx: Queryable, actor: Actor, now: Date): Promise<StreamStats> {
  const rows = await repo.listStreams(tx, { ...(actor.agent && { accountId: actor.agent.accountId }) }, { limit: 10_000 });
  const byCurrency = new Map<Currency, { active: number; paused: number; flowPerMonth: Amount; inStreams: Amount; withdrawable: Amount }>();
  const health = { healthy: 0, warning: 0, critical: 0 };
  for (const row of rows) {
    if (row.status !== 'active' && row.status !== 'paused') continue;
    const p = presentStream(row, now);
    const c = byCurrency.get(row.currency) ?? {
      active: 0,
      paused: 0,
      flowPerMonth: new Money(0),
      inStreams: new Money(0),
      withdrawable: new Money(0),
    };
    c[row.status] += 1;
    if (row.status === 'active') c.flowPerMonth = c.flowPerMonth.plus(p.ratePerMonth);
    c.inStreams = c.inStreams.plus(new Money(row.funded).minus(row.withdrawn));
    c.withdrawable = c.withdrawable.plus(p.withdrawable);
    byCurrency.set(row.currency, c);
    health[p.health] += 1;
  }
  return {
    health,
    currencies: [...byCurrency].map(([currency, c]) => ({
      currency,
      active: c.active,
      paused: c.paused,
      flowPerMonth: formatAmount(c.flowPerMonth, currency),
      inStreams: formatAmount(c.inStreams, currency),
      withdrawable: formatAmount(c.withdrawable, currency),
    })),
  };
}

/**
 * Worker pass: active streams whose funding ran out (depletes_at passed) are claimed with SKIP LOCKED
 * and settled — what streamed goes to the receiver, the stream becomes `depleted`; streams whose
 * health band changed get `health_changed`. Reads are right before it runs: figures are computed.
 */
export async function settleStreams(db: Database, deps: Clocked, max = 100): Promise<number> {
  let done = 0;
  while (done < max) {
    const now = deps.clock.now();
    const claimed = await repo.claimDepletedStream(db, now, (tx, due) => settleDepleted(tx, due, now));
    if (!claimed) break;
    done++;
  }
  return done + (await refreshHealth(db, deps.clock.now()));
}

/** A stream whose funding ran out: what streamed goes to the receiver, and it becomes `depleted`. */
async function settleDepleted(tx: Queryable, due: Claimed, now: Date) {
  const s = (await repo.findStream(tx, due.id)) as repo.StreamRow;
  const f = figures(stateOf(s), now);
  if (!f.isDepleted) {
    // Topped up or re-timed since: recompute when it runs out.
    await repo.updateStream(tx, s.id, { depletes_at: depletionInstant(stateOf(s), now) }, now);
    return;
  }
  await payReceiver(tx, s, f.withdrawable, now);
  const depleted = await repo.updateStream(
    tx,
    s.id,
    {
      status: 'depleted',
      accrued_seconds: f.activeSeconds,
      running_since: null,
      depletes_at: null,
      withdrawn: f.streamed.toFixed(),
      health: 'critical',
      ended_at: now,
    },
    now,
  );
  await event(
    tx,
    { tenantId: due.tenant_id, environment: due.environment, kind: 'system', id: null },
    s.id,
    'depleted',
    now,
    f.withdrawable,
  );
  streamChanged(tx, 'depleted', depleted, now, s);
}

/** Health bands: active streams whose stored band is stale get the new one and a `health_changed` event. */
async function refreshHealth(db: Database, now: Date): Promise<number> {
  return withOwner(db, async (tx) => {
    const rows = await repo.lockActiveStreams(tx);
    let changed = 0;
    for (const s of rows) {
      const health = figures(stateOf(s), now).health;
      if (health === s.health) continue;
      await repo.setHealth(tx, { tenantId: s.tenant_id, id: s.id }, health, now);
      await repo.insertEvent(tx, {
        tenantId: s.tenant_id,
        environment: s.environment,
        id: randomUUID(),
        streamId: s.id,
        type: 'health_changed',
        amount: null,
        data: { from: s.health, to: health },
        actorType: 'system',
        actorId: null,
        at: now,
      });
      // An owner's pass across tenants: the event names its tenant and environment itself.
      streamChanged(tx, 'health_changed', { ...s, health, updated_at: now }, now, s, { tenantId: s.tenant_id, environment: s.environment });
      changed++;
    }
    return changed;
  });
}
