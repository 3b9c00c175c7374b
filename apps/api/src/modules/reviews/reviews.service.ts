import { randomUUID } from 'node:crypto';
import {
  type CreateReviewRequest,
  REVIEW_DUE_DAYS,
  type ReviewDetail,
  type ReviewStats,
  type ReviewStatus,
  type Transfer,
} from '@payos/contracts';
import type { Queryable } from '@payos/db';
import { Money } from '@payos/money';
import type { AppDeps } from '../../context.js';
import { type Actor, ROLE_RANK } from '../../core/actor.js';
import type { Cursor } from '../../core/cursor.js';
import { AppError, businessRule, invalidRequest, notFound } from '../../core/errors.js';
import { getAccountOrThrow } from '../accounts/accounts.service.js';
import { startedBy } from '../approvals/approvals.service.js';
import { allPolicies, approvalNeeded, insertRequests, requestRow, waitingNote } from '../approvals/matching.js';
import { recordEvents } from '../events/events.service.js';
import { releaseHeldTransfer } from '../transfers/held.service.js';
import * as transfers from '../transfers/transfers.repo.js';
import { canonicalId, presentTransfer, presentWithTimeline, voidHeldTransfer } from '../transfers/transfers.service.js';
import { holdsTransfer, isActive, presentReview, recordReviewEvents } from './reviews.present.js';
import * as repo from './reviews.repo.js';

/*
 * The review queue (issue #19 §2): the items risk rules open (risk.engine.ts) and people's own flags.
 *
 * Transitions: open → in_review (assign) · open | in_review → escalated · open | in_review | escalated →
 * approved | rejected | dismissed. `blocked` (a refusal record) and the three decisions are final; any
 * other move is 422 invalid_state. Notes can be added at any time.
 *
 * A transfer held in `requires_review` has one `review` item per rule that asked for review (and maybe
 * `flag` items, which hold nothing). Decisions on its items serialize on the transfer's row lock:
 * - rejecting any of them voids the hold at once (the transfer ends `rejected`); its other `review`
 *   items still open close as `dismissed`, saying why;
 * - approving one releases the transfer only when it was the last `review` item still open — the
 *   others are still to be decided; until then the approval is a step of the transfer's timeline;
 * - dismissing a `review` item whose transfer is still held is refused: it is approved or rejected.
 * A released transfer then faces the approval policies as if it had just been created (a review comes
 * first, maker-checker after): one that matches waits in `requires_approval`, still held; otherwise a
 * payout goes to `pending` and the settlement worker, an internal transfer completes.
 */

type ReviewDeps = Pick<AppDeps, 'clock' | 'payouts' | 'fx'>;
type Decision = 'approved' | 'rejected' | 'dismissed';

const DAY_MS = 24 * 60 * 60 * 1000;
const RECENT_TRANSFERS = 10;

/* ── Reading ──────────────────────────────────────────────────────────────── */

export const listReviews = (tx: Queryable, f: repo.ReviewFilter, page: { limit: number; cursor?: Cursor }) =>
  repo.listItems(
    tx,
    {
      ...f,
      accountId: f.accountId && canonicalId(f.accountId),
      transferId: f.transferId && canonicalId(f.transferId),
      assigneeId: f.assigneeId && canonicalId(f.assigneeId),
    },
    page,
  );

/** Errors: 404. */
export async function getReviewOrThrow(tx: Queryable, id: string, lock = false): Promise<repo.ReviewItemRow> {
  const row = await repo.findItem(tx, canonicalId(id), lock);
  if (!row) throw notFound('review');
  return row;
}

/**
 * An item with what a reviewer looks at: its notes, its transfer as it is now, and its account's last
 * 10 transfers (sent or received), in three statements.
 */
