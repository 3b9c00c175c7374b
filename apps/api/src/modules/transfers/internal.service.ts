import { randomUUID } from 'node:crypto';
import type { Transfer } from '@payos/contracts';
import { inOrder, type Queryable, type TenantScope } from '@payos/db';
import { type Amount, type Currency, Money } from '@payos/money';
import type { AppDeps } from '../../context.js';
import type { Actor } from '../../core/actor.js';
import { AppError, invalidRequest, notFound } from '../../core/errors.js';
import { allPolicies, approvalNeeded, insertRequests, requestRow, waitingNote } from '../approvals/matching.js';
import { recordAudits } from '../audit/audit.repo.js';
import { type EventInput, recordEvents } from '../events/events.service.js';
import { claimKeys, keyInUse, replayOf, storeResponses } from '../idempotency/idempotency.service.js';
import * as ledger from '../ledger/ledger.service.js';
import {
  agentLimitsOf,
  agentsUsage,
  assertWithinLimits,
  prefetchUsdRates,
  sendersUsage,
  type UsageRow,
  withKnownRates,
} from '../limits/limits.service.js';
import type { InternalTransferCommand, InternalTransferInput, MovementResult } from '../movements/commands.js';
import type { Outcome } from '../movements/group-commit.js';
import {
  evaluate,
  loadRiskContext,
  loadRiskRules,
  noteAccepted,
  type RiskCandidate,
  reviewItemsOf,
  reviewNote,
  transferBlocked,
  writeReviewItems,
} from '../risk/risk.engine.js';
import * as repo from './internal-batch.repo.js';
import type { TransferEventRow, TransferRow } from './transfers.repo.js';
import { assertAgentSendsFrom, canonicalId, presentTransfer } from './transfers.service.js';

/** The clock, the FX rate provider the limit check converts to USD with, and the secret sealed replays open with. */
export type InternalTransferDeps = Pick<AppDeps, 'clock' | 'fx'> & { config?: Pick<AppDeps['config'], 'jwtSecret'> };

export type { InternalTransferInput };

/**
 * An internal transfer: same currency, between two accounts of this tenant environment, no fee,
 * completed synchronously. The checks that need no database run here, before the command is queued.
 * Ids are compared in canonical form, so an upper-cased own id is the same account (self_transfer).
 * Errors: 400 self_transfer; 404 fromAccountId (an agent's sending account must be its own).
 */
export function internalTransferCommand(
  actor: Actor,
  input: InternalTransferInput,
  extra: Pick<InternalTransferCommand, 'audit' | 'idempotency'> = {},
): InternalTransferCommand {
  const fromAccountId = canonicalId(input.fromAccountId);
  const toAccountId = canonicalId(input.toAccountId);
  if (fromAccountId === toAccountId) {
    throw invalidRequest('self_transfer', 'fromAccountId and toAccountId must be different accounts.', 'toAccountId');
  }
  assertAgentSendsFrom(actor, fromAccountId);
  return { kind: 'internal_transfer', actor, id: randomUUID(), ...input, fromAccountId, toAccountId, ...extra };
}

/**
 * Over HTTP: the transfer joins its tenant environment's next batch (group commit) and is answered
 * once that batch has committed. Errors: those of internalTransferCommand and executeInternalTransfers.
 */
export async function submitInternalTransfer(
  deps: Pick<AppDeps, 'movements' | 'fx'>,
  command: InternalTransferCommand,
): Promise<MovementResult> {
  // A non-USD send's rate is asked for now, while it holds nothing: the batch decides with it at once.
  const usdRates = await prefetchUsdRates(deps.fx.provider, command.currency);
  return deps.movements.submit(command.actor, { ...command, usdRates });
}

/** In the caller's own transaction (a schedule run, the seed): a batch of one; its refusal is thrown. */
export async function createInternalTransfer(
  tx: Queryable,
  deps: InternalTransferDeps,
  actor: Actor,
  input: InternalTransferInput,
): Promise<Transfer> {
  const [outcome] = await executeInternalTransfers(tx, deps, [internalTransferCommand(actor, input)]);
  if (!outcome?.ok) throw outcome?.error;
  if (outcome.value.replayed) throw new Error('createInternalTransfer: a command without a key cannot be a replay');
  return outcome.value.transfer;
}

const key = (accountId: string, currency: Currency) => `${accountId}|${currency}`;

