import { randomUUID } from 'node:crypto';
import {
  APPROVAL_EXPIRY_HOURS,
  type Approval,
  type ApprovalPolicy,
  type ApprovalStatus,
  type CreateApprovalPolicyRequest,
  type Transfer,
  type UpdateApprovalPolicyRequest,
} from '@payos/contracts';
import type { Claimed, Database, Queryable } from '@payos/db';
import { type Amount, type Currency, Money, roundHalfUp } from '@payos/money';
import type { AppDeps } from '../../context.js';
import { type Actor, ROLE_RANK } from '../../core/actor.js';
import type { Cursor } from '../../core/cursor.js';
import { AppError, businessRule, conflict, notFound } from '../../core/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import type { RateProvider } from '../fx/rates.js';
import { usdRates, usdValue } from '../limits/limits.service.js';
import * as transfers from '../transfers/transfers.repo.js';
import { releaseHeldTransfer } from '../transfers/held.service.js';
import { canonicalId, presentTransfer, voidHeldTransfer } from '../transfers/transfers.service.js';
import * as repo from './approvals.repo.js';

export type { PolicyRow, RequestRow } from './approvals.repo.js';

export const APPROVAL_EXPIRY_MS = APPROVAL_EXPIRY_HOURS * 60 * 60 * 1000;

/* ── Policies ─────────────────────────────────────────────────────────────── */

export function presentPolicy(p: repo.PolicyRow): ApprovalPolicy {
  return {
    id: p.id,
    name: p.name,
    appliesTo: p.applies_to,
    amountGte: new Money(p.amount_gte).toFixed(2),
    initiatorTypes: p.initiator_types,
    requiredApprovals: p.required_approvals,
    approverRole: p.approver_role,
    createdAt: p.created_at.toISOString(),
    updatedAt: p.updated_at.toISOString(),
  };
}

type PolicyInput = Omit<CreateApprovalPolicyRequest, 'initiatorTypes'> & { initiatorTypes: repo.PolicyRow['initiator_types'] };

/** Errors: 403 role_above_own (an admin asking for an owner's approval). */
export function createPolicy(tx: Queryable, deps: Pick<AppDeps, 'clock'>, actor: Actor, input: PolicyInput): Promise<repo.PolicyRow> {
  assertMayManage(actor, input.approverRole);
  return repo.insertPolicy(tx, actor, {
    id: randomUUID(),
    name: input.name,
    applies_to: input.appliesTo,
    amount_gte: input.amountGte,
    initiator_types: input.initiatorTypes,
    required_approvals: input.requiredApprovals,
    approver_role: input.approverRole,
    now: deps.clock.now(),
  });
}

export const listPolicies = (tx: Queryable, page: { limit: number; cursor?: Cursor }) => repo.listPolicies(tx, page);

export async function getPolicyOrThrow(tx: Queryable, id: string, lock = false): Promise<repo.PolicyRow> {
  const policy = await repo.findPolicy(tx, canonicalId(id), lock);
  if (!policy) throw notFound('approval policy');
  return policy;
}

/**
 * Nobody sets a control above their own role: a policy that asks for an owner's approval (before or
 * after the change) is an owner's to create, change or delete — else an admin could lift the check
 * written for admins. Errors: 403 role_above_own.
 */
function assertMayManage(actor: Pick<Actor, 'role'>, ...approverRoles: repo.PolicyRow['approver_role'][]) {
  if (approverRoles.includes('owner') && actor.role !== 'owner') {
    throw new AppError(
      'permission_error',
      'role_above_own',
      'Only an owner can create, change or delete a policy that asks for an owner’s approval.',
    );
  }
}