export async function presentDetail(tx: Queryable, row: repo.ReviewItemRow, now: Date): Promise<ReviewDetail> {
  const [notes, recent, transfer] = await Promise.all([
    repo.notesOf(tx, row.id),
    row.account_id ? repo.recentTransfers(tx, row.account_id, RECENT_TRANSFERS) : Promise.resolve([]),
    row.transfer_id ? transfers.findTransfer(tx, row.transfer_id) : Promise.resolve(undefined),
  ]);
  const accountId = row.account_id;
  return {
    ...presentReview(row, now),
    notes: notes.map((n) => ({
      id: n.id,
      body: n.body,
      author: { id: n.author_id, name: n.author_name },
      createdAt: n.created_at.toISOString(),
    })),
    recentActivity: accountId
      ? {
          accountId,
          transfers: recent.map((t) => ({
            id: t.id,
            type: t.type,
            status: t.status,
            direction: t.from_account_id === accountId ? ('out' as const) : ('in' as const),
            amount: new Money(t.amount).toFixed(),
            currency: t.currency,
            destinationCurrency: t.destination_currency,
            counterpartyAccountId: t.from_account_id === accountId ? t.to_account_id : t.from_account_id,
            paymentMethodId: t.payment_method_id,
            createdAt: t.created_at.toISOString(),
          })),
        }
      : null,
    transfer: transfer ? await presentWithTimeline(tx, transfer) : null,
  };
}

export async function getReviewDetailOrThrow(tx: Queryable, deps: Pick<AppDeps, 'clock'>, id: string): Promise<ReviewDetail> {
  return presentDetail(tx, await getReviewOrThrow(tx, id), deps.clock.now());
}

/** Counts by status and, for the items still to be worked on, by risk level; how many are overdue. */
export async function reviewStats(tx: Queryable, now: Date): Promise<ReviewStats> {
  const stats: ReviewStats = {
    active: 0,
    overdue: 0,
    byStatus: { open: 0, inReview: 0, escalated: 0, approved: 0, rejected: 0, dismissed: 0, blocked: 0 },
    activeByRiskLevel: { low: 0, medium: 0, high: 0, critical: 0 },
  };
  const key: Record<ReviewStatus, keyof ReviewStats['byStatus']> = {
    open: 'open',
    in_review: 'inReview',
    escalated: 'escalated',
    approved: 'approved',
    rejected: 'rejected',
    dismissed: 'dismissed',
    blocked: 'blocked',
  };
  for (const row of await repo.stats(tx, now)) {
    stats.byStatus[key[row.status]] += row.n;
    stats.overdue += row.overdue;
    if (isActive(row.status)) {
      stats.active += row.n;
      stats.activeByRiskLevel[row.risk_level] += row.n;
    }
  }
  return stats;
}

/* ── Manual flags ─────────────────────────────────────────────────────────── */

/**
 * A person's flag on an account or a transfer (the original's compliance flags): an open item that holds
 * nothing. With only a transferId the account is the transfer's sender. Errors: 404 accountId /
 * transferId; 400 parameter_invalid (transferId: the transfer is not the account's).
 */
export async function createFlag(
  tx: Queryable,
  deps: Pick<AppDeps, 'clock'>,
  actor: Actor,
  input: CreateReviewRequest,
): Promise<ReviewDetail> {
  const account = input.accountId ? await getAccountOrThrow(tx, canonicalId(input.accountId), 'accountId') : undefined;
  const transfer = input.transferId ? await transfers.findTransfer(tx, canonicalId(input.transferId)) : undefined;
  if (input.transferId && !transfer) throw notFound('transfer', 'transferId');
  if (account && transfer && transfer.from_account_id !== account.id && transfer.to_account_id !== account.id) {
    throw invalidRequest('parameter_invalid', 'This transfer neither comes from nor goes to that account.', 'transferId');
  }
  const now = deps.clock.now();
  const row: repo.ReviewItemRow = {
    id: randomUUID(),
    source: 'manual',
    rule_id: null,
    action: null,
    risk_level: input.riskLevel,
    status: 'open',
    account_id: account?.id ?? transfer?.from_account_id ?? null,
    transfer_id: transfer?.id ?? null,
    reason: input.reason,
    description: input.description ?? null,
    evidence: {},
    assignee_id: null,
    assignee_name: null,
    due_at: new Date(now.getTime() + REVIEW_DUE_DAYS[input.riskLevel] * DAY_MS),
    escalated_at: null,
    resolved_at: null,
    resolved_by_id: null,
    resolved_by_name: null,
    resolution_note: null,
    created_by_type: actor.kind,
    created_by_id: actor.id,
    created_by_name: actor.name,
    created_at: now,
    updated_at: now,
  };
  await repo.insertReviewItems(tx, actor, [row]);
  recordReviewEvents(tx, [{ type: 'review.created', row, at: now }], now);
  return presentDetail(tx, row, now);
}