/**
 * Executes internal transfers of one tenant environment in the caller's transaction and returns one
 * outcome per command, in order — each command all-or-nothing, as if they had run one after another:
 *
 * 1. One round trip reads and locks everything: the Idempotency-Keys (try-locks, stored responses),
 *    the sending accounts (NO KEY UPDATE, id order), every account involved, the recipients' missing
 *    balance rows opened, then every balance moved locked (FOR UPDATE, (account, currency) order —
 *    ledger_post's order: open, then lock), the senders' and agents' usage.
 *    Locks are taken in one global order per table, so batches cannot deadlock each other.
 * 2. Each command is decided in memory, in order, against those figures plus the effects of the
 *    commands accepted before it: keys, accounts, sender state, limits (earlier sends of the batch
 *    counted), funds (earlier debits and credits counted). A refused command writes nothing and gets
 *    its error — the same one, in the same precedence, as a transfer made alone.
 * 3. The accepted ones are written set-based — transfers, timelines, their ledger transactions in one
 *    ledger_post_many() call (which checks them again), their events (transfer.created, then
 *    transfer.completed) with the webhook outbox, audit rows, stored responses — sent together, then
 *    COMMIT.
 *
 * Errors per command: 404 fromAccountId / toAccountId; 422 account_suspended, invalid_state (closed
 * sender), limit_exceeded, insufficient_funds; 503 rates_unavailable; 409 idempotency_key_in_use,
 * 422 idempotency_key_reused.
 */