/** Changes only what is given. Errors: 404; 403 role_above_own. */
export async function updatePolicy(
  tx: Queryable,
  deps: Pick<AppDeps, 'clock'>,
  actor: Pick<Actor, 'role'>,
  id: string,
  input: Omit<UpdateApprovalPolicyRequest, 'initiatorTypes'> & { initiatorTypes?: repo.PolicyRow['initiator_types'] },
): Promise<repo.PolicyRow> {
  const policy = await getPolicyOrThrow(tx, id, true);
  assertMayManage(actor, policy.approver_role, input.approverRole ?? policy.approver_role);
  return repo.updatePolicy(tx, {
    id: policy.id,
    name: input.name ?? policy.name,
    applies_to: input.appliesTo ?? policy.applies_to,
    amount_gte: input.amountGte ?? policy.amount_gte,
    initiator_types: input.initiatorTypes ?? policy.initiator_types,
    required_approvals: input.requiredApprovals ?? policy.required_approvals,
    approver_role: input.approverRole ?? policy.approver_role,
    updated_at: deps.clock.now(),
  });
}

/** Deletes a policy: future transfers no longer match it; those already waiting keep what it asked. Errors: 404; 403 role_above_own. */
export async function deletePolicy(tx: Queryable, actor: Pick<Actor, 'role'>, id: string): Promise<repo.PolicyRow> {
  const policy = await getPolicyOrThrow(tx, id, true);
  assertMayManage(actor, policy.approver_role);
  await repo.deletePolicy(tx, policy.id);
  return policy;
}

/* ── Matching a new transfer ──────────────────────────────────────────────── */

export const allPolicies = repo.allPolicies;

/** The approval a new transfer needs: the policy that matched it and its USD amount. */
export type ApprovalNeed = { policy: repo.PolicyRow; amountUsd: Amount };

/**
 * The policy a transfer matches — kind, initiator type and USD amount all within it — or undefined.
 * When several match, the strictest: the most approvals, then owners over admins, then the oldest.
 * The USD amount is exact (limits.service usdValue); converting asks the rate provider only when some
 * policy could apply, and never for USD or USDC (at par). Errors: 503 rates_unavailable.
 */
export async function approvalNeeded(
  policies: readonly repo.PolicyRow[],
  rates: RateProvider,
  t: { type: 'internal' | 'payout'; initiator: Actor['kind']; amount: Amount; currency: Currency },
): Promise<ApprovalNeed | undefined> {
  const candidates = policies.filter(
    (p) => (p.applies_to === 'all' || p.applies_to === t.type) && p.initiator_types.includes(t.initiator as 'user'),
  );
  if (candidates.length === 0) return undefined;
  const amountUsd = usdValue(t.amount, t.currency, await usdRates(rates, [t.currency]));
  const [policy] = candidates
    .filter((p) => amountUsd.gte(p.amount_gte))
    .sort(
      (a, b) =>
        b.required_approvals - a.required_approvals ||
        Number(b.approver_role === 'owner') - Number(a.approver_role === 'owner') ||
        a.created_at.getTime() - b.created_at.getTime(),
    );
  return policy && { policy, amountUsd };
}

/** The approval request a transfer that needs one is written with. */
export function requestRow(
  transferId: string,
  need: ApprovalNeed,
  actor: Pick<Actor, 'kind' | 'id' | 'name'>,
  now: Date,
): Omit<repo.RequestRow, 'updated_at' | 'decided_at'> {
  return {
    id: randomUUID(),
    transfer_id: transferId,
    policy_id: need.policy.id,
    policy_name: need.policy.name,
    required_approvals: need.policy.required_approvals,
    approver_role: need.policy.approver_role,
    amount_usd: need.amountUsd.toDecimalPlaces(8, Money.ROUND_HALF_UP).toFixed(),
    status: 'pending',
    initiated_by_type: actor.kind,
    initiated_by_id: actor.id,
    initiated_by_name: actor.name,
    expires_at: new Date(now.getTime() + APPROVAL_EXPIRY_MS),
    created_at: now,
  };
}

/** The first step of a waiting transfer's timeline. */
export const waitingNote = (need: ApprovalNeed) =>
  `policy “${need.policy.name}”: ${need.policy.required_approvals} approval${need.policy.required_approvals > 1 ? 's' : ''} by ${need.policy.approver_role === 'owner' ? 'an owner' : 'an admin or owner'}`;