/* ── Working on an item ───────────────────────────────────────────────────── */

function assertCan(row: repo.ReviewItemRow, verb: string, from: readonly ReviewStatus[]) {
  if (!from.includes(row.status)) {
    throw businessRule('invalid_state', `A review that is ${row.status} cannot be ${verb}.`, { status: row.status });
  }
}

const ACTIVE: readonly ReviewStatus[] = ['open', 'in_review', 'escalated'];

/**
 * Assigns an item still to be worked on to an admin or owner (default: the caller); an open one moves
 * to in_review. Errors: 404 (review; userId: no such active user in the organization); 400
 * parameter_invalid (userId: a member or viewer cannot decide reviews); 422 invalid_state.
 */
export async function assignReview(
  tx: Queryable,
  deps: Pick<AppDeps, 'clock'>,
  actor: Actor,
  id: string,
  userId: string | undefined,
): Promise<ReviewDetail> {
  const row = await getReviewOrThrow(tx, id, true);
  const member = await repo.findMember(tx, canonicalId(userId ?? actor.id));
  if (!member) throw notFound('user', 'userId');
  if (ROLE_RANK[member.role] < ROLE_RANK.admin) {
    throw invalidRequest('parameter_invalid', 'Reviews are assigned to admins and owners: only they can decide them.', 'userId');
  }
  assertCan(row, 'assigned', ACTIVE);
  const now = deps.clock.now();
  const after: repo.ReviewItemRow = {
    ...row,
    status: row.status === 'open' ? 'in_review' : row.status,
    assignee_id: member.id,
    assignee_name: member.name,
    updated_at: now,
  };
  await repo.updateItem(tx, after);
  recordReviewEvents(tx, [{ type: 'review.assigned', row: after, previous: row, at: now }], now);
  return presentDetail(tx, after, now);
}

/** Escalates an open or in-review item; the note, if any, joins its notes. Errors: 404; 422 invalid_state. */
export async function escalateReview(
  tx: Queryable,
  deps: Pick<AppDeps, 'clock'>,
  actor: Actor,
  id: string,
  note: string | undefined,
): Promise<ReviewDetail> {
  const row = await getReviewOrThrow(tx, id, true);
  assertCan(row, 'escalated', ['open', 'in_review']);
  const now = deps.clock.now();
  const after: repo.ReviewItemRow = { ...row, status: 'escalated', escalated_at: now, updated_at: now };
  await repo.updateItem(tx, after);
  if (note) await repo.insertNote(tx, actor, noteRow(row.id, actor, `Escalated: ${note}`, now));
  recordReviewEvents(tx, [{ type: 'review.escalated', row: after, previous: row, at: now }], now);
  return presentDetail(tx, after, now);
}

/** Adds a note to an item, whatever its status. Errors: 404. */
export async function addNote(tx: Queryable, deps: Pick<AppDeps, 'clock'>, actor: Actor, id: string, body: string): Promise<ReviewDetail> {
  const row = await getReviewOrThrow(tx, id, true);
  const now = deps.clock.now();
  await repo.insertNote(tx, actor, noteRow(row.id, actor, body, now));
  const after = { ...row, updated_at: now };
  await repo.updateItem(tx, after);
  return presentDetail(tx, after, now);
}