export async function executeInternalTransfers(
  tx: Queryable,
  deps: InternalTransferDeps,
  commands: readonly InternalTransferCommand[],
): Promise<Outcome<MovementResult>[]> {
  const scope = commands[0]?.actor as TenantScope;
  const now = deps.clock.now();
  const keyed = commands.filter((c) => c.idempotency);
  const senders = [...new Set(commands.map((c) => c.fromAccountId))];
  const accountIds = [...new Set(commands.flatMap((c) => [c.fromAccountId, c.toAccountId]))];
  const balanceKeys = [
    ...new Map(
      commands.flatMap((c) => [c.fromAccountId, c.toAccountId].map((a) => [key(a, c.currency), { accountId: a, currency: c.currency }])),
    ).values(),
  ];
  const receiverKeys = [
    ...new Map(commands.map((c) => [key(c.toAccountId, c.currency), { accountId: c.toAccountId, currency: c.currency }])).values(),
  ];
  const agents = [...new Map(commands.filter((c) => c.actor.agent).map((c) => [c.actor.id, c.actor])).values()];

  // 1. Everything the decisions need, in one round trip, in lock order.
  const locked = inOrder(
    keyed.length > 0 ? claimKeys(tx, scope, [...new Set(keyed.map((c) => c.idempotency?.key as string))]) : Promise.resolve(new Map()),
    repo.lockSenders(tx, senders),
    repo.readAccounts(tx, accountIds),
    repo.openBalances(tx, receiverKeys),
    repo.lockBalances(tx, balanceKeys),
    sendersUsage(tx, senders, now),
    agents.length > 0
      ? agentsUsage(
          tx,
          agents.map((a) => a.id),
          now,
        )
      : Promise.resolve(new Map<string, UsageRow[]>()),
    allPolicies(tx),
    loadRiskRules(tx, scope.environment),
  );
  locked.catch(() => {}); // awaited below; a failure must not count as unhandled meanwhile
  // While the database takes the locks, what does not depend on them: each command's row, response and
  // events (all but the accounts' names, which come with the locks). Done once the statements have left
  // (the connection sends at the end of this turn), so the batch's locks are not held while it is computed.
  await new Promise((resolve) => setImmediate(resolve));
  const prepared = commands.map((command) => prepareTransfer(command, now));
  const [claims, , accounts, opened, balances, senderUsage, agentUsage, policies, rules] = await locked;
  // What the risk rules need about the senders (nothing is read when no rule is enabled).
  const candidates = commands.map(
    (c): RiskCandidate => ({
      type: 'internal',
      transferId: c.id,
      fromAccountId: c.fromAccountId,
      toAccountId: c.toAccountId,
      amount: c.amount,
      currency: c.currency,
    }),
  );
  const knownRates = new Map(commands.flatMap((c) => [...(c.usdRates ?? new Map())]));
  const risk = await loadRiskContext(tx, deps, rules, candidates, now, knownRates);
  /** Review items to write with the batch: refusal records of blocked commands, flags and reviews of accepted ones. */
  const reviewItems: ReturnType<typeof reviewItemsOf> = [];
  /** The request each refusal record answered. */
  const refusedRequests = new Map<string, string | null>();
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const available = new Map(
    balances.map((b) => [key(b.account_id, b.currency), { amount: new Money(b.available) as Amount, free: b.allow_negative }]),
  );
  // What the batch's accepted sends add to each sender's and agent's usage, per currency.
  const batchUsage = new Map<string, UsageRow[]>();
  const addUsage = (owner: string, currency: Currency, amount: Amount) => {
    const rows = batchUsage.get(owner) ?? [];
    rows.push({ currency, daily: amount.toFixed(), monthly: amount.toFixed() });
    batchUsage.set(owner, rows);
  };
  const claimed = new Set<string>();

  // 2. Decide, in order.
  const outcomes: Outcome<MovementResult>[] = [];
  const accepted: (Prepared & { command: InternalTransferCommand; description: string })[] = [];
  for (const [index, command] of commands.entries()) {
    try {
      if (command.idempotency) {
        const { key: idempotencyKey } = command.idempotency;
        const claim = claims.get(idempotencyKey);
        if (!claim?.acquired || claimed.has(idempotencyKey)) throw keyInUse();
        claimed.add(idempotencyKey);
        const replay = replayOf(claim.stored, command.actor, command.idempotency, now, deps.config?.jwtSecret);
        if (replay) {
          outcomes.push({ ok: true, value: { replayed: true, ...replay } });
          continue;
        }
      }
      const from = accountById.get(command.fromAccountId);
      const to = accountById.get(command.toAccountId);
      if (!from) throw notFound('account', 'fromAccountId');
      if (!to || to.status === 'closed') throw notFound('account', 'toAccountId');
      const agent = agentLimitsOf(command.actor);
      await assertWithinLimits(
        from,
        [...(senderUsage.get(from.id) ?? []), ...(batchUsage.get(from.id) ?? [])],
        agent && [...(agentUsage.get(agent.id) ?? []), ...(batchUsage.get(`agent:${agent.id}`) ?? [])],
        command.amount,
        command.currency,
        { agent, rates: withKnownRates(deps.fx.provider, command.usdRates) },
      );
      const debit = available.get(key(from.id, command.currency)) ?? { amount: new Money(0) as Amount, free: false };
      if (!debit.free && debit.amount.lt(command.amount)) {
        throw ledger.insufficientFunds({
          accountId: from.id,
          currency: command.currency,
          part: 'available',
          available: debit.amount.toFixed(),
          required: command.amount.toFixed(),
        });
      }
      // The risk rules: a block refuses it (its refusal record is written with the batch); a review
      // holds it for a reviewer, whose approval runs the approval policies then.
      const by = { type: command.actor.kind, id: command.actor.id, name: command.actor.name };
      const evaluation = evaluate(risk, candidates[index] as RiskCandidate);
      if (evaluation.outcome === 'block') {
        const [record] = reviewItemsOf(null, evaluation, by, now);
        if (record) {
          reviewItems.push(record);
          refusedRequests.set(record.id, command.audit?.requestId ?? null);
        }
        throw transferBlocked(evaluation, record?.id ?? '');
      }
      const review = evaluation.outcome === 'review';
      // An approval policy it matches makes it wait, held on the sender, for people to approve it.
      const need =
        !review && !command.approvalGranted && policies.length > 0
          ? await approvalNeeded(policies, withKnownRates(deps.fx.provider, command.usdRates), {
              type: 'internal',
              initiator: command.actor.kind,
              amount: command.amount,
              currency: command.currency,
            })
          : undefined;
      // Accepted: its effects count for the commands after it.
      available.set(key(from.id, command.currency), { ...debit, amount: debit.amount.minus(command.amount) });
      if (!need && !review) {
        const credit = available.get(key(to.id, command.currency)) ?? { amount: new Money(0) as Amount, free: false };
        available.set(key(to.id, command.currency), { ...credit, amount: credit.amount.plus(command.amount) });
      }
      addUsage(from.id, command.currency, command.amount);
      if (command.actor.agent) addUsage(`agent:${command.actor.id}`, command.currency, command.amount);
      noteAccepted(risk, candidates[index] as RiskCandidate);
      reviewItems.push(...reviewItemsOf(command.id, evaluation, by, now));
      // Its row, answer and events name both accounts as read (and locked) above.
      const names = { from: from.name, to: { id: to.id, name: to.name } };
      const done = review
        ? prepareHeldTransfer(command, now, names, { status: 'requires_review', note: reviewNote(evaluation) })
        : need
          ? prepareHeldTransfer(command, now, names, {
              status: 'requires_approval',
              note: waitingNote(need),
              request: requestRow({ type: 'transfer', id: command.id }, need, command.actor, now),
            })
          : named(prepared[index] as Prepared, command, names);
      accepted.push({ ...done, command, description: command.description ?? `Transfer to ${to.name}` });
      outcomes.push({ ok: true, value: { replayed: false, status: 201, transfer: done.transfer } });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcomes.push({ ok: false, error });
    }
  }

  // 3. Write what was accepted: the statements go out together, and COMMIT once the transfers are in.
  const written = repo.insertTransfers(
    tx,
    scope,
    accepted.map((a) => a.row),
    accepted.flatMap((a) => a.timeline),
  );
  // After the transfers they name (statements run in the order they are sent).
  const requested = insertRequests(
    tx,
    scope,
    accepted.flatMap((a) => (a.request ? [a.request] : [])),
  );
  requested.catch(() => {}); // awaited below; a failure must not count as unhandled meanwhile
  const reviewed = writeReviewItems(tx, scope, reviewItems);
  reviewed.catch(() => {}); // as `requested`
  ledger.postManyOnCommit(
    tx,
    accepted.map((a) => ({
      ...(a.held
        ? { entries: ledger.holdEntries(a.command.fromAccountId, a.command.currency, a.command.amount), referenceType: 'transfer_hold' }
        : {
            entries: ledger.moveEntries(a.command.fromAccountId, a.command.toAccountId, a.command.currency, a.command.amount),
            referenceType: 'transfer',
          }),
      referenceId: a.row.id,
      description: a.description,
      at: now,
    })),
  );
  // Rows opened above for recipients that nothing credits (refused or held commands) go again.
  const credited = new Set(accepted.filter((a) => !a.held).map((a) => key(a.command.toAccountId, a.command.currency)));
  repo.discardUnusedBalances(
    tx,
    opened.filter((b) => !credited.has(key(b.account_id, b.currency))).map((b) => ({ accountId: b.account_id, currency: b.currency })),
  );
  recordEvents(
    tx,
    accepted.flatMap((a) => a.events),
  );
  recordAudits(
    tx,
    accepted
      .filter((a) => a.command.audit)
      .map(({ command, row }) => ({
        tenantId: command.actor.tenantId,
        environment: command.actor.environment,
        actor: { type: command.actor.kind, id: command.actor.id, name: command.actor.name },
        action: 'transfer.created',
        objectType: 'transfer',
        objectId: row.id,
        requestId: command.audit?.requestId ?? null,
        at: now,
      })),
  );
  // Who asked for each blocked transfer, next to its refusal record.
  recordAudits(
    tx,
    reviewItems
      .filter((r) => r.status === 'blocked')
      .map((r) => ({
        tenantId: scope.tenantId,
        environment: scope.environment,
        actor: { type: r.created_by_type, id: r.created_by_id, name: r.created_by_name },
        action: 'transfer.blocked',
        objectType: 'review',
        objectId: r.id,
        requestId: refusedRequests.get(r.id) ?? null,
        at: now,
      })),
  );
  storeResponses(
    tx,
    accepted.flatMap(({ command, body }) =>
      command.idempotency && body !== undefined ? [{ actor: command.actor, request: command.idempotency, status: 201, body }] : [],
    ),
    now,
  );
  await written;
  await requested;
  await reviewed;
  return outcomes;
}