export const insertRequests = repo.insertRequests;

/* ── Deciding ─────────────────────────────────────────────────────────────── */

const mayDecide = (role: Actor['role'], approverRole: repo.RequestRow['approver_role']) => ROLE_RANK[role] >= ROLE_RANK[approverRole];

/**
 * Why this user may not decide this request now, or undefined when they may: the role the policy asks
 * for, never their own transfer — one they started, or one an API key they created started (the key
 * is them: one person would be maker and checker) — and one decision each. `keyCreator`: who created
 * the API key that started it, when one did.
 */
function refusal(actor: Actor, request: repo.RequestRow, decisions: repo.DecisionRow[], keyCreator: string | null): AppError | undefined {
  if (!mayDecide(actor.role, request.approver_role)) {
    return new AppError(
      'permission_error',
      'approver_role_required',
      `This transfer needs the approval of ${request.approver_role === 'owner' ? 'an owner' : 'an admin or owner'}.`,
      { details: { approverRole: request.approver_role } },
    );
  }
  if (request.initiated_by_type === 'user' && request.initiated_by_id === actor.id) {
    return new AppError('permission_error', 'self_approval', 'You started this transfer: someone else must approve or deny it.');
  }
  if (request.initiated_by_type === 'api_key' && keyCreator === actor.id) {
    return new AppError(
      'permission_error',
      'self_approval',
      'An API key you created started this transfer: someone else must approve or deny it.',
    );
  }
  if (decisions.some((d) => d.user_id === actor.id)) return conflict('already_decided', 'You already approved this transfer.');
  return undefined;
}

type DecideDeps = Pick<AppDeps, 'clock' | 'payouts'>;

/**
 * The transfer (locked) and its pending request, or the error of deciding on it: one past its
 * APPROVAL_EXPIRY_HOURS is expired, whether or not the worker has come by yet.
 * Errors: 404; 422 invalid_state.
 */
async function waitingTransfer(tx: Queryable, id: string, now: Date) {
  const transfer = await transfers.lockTransfer(tx, canonicalId(id));
  if (!transfer) throw notFound('transfer');
  const request = transfer.status === 'requires_approval' ? await repo.requestOfTransfer(tx, transfer.id, true) : undefined;
  if (request?.status !== 'pending') {
    throw businessRule('invalid_state', `Only transfers waiting for approval can be approved or denied; this one is ${transfer.status}.`, {
      status: transfer.status,
    });
  }
  if (request.created_at.getTime() + APPROVAL_EXPIRY_MS <= now.getTime()) {
    throw businessRule('invalid_state', `No decision came in ${APPROVAL_EXPIRY_HOURS} h: this transfer has expired.`, {
      status: 'expired',
    });
  }
  const [decisions, keyCreator] = await Promise.all([
    repo.decisionsOf(tx, [request.id]),
    request.initiated_by_type === 'api_key' && request.initiated_by_id ? repo.keyCreator(tx, request.initiated_by_id) : null,
  ]);
  return { transfer, request, decisions, keyCreator: keyCreator ?? null };
}

/**
 * A user approves a transfer waiting for approval. Under the transfer's row lock, so concurrent
 * approvals count one after another: the one that brings the count to what the policy asks moves it
 * on in the same transaction — a payout to `pending` (the settlement worker takes it after the rail's
 * latency), an internal transfer to `completed` (the hold lands on the recipient). Until then the
 * approval is a step of the transfer's timeline. Errors: 404; 403 approver_role_required,
 * self_approval; 409 already_decided; 422 invalid_state (also: past its expiry), account_suspended
 * (the sender was suspended meanwhile).
 */