const noteRow = (reviewId: string, actor: Actor, body: string, now: Date): repo.NoteRow => ({
  id: randomUUID(),
  review_id: reviewId,
  author_id: actor.id,
  author_name: actor.name,
  body: body.slice(0, 2000),
  created_at: now,
});

/**
 * The item (locked) and, when it is a rule's `review` item, its transfer — locked first: every decision
 * on a transfer's items serializes on the transfer's row, so two reviewers deciding its items at once
 * release or void it exactly once. Errors: 404.
 */
async function lockForDecision(tx: Queryable, id: string) {
  const found = await getReviewOrThrow(tx, id);
  const transfer = found.action === 'review' && found.transfer_id ? await transfers.lockTransfer(tx, found.transfer_id) : undefined;
  const row = (await repo.findItem(tx, found.id, true)) as repo.ReviewItemRow;
  return { row, held: transfer?.status === 'requires_review' ? transfer : undefined };
}

const decided = (row: repo.ReviewItemRow, status: Decision, actor: Actor, note: string | null, now: Date): repo.ReviewItemRow => ({
  ...row,
  status,
  resolved_at: now,
  resolved_by_id: actor.id,
  resolved_by_name: actor.name,
  resolution_note: note,
  updated_at: now,
});

/**
 * Approves an item still to be worked on. One that holds a transfer releases it when no other of its
 * `review` items is still open (see the top of this file); the others close with it. Errors: 404; 403
 * self_approval (the caller started the held transfer, or created the API key that did); 422
 * invalid_state, account_suspended (the sender was suspended meanwhile); 503 rates_unavailable (a
 * released transfer checked against approval policies).
 */
export async function approveReview(tx: Queryable, deps: ReviewDeps, actor: Actor, id: string, note?: string): Promise<ReviewDetail> {
  const { row, held } = await lockForDecision(tx, id);
  assertCan(row, 'approved', ACTIVE);
  // Whoever started a held transfer (or the API key that did) does not clear its review.
  if (held && (await startedBy(tx, actor, held))) {
    throw new AppError('permission_error', 'self_approval', 'You started this transfer: someone else must review it.');
  }
  const now = deps.clock.now();
  const after = decided(row, 'approved', actor, note ?? null, now);
  await repo.updateItem(tx, after);
  recordReviewEvents(tx, [{ type: 'review.approved', row: after, previous: row, at: now }], now);
  if (held) {
    const waiting = (await repo.itemsOfTransfer(tx, held.id)).filter((item) => item.id !== row.id && holdsTransfer(item));
    const ruled = `review of ${row.rule_id} approved by ${actor.name}`;
    if (waiting.length > 0) {
      await transfers.touch(tx, held.id, now);
      await transfers.insertEvents(tx, actor, held.id, [
        { status: 'requires_review', note: `${ruled}; ${waiting.length} more to decide`.slice(0, 500), at: now },
      ]);
    } else {
      await releaseReviewed(tx, deps, actor, held, ruled, now);
    }
  }
  return presentDetail(tx, after, now);
}

/**
 * A reviewed transfer (locked, held, its last review approved) moves on: into `requires_approval` when
 * an approval policy matches it (still held; the approval's 72 h start now), else released
 * (held.service releaseHeldTransfer). Records transfer.review_approved either way.
 */