/** What an accepted command writes and answers, computed before it is decided. */
type Prepared = {
  row: TransferRow;
  timeline: TransferEventRow[];
  transfer: Transfer;
  body?: string;
  events: EventInput[];
  /** Held on the sender (waiting for approval or review) rather than moved. */
  held?: boolean;
  /** The approval request of one that waits for approval. */
  request?: ReturnType<typeof requestRow>;
};

/** The names a transfer's row carries: its sending account's, and its receiving account's (its recipient). */
type Names = { from: string; to: { id: string; name: string } };

/** A completed transfer's row, answer and events, without the names (see named()); no stored body yet. */
function prepareTransfer(command: InternalTransferCommand, now: Date): Prepared {
  const row = transferRow(command, now, null);
  const pending = { transfer_id: row.id, status: 'pending' as const, note: null, at: now };
  const timeline = [pending, { ...pending, status: 'completed' as const }];
  const transfer = presentTransfer(row, timeline);
  // Its events: created as its timeline began (pending), then completed — what a receiver would have
  // seen had the two states been apart.
  const created = presentTransfer({ ...row, status: 'pending' }, [pending]);
  const event = { objectType: 'transfer', objectId: row.id, at: now };
  return {
    row,
    timeline,
    transfer,
    events: [
      { ...event, type: 'transfer.created', object: created },
      { ...event, type: 'transfer.completed', object: transfer, previous: created },
    ],
  };
}