export async function approveTransfer(tx: Queryable, deps: DecideDeps, actor: Actor, id: string): Promise<Transfer> {
  const now = deps.clock.now();
  const { transfer, request, decisions, keyCreator } = await waitingTransfer(tx, id, now);
  const refused = refusal(actor, request, decisions, keyCreator);
  if (refused) throw refused;
  await repo.insertDecision(tx, actor, {
    request_id: request.id,
    user_id: actor.id,
    user_name: actor.name,
    decision: 'approved',
    reason: null,
    at: now,
  });
  const approvals = decisions.filter((d) => d.decision === 'approved').length + 1;
  const note = `approved by ${actor.name} (${approvals} of ${request.required_approvals})`;
  const timeline = await transfers.eventsOf(tx, [transfer.id]);
  if (approvals < request.required_approvals) {
    await transfers.touch(tx, transfer.id, now);
    const added = await transfers.insertEvents(tx, actor, transfer.id, [{ status: 'requires_approval', note, at: now }]);
    return presentTransfer({ ...transfer, updated_at: now }, [...timeline, ...added]);
  }
  await repo.setRequestStatus(tx, request.id, 'approved', now);
  return releaseHeldTransfer(tx, deps, actor, transfer, { timeline, note, event: 'transfer.approved', at: now });
}

/**
 * A user denies a transfer waiting for approval: one denial ends it — the hold is voided to the cent and
 * the transfer is `denied`, the reason on its timeline. Errors: as approveTransfer's.
 */
export async function denyTransfer(tx: Queryable, deps: DecideDeps, actor: Actor, id: string, reason: string): Promise<Transfer> {
  const now = deps.clock.now();
  const { transfer, request, decisions, keyCreator } = await waitingTransfer(tx, id, now);
  const refused = refusal(actor, request, decisions, keyCreator);
  if (refused) throw refused;
  await repo.insertDecision(tx, actor, {
    request_id: request.id,
    user_id: actor.id,
    user_name: actor.name,
    decision: 'denied',
    reason,
    at: now,
  });
  await repo.setRequestStatus(tx, request.id, 'denied', now);
  // Cut by code points: a cut through a surrogate pair would answer what the database cannot store.
  const note = Array.from(`denied by ${actor.name}: ${reason}`).slice(0, 500).join('');
  return voidHeldTransfer(tx, actor, transfer, { status: 'denied', note, at: now });
}

/** Retried this much later when an expiry fails (the others go on meanwhile). */
const EXPIRY_RETRY_MS = 60 * 60 * 1000;

/**
 * One expiry pass over every tenant: each transfer still waiting APPROVAL_EXPIRY_HOURS after it was
 * created expires — its hold voided, its request `expired`. A transfer someone is deciding on right now
 * (its row locked) is left to that decision and looked at again next pass. An expiry that fails is
 * rolled back to a savepoint and retried an hour later; the pass goes on and then throws what failed.
 * Returns how many expired.
 */