async function releaseReviewed(tx: Queryable, deps: ReviewDeps, actor: Actor, transfer: transfers.TransferRow, note: string, now: Date) {
  const timeline = await transfers.eventsOf(tx, [transfer.id]);
  const policies = await allPolicies(tx);
  const initiator = {
    kind: transfer.initiated_by_type as Actor['kind'],
    id: transfer.initiated_by_id ?? '',
    name: transfer.initiated_by_name ?? '',
  };
  const need =
    policies.length > 0
      ? await approvalNeeded(policies, deps.fx.provider, {
          type: transfer.type,
          initiator: initiator.kind,
          amount: new Money(transfer.amount),
          currency: transfer.currency,
        })
      : undefined;
  if (!need) {
    await releaseHeldTransfer(tx, deps, actor, transfer, { timeline, note, event: 'transfer.review_approved', at: now });
    return;
  }
  await transfers.setStatus(tx, transfer.id, 'requires_approval', now, null);
  const added = await transfers.insertEvents(tx, actor, transfer.id, [
    { status: 'requires_approval', note: `${note}; ${waitingNote(need)}`.slice(0, 500), at: now },
  ]);
  await insertRequests(tx, actor, [
    {
      ...requestRow({ type: 'transfer', id: transfer.id }, need, initiator, now),
      initiated_by_id: transfer.initiated_by_id,
      initiated_by_name: transfer.initiated_by_name,
    },
  ]);
  const waiting: Transfer = presentTransfer({ ...transfer, status: 'requires_approval', updated_at: now }, [...timeline, ...added]);
  recordEvents(tx, [
    {
      type: 'transfer.review_approved',
      objectType: 'transfer',
      objectId: transfer.id,
      object: waiting,
      previous: presentTransfer(transfer, timeline),
      at: now,
    },
  ]);
}

/**
 * Rejects an item still to be worked on. One that holds a transfer voids it at once (`rejected`, its
 * funds back to available); the transfer's other `review` items still open close as dismissed.
 * Errors: 404; 422 invalid_state.
 */
export async function rejectReview(tx: Queryable, deps: ReviewDeps, actor: Actor, id: string, note: string): Promise<ReviewDetail> {
  const { row, held } = await lockForDecision(tx, id);
  assertCan(row, 'rejected', ACTIVE);
  const now = deps.clock.now();
  const after = decided(row, 'rejected', actor, note, now);
  await repo.updateItem(tx, after);
  const changes: Parameters<typeof recordReviewEvents>[1][number][] = [{ type: 'review.rejected', row: after, previous: row, at: now }];
  if (held) {
    await voidHeldTransfer(tx, actor, held, {
      status: 'rejected',
      note: `review of ${row.rule_id} rejected by ${actor.name}: ${note}`.slice(0, 500),
      at: now,
    });
    const others = (await repo.itemsOfTransfer(tx, held.id, true)).filter((item) => item.id !== row.id && holdsTransfer(item));
    for (const other of others) {
      const closed = decided(other, 'dismissed', actor, `Closed: the transfer was rejected in review ${row.id}.`, now);
      await repo.updateItem(tx, closed);
      changes.push({ type: 'review.dismissed', row: closed, previous: other, at: now });
    }
  }
  recordReviewEvents(tx, changes, now);
  return presentDetail(tx, after, now);
}

/**
 * Dismisses an item still to be worked on (nothing to act on). An item holding a transfer is approved
 * or rejected instead. Errors: 404; 422 invalid_state.
 */
export async function dismissReview(tx: Queryable, deps: ReviewDeps, actor: Actor, id: string, note: string): Promise<ReviewDetail> {
  const { row, held } = await lockForDecision(tx, id);
  assertCan(row, 'dismissed', ACTIVE);
  if (held) {
    throw businessRule('invalid_state', 'This review holds its transfer: approve it (the transfer goes on) or reject it (it is voided).', {
      status: row.status,
      transferStatus: held.status,
    });
  }
  const now = deps.clock.now();
  const after = decided(row, 'dismissed', actor, note, now);
  await repo.updateItem(tx, after);
  recordReviewEvents(tx, [{ type: 'review.dismissed', row: after, previous: row, at: now }], now);
  return presentDetail(tx, after, now);
}