/**
 * A prepared transfer with the names the batch read with its locks: spread into the row, the answer
 * and the events (the keys keep their places: the presenter wrote them, null), and the stored body
 * written from the answer so named.
 */
function named(p: Prepared, command: InternalTransferCommand, names: Names): Prepared {
  const row = { ...p.row, ...rowNames(names) };
  const wire = { fromAccountName: row.from_account_name, recipient: row.recipient };
  const transfer: Transfer = { ...p.transfer, ...wire };
  const byObject = new Map<object, Transfer>([[p.transfer, transfer]]);
  const withNames = (object: object) => byObject.get(object) ?? { ...(object as Transfer), ...wire };
  return {
    ...p,
    row,
    transfer,
    // The stored text is what the route answers: c.json of { data: transfer }.
    body: command.idempotency ? JSON.stringify({ data: transfer }) : undefined,
    events: p.events.map((e) => ({ ...e, object: withNames(e.object), ...(e.previous ? { previous: withNames(e.previous) } : {}) })),
  };
}

/** What a command held on its sender writes and answers: waiting for approval (with its request) or for review. */
function prepareHeldTransfer(
  command: InternalTransferCommand,
  now: Date,
  names: Names,
  hold: { status: 'requires_approval' | 'requires_review'; note: string; request?: ReturnType<typeof requestRow> },
): Prepared {
  const row: TransferRow = { ...transferRow(command, now, names), status: hold.status };
  const timeline = [{ transfer_id: row.id, status: hold.status, note: hold.note, at: now }];
  const transfer = presentTransfer(row, timeline);
  return {
    row,
    timeline,
    transfer,
    body: command.idempotency ? JSON.stringify({ data: transfer }) : undefined,
    events: [{ type: 'transfer.created', objectType: 'transfer', objectId: row.id, object: transfer, at: now }],
    held: true,
    request: hold.request,
  };
}

/** The names COLUMNS reads along with a row, for an internal transfer (as accountRecipientSql writes its recipient). */
const rowNames = (names: Names): Pick<TransferRow, 'from_account_name' | 'recipient'> => ({
  from_account_name: names.from,
  recipient: { type: 'account', id: names.to.id, name: names.to.name, detail: null },
});

/**
 * The row an accepted internal transfer inserts — every column, and the names read with it when known
 * (null until the batch has read them: see named()), so the response needs no read-back.
 */
function transferRow(command: InternalTransferCommand, now: Date, names: Names | null): TransferRow {
  return {
    id: command.id,
    type: 'internal',
    status: 'completed',
    from_account_id: command.fromAccountId,
    to_account_id: command.toAccountId,
    payment_method_id: null,
    amount: command.amount.toFixed(),
    currency: command.currency,
    fees: [],
    fee_total: '0',
    total_debit: command.amount.toFixed(),
    destination_amount: null,
    destination_currency: null,
    rate: null,
    quote_id: null,
    description: command.description ?? null,
    metadata: inJsonbOrder(command.metadata ?? {}),
    failure_reason: null,
    refunded_amount: '0',
    refund_pending_amount: '0',
    refund_count: 0,
    return_code: null,
    return_reason: null,
    returned_at: null,
    travel_rule: null,
    initiated_by_type: command.actor.kind,
    initiated_by_id: command.actor.id,
    initiated_by_name: command.actor.name,
    created_at: now,
    updated_at: now,
    ...(names ? rowNames(names) : { from_account_name: null, recipient: null }),
  };
}

/**
 * An object with its keys in the order PostgreSQL's jsonb keeps them (shorter UTF-8 first, then byte
 * order), so the answer built from the request reads exactly as the stored row will.
 */
function inJsonbOrder(metadata: Record<string, string>): Record<string, string> {
  const keys = Object.keys(metadata).map((key) => ({ key, bytes: Buffer.from(key, 'utf8') }));
  keys.sort((a, b) => a.bytes.length - b.bytes.length || Buffer.compare(a.bytes, b.bytes));
  return Object.fromEntries(keys.map(({ key }) => [key, metadata[key] as string]));
}