export async function expireDueApprovals(db: Database, deps: Pick<AppDeps, 'clock'>, max = 50): Promise<number> {
  let expired = 0;
  const busy: string[] = [];
  const errors: unknown[] = [];
  while (expired + busy.length < max) {
    const now = deps.clock.now();
    const done = await repo.claimExpiredRequest(db, now, busy, async (tx: Queryable, due: Claimed) => {
      const request = (await repo.findRequest(tx, due.id)) as repo.RequestRow;
      const transfer = await transfers.lockTransfer(tx, request.transfer_id, true);
      if (!transfer) {
        busy.push(due.id);
        return;
      }
      const savepoint = await repo.savepoint(tx);
      try {
        await repo.setRequestStatus(tx, request.id, 'expired', now);
        const scope = { tenantId: due.tenant_id, environment: due.environment };
        await voidHeldTransfer(tx, scope, transfer, { status: 'expired', note: `no decision in ${APPROVAL_EXPIRY_HOURS} h`, at: now });
        recordAudit(tx, {
          ...scope,
          actor: { type: 'system', id: null, name: 'approval expiry' },
          action: 'transfer.expired',
          objectType: 'transfer',
          objectId: transfer.id,
          requestId: null,
          at: now,
        });
        await savepoint.release();
        expired++;
      } catch (error) {
        await savepoint.rollback();
        await repo.postponeExpiry(tx, request.id, new Date(now.getTime() + EXPIRY_RETRY_MS));
        busy.push(due.id);
        errors.push(error);
      }
    });
    if (!done) break;
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} approval expiries failed; each is tried again later.`);
  return expired;
}

/**
 * Whether `actor` started this transfer: themselves, or through an API key they created. Such a person
 * never decides on it (maker-checker); reviews ask the same (reviews.service approveReview).
 */
export async function startedBy(
  tx: Queryable,
  actor: Pick<Actor, 'id'>,
  transfer: Pick<transfers.TransferRow, 'initiated_by_type' | 'initiated_by_id'>,
): Promise<boolean> {
  if (transfer.initiated_by_type === 'user') return transfer.initiated_by_id === actor.id;
  if (transfer.initiated_by_type === 'api_key' && transfer.initiated_by_id) {
    return (await repo.keyCreator(tx, transfer.initiated_by_id)) === actor.id;
  }
  return false;
}

/* ── Reading ──────────────────────────────────────────────────────────────── */

export type ApprovalFilter = { status?: ApprovalStatus; transferId?: string };

/**
 * A page of approval requests with their transfers and decisions. Pending ones (the default) are the
 * caller's inbox: only those the caller's role may decide.
 */
export async function listApprovals(tx: Queryable, actor: Actor, f: ApprovalFilter, page: { limit: number; cursor?: Cursor }) {
  const status = f.status ?? 'pending';
  const rows = await repo.listRequests(
    tx,
    { status, transferId: f.transferId && canonicalId(f.transferId), role: status === 'pending' ? actor.role : undefined },
    page,
  );
  return { rows, present: await presenter(tx, actor, rows.slice(0, page.limit)) };
}

export async function getApprovalOrThrow(tx: Queryable, actor: Actor, id: string): Promise<Approval> {
  const request = await repo.findRequest(tx, canonicalId(id));
  if (!request) throw notFound('approval');
  return (await presenter(tx, actor, [request]))(request);
}

/** Presents requests: their transfers (with timelines and refunds) and decisions read in three statements. */
async function presenter(tx: Queryable, actor: Actor, rows: repo.RequestRow[]): Promise<(row: repo.RequestRow) => Approval> {
  const keys = [
    ...new Set(rows.filter((r) => r.initiated_by_type === 'api_key' && r.initiated_by_id).map((r) => r.initiated_by_id as string)),
  ];
  const [found, decisions, creators] = await Promise.all([
    transfers.findTransfers(
      tx,
      rows.map((r) => r.transfer_id),
    ),
    repo.decisionsOf(
      tx,
      rows.map((r) => r.id),
    ),
    repo.keyCreators(tx, keys),
  ]);
  const [events, refunds] = await Promise.all([
    transfers.eventsOf(
      tx,
      found.map((t) => t.id),
    ),
    transfers.refundsOf(tx, found),
  ]);
  const byId = new Map(found.map((t) => [t.id, t]));
  return (r) => {
    const own = decisions.filter((d) => d.request_id === r.id);
    return {
      id: r.id,
      status: r.status,
      transferId: r.transfer_id,
      policy: { id: r.policy_id, name: r.policy_name },
      requiredApprovals: r.required_approvals,
      approverRole: r.approver_role,
      amountUsd: roundHalfUp(new Money(r.amount_usd), 'USD').toFixed(2),
      initiatedBy: { type: r.initiated_by_type, id: r.initiated_by_id, name: r.initiated_by_name },
      decisions: own.map((d) => ({ userId: d.user_id, name: d.user_name, decision: d.decision, reason: d.reason, at: d.at.toISOString() })),
      canDecide:
        r.status === 'pending' &&
        actor.kind === 'user' &&
        refusal(actor, r, own, (r.initiated_by_id && creators.get(r.initiated_by_id)) ?? null) === undefined,
      expiresAt: r.expires_at.toISOString(),
      decidedAt: r.decided_at?.toISOString() ?? null,
      createdAt: r.created_at.toISOString(),
      transfer: presentTransfer(byId.get(r.transfer_id) as transfers.TransferRow, events, refunds),
    };
  };
}
