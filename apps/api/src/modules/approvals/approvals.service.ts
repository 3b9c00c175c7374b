import { randomUUID } from 'node:crypto';
import {
  APPROVAL_EXPIRY_HOURS,
  type Approval,
  type ApprovalObjectType,
  type ApprovalPolicy,
  type ApprovalStatus,
  type CreateApprovalPolicyRequest,
  type Transfer,
  type UpdateApprovalPolicyRequest,
} from '@payos/contracts';
import type { Claimed, Database, Queryable } from '@payos/db';
import { Money, roundHalfUp } from '@payos/money';
import type { AppDeps } from '../../context.js';
import { type Actor, ROLE_RANK } from '../../core/actor.js';
import type { Cursor } from '../../core/cursor.js';
import { AppError, businessRule, conflict, notFound } from '../../core/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import * as schedules from '../schedules/schedules.service.js';
import * as streams from '../streams/streams.service.js';
import { releaseHeldTransfer } from '../transfers/held.service.js';
import * as transfers from '../transfers/transfers.repo.js';
import { canonicalId, presentTransfer, voidHeldTransfer } from '../transfers/transfers.service.js';
import * as repo from './approvals.repo.js';
import { APPROVAL_EXPIRY_MS } from './matching.js';

export type { PolicyRow, RequestRow } from './approvals.repo.js';

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

/* ── Deciding ─────────────────────────────────────────────────────────────── */

const mayDecide = (role: Actor['role'], approverRole: repo.RequestRow['approver_role']) => ROLE_RANK[role] >= ROLE_RANK[approverRole];

const NOUN: Record<ApprovalObjectType, string> = { transfer: 'transfer', schedule: 'schedule', stream: 'stream' };

/**
 * Why this user may not decide this request now, or undefined when they may: the role the policy asks
 * for, never their own object — one they started, or one an API key they created or an agent whose
 * token they hold started (the key, the agent, is them: one person would be maker and checker) — and
 * one decision each. `person`: the user behind a key or agent that started it (repo.peopleBehind).
 */
function refusal(actor: Actor, request: repo.RequestRow, decisions: repo.DecisionRow[], person: string | null): AppError | undefined {
  const noun = NOUN[request.object_type];
  if (!mayDecide(actor.role, request.approver_role)) {
    return new AppError(
      'permission_error',
      'approver_role_required',
      `This ${noun} needs the approval of ${request.approver_role === 'owner' ? 'an owner' : 'an admin or owner'}.`,
      { details: { approverRole: request.approver_role } },
    );
  }
  const own = request.initiated_by_type === 'user' ? request.initiated_by_id === actor.id : person === actor.id;
  if (own) {
    const how =
      request.initiated_by_type === 'user'
        ? 'You started'
        : request.initiated_by_type === 'api_key'
          ? 'An API key you created started'
          : 'An agent whose token you hold started';
    return new AppError('permission_error', 'self_approval', `${how} this ${noun}: someone else must approve or deny it.`);
  }
  if (decisions.some((d) => d.user_id === actor.id)) return conflict('already_decided', `You already approved this ${noun}.`);
  return undefined;
}

/** The user behind the key or agent that started it, if any. */
async function personBehind(tx: Queryable, initiator: repo.Initiator): Promise<string | null> {
  if (initiator.type === 'user' || !initiator.id) return null;
  return (await repo.peopleBehind(tx, [initiator])).get(initiator.id) ?? null;
}

type DecideDeps = Pick<AppDeps, 'clock' | 'payouts'>;

/** What a pending request decides on, its row locked. */
type Locked =
  | { type: 'transfer'; transfer: transfers.TransferRow }
  | { type: 'schedule'; schedule: schedules.ScheduleRow }
  | { type: 'stream'; stream: streams.StreamRow };

type Waiting = { object: Locked; request: repo.RequestRow; decisions: repo.DecisionRow[]; person: string | null };

/**
 * The request (locked after its object, the order every decision and the expiry take them in), its
 * decisions and the person behind the key or agent that started it — or the error of deciding on it:
 * one past its APPROVAL_EXPIRY_HOURS is expired, whether or not the worker has come by yet. Errors: 422 invalid_state.
 */
async function pendingRequest(tx: Queryable, object: Locked, requestId: string, now: Date): Promise<Waiting> {
  const request = await repo.findRequest(tx, requestId, true);
  const noun = NOUN[object.type];
  if (request?.status !== 'pending') {
    throw businessRule(
      'invalid_state',
      `Only a ${noun} waiting for approval can be approved or denied; this approval is ${request?.status}.`,
      {
        status: request?.status,
      },
    );
  }
  if (request.created_at.getTime() + APPROVAL_EXPIRY_MS <= now.getTime()) {
    throw businessRule('invalid_state', `No decision came in ${APPROVAL_EXPIRY_HOURS} h: this ${noun} has expired.`, { status: 'expired' });
  }
  const [decisions, person] = await Promise.all([
    repo.decisionsOf(tx, [request.id]),
    personBehind(tx, { type: request.initiated_by_type, id: request.initiated_by_id }),
  ]);
  return { object, request, decisions, person };
}

/** A transfer (locked) and its pending request. Errors: 404; 422 invalid_state (also: past its expiry). */
async function waitingTransfer(tx: Queryable, id: string, now: Date): Promise<Waiting> {
  const transfer = await transfers.lockTransfer(tx, canonicalId(id));
  if (!transfer) throw notFound('transfer');
  const request = transfer.status === 'requires_approval' ? await repo.requestOfTransfer(tx, transfer.id) : undefined;
  if (!request) {
    throw businessRule('invalid_state', `Only transfers waiting for approval can be approved or denied; this one is ${transfer.status}.`, {
      status: transfer.status,
    });
  }
  return pendingRequest(tx, { type: 'transfer', transfer }, request.id, now);
}

/** An approval request and what it decides on, locked. Errors: 404; 422 invalid_state (also: past its expiry). */
async function waitingApproval(tx: Queryable, id: string, now: Date): Promise<Waiting> {
  const found = await repo.findRequest(tx, canonicalId(id));
  if (!found) throw notFound('approval');
  return pendingRequest(tx, await lockObject(tx, found), found.id, now);
}

async function lockObject(tx: Queryable, request: repo.RequestRow): Promise<Locked> {
  if (request.object_type === 'schedule') {
    return { type: 'schedule', schedule: await schedules.getScheduleOrThrow(tx, request.schedule_id as string, true) };
  }
  if (request.object_type === 'stream') {
    return { type: 'stream', stream: (await streams.findStreamRow(tx, request.stream_id as string, true)) as streams.StreamRow };
  }
  return { type: 'transfer', transfer: (await transfers.lockTransfer(tx, request.transfer_id as string)) as transfers.TransferRow };
}

/**
 * Records the caller's approval of a waiting object (its row and its request's locked, so concurrent
 * approvals count one after another). The one that brings the count to what the policy asks moves
 * it on in the same transaction: a payout to `pending` (the settlement worker takes it after the
 * rail's latency), an internal transfer to `completed` (the hold lands on the recipient), a schedule
 * to `active`, a stream to flowing. Until then the approval is a step of a transfer's timeline.
 * Returns a transfer as the API answers it after the decision (nothing for a schedule or stream). Errors: 403 approver_role_required, self_approval; 409 already_decided; 422 account_suspended (the
 * sender was suspended meanwhile), invalid_state (a stream's receiver closed).
 */
async function approve(tx: Queryable, deps: DecideDeps, actor: Actor, w: Waiting, now: Date): Promise<Transfer | undefined> {
  const refused = refusal(actor, w.request, w.decisions, w.person);
  if (refused) throw refused;
  await repo.insertDecision(tx, actor, {
    request_id: w.request.id,
    user_id: actor.id,
    user_name: actor.name,
    decision: 'approved',
    reason: null,
    at: now,
  });
  const approvals = w.decisions.filter((d) => d.decision === 'approved').length + 1;
  const note = `approved by ${actor.name} (${approvals} of ${w.request.required_approvals})`;
  const last = approvals >= w.request.required_approvals;
  if (last) await repo.setRequestStatus(tx, w.request.id, 'approved', now);
  const { object } = w;
  if (object.type === 'transfer') {
    const { transfer } = object;
    const timeline = await transfers.eventsOf(tx, [transfer.id]);
    if (last) return releaseHeldTransfer(tx, deps, actor, transfer, { timeline, note, event: 'transfer.approved', at: now });
    await transfers.touch(tx, transfer.id, now);
    const added = await transfers.insertEvents(tx, actor, transfer.id, [{ status: 'requires_approval', note, at: now }]);
    return presentTransfer({ ...transfer, updated_at: now }, [...timeline, ...added]);
  }
  if (last && object.type === 'schedule') await schedules.approveSchedule(tx, actor, object.schedule, now);
  if (last && object.type === 'stream') await streams.approveStream(tx, actor, object.stream, now);
  return undefined;
}

/** Records the caller's denial: one ends it — a transfer's hold voided to the cent, a stream's funding refunded. Errors: as approve's. */
async function deny(tx: Queryable, actor: Actor, w: Waiting, reason: string, now: Date): Promise<Transfer | undefined> {
  const refused = refusal(actor, w.request, w.decisions, w.person);
  if (refused) throw refused;
  await repo.insertDecision(tx, actor, {
    request_id: w.request.id,
    user_id: actor.id,
    user_name: actor.name,
    decision: 'denied',
    reason,
    at: now,
  });
  await repo.setRequestStatus(tx, w.request.id, 'denied', now);
  return endWaiting(tx, { ...actor, kind: 'user' }, w.object, 'denied', denialNote(actor.name, reason), now);
}

// Cut by code points: a cut through a surrogate pair would answer what the database cannot store.
const denialNote = (name: string, reason: string) => Array.from(`denied by ${name}: ${reason}`).slice(0, 500).join('');

/** A waiting object denied or expired: a transfer's hold voided, a schedule ended before its first run, a stream's funding refunded. */
async function endWaiting(
  tx: Queryable,
  by: Pick<Actor, 'tenantId' | 'environment'> & { kind: 'user' | 'system'; id: string | null },
  object: Locked,
  status: 'denied' | 'expired',
  note: string,
  now: Date,
): Promise<Transfer | undefined> {
  if (object.type === 'transfer') return voidHeldTransfer(tx, by, object.transfer, { status, note, at: now });
  if (object.type === 'schedule') await schedules.endUnapprovedSchedule(tx, by, object.schedule, status, now);
  else await streams.endUnapprovedStream(tx, by, object.stream, status, now);
  return undefined;
}

/**
 * A user approves a transfer waiting for approval (see approve). Errors: 404; 403
 * approver_role_required, self_approval; 409 already_decided; 422 invalid_state (also: past its
 * expiry), account_suspended (the sender was suspended meanwhile).
 */
export async function approveTransfer(tx: Queryable, deps: DecideDeps, actor: Actor, id: string): Promise<Transfer> {
  const now = deps.clock.now();
  return (await approve(tx, deps, actor, await waitingTransfer(tx, id, now), now)) as Transfer;
}

/** A user denies a transfer waiting for approval: it is `denied`, its hold voided to the cent, the reason on its timeline. Errors: as approveTransfer's. */
export async function denyTransfer(tx: Queryable, deps: DecideDeps, actor: Actor, id: string, reason: string): Promise<Transfer> {
  const now = deps.clock.now();
  return (await deny(tx, actor, await waitingTransfer(tx, id, now), reason, now)) as Transfer;
}

/**
 * A user approves whatever an approval request decides on — a transfer, a schedule or a stream (see
 * approve) — and gets the approval back with it. Errors: 404; 403 approver_role_required,
 * self_approval; 409 already_decided; 422 invalid_state (decided, or past its expiry), account_suspended.
 */
export async function approveApproval(tx: Queryable, deps: DecideDeps, actor: Actor, id: string): Promise<Approval> {
  const now = deps.clock.now();
  const waiting = await waitingApproval(tx, id, now);
  await approve(tx, deps, actor, waiting, now);
  return getApprovalOrThrow(tx, actor, waiting.request.id, now);
}

/** A user denies whatever an approval request decides on (see deny). Errors: as approveApproval's. */
export async function denyApproval(tx: Queryable, deps: DecideDeps, actor: Actor, id: string, reason: string): Promise<Approval> {
  const now = deps.clock.now();
  const waiting = await waitingApproval(tx, id, now);
  await deny(tx, actor, waiting, reason, now);
  return getApprovalOrThrow(tx, actor, waiting.request.id, now);
}

/** The object an approval decides on, as the audit log names it (a schedule is a `scheduled_transfer` there). */
const auditedObject = (r: Pick<repo.RequestRow, 'object_type' | 'transfer_id' | 'schedule_id' | 'stream_id'>) => ({
  objectType: r.object_type === 'schedule' ? 'scheduled_transfer' : r.object_type,
  objectId: (r.transfer_id ?? r.schedule_id ?? r.stream_id) as string,
});

export const approvalObjectOf = (a: Approval) =>
  auditedObject({ object_type: a.objectType, transfer_id: a.transferId, schedule_id: a.scheduleId, stream_id: a.streamId });

/** Retried this much later when an expiry fails (the others go on meanwhile). */
const EXPIRY_RETRY_MS = 60 * 60 * 1000;

/** Takes the row of what an expiring request decides on, unless a decision holds it now (undefined). */
async function tryLockObject(tx: Queryable, request: repo.RequestRow): Promise<Locked | undefined> {
  if (request.object_type === 'transfer') {
    const transfer = await transfers.lockTransfer(tx, request.transfer_id as string, true);
    return transfer && { type: 'transfer', transfer };
  }
  const object = { type: request.object_type, id: (request.schedule_id ?? request.stream_id) as string };
  if (!(await repo.tryLockObject(tx, object))) return undefined;
  return lockObject(tx, request);
}

/**
 * One expiry pass over every tenant: each transfer, schedule or stream still waiting
 * APPROVAL_EXPIRY_HOURS after it was created expires — a transfer's hold voided, a schedule ended
 * before its first run, a stream's funding refunded — and its request is `expired`. One someone is
 * deciding on right now (its row locked) is left to that decision and looked at again next pass. An
 * expiry that fails is rolled back to a savepoint and retried an hour later; the pass goes on and then
 * throws what failed. Returns how many expired.
 */
export async function expireDueApprovals(db: Database, deps: Pick<AppDeps, 'clock'>, max = 50): Promise<number> {
  let expired = 0;
  const busy: string[] = [];
  const errors: unknown[] = [];
  while (expired + busy.length < max) {
    const now = deps.clock.now();
    const done = await repo.claimExpiredRequest(db, now, busy, async (tx: Queryable, due: Claimed) => {
      const request = (await repo.findRequest(tx, due.id)) as repo.RequestRow;
      const object = await tryLockObject(tx, request);
      if (!object) {
        busy.push(due.id);
        return;
      }
      const savepoint = await repo.savepoint(tx);
      try {
        await repo.setRequestStatus(tx, request.id, 'expired', now);
        const scope = { tenantId: due.tenant_id, environment: due.environment };
        await endWaiting(tx, { ...scope, kind: 'system', id: null }, object, 'expired', `no decision in ${APPROVAL_EXPIRY_HOURS} h`, now);
        const { objectType, objectId } = auditedObject(request);
        recordAudit(tx, {
          ...scope,
          actor: { type: 'system', id: null, name: 'approval expiry' },
          action: `${objectType}.expired`,
          objectType,
          objectId,
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
 * Whether `actor` started this transfer: themselves, through an API key they created, or through an
 * agent whose token they hold. Such a person never decides on it (maker-checker); reviews ask the same
 * (reviews.service approveReview).
 */
export async function startedBy(
  tx: Queryable,
  actor: Pick<Actor, 'id'>,
  transfer: Pick<transfers.TransferRow, 'initiated_by_type' | 'initiated_by_id'>,
): Promise<boolean> {
  if (transfer.initiated_by_type === 'user') return transfer.initiated_by_id === actor.id;
  return (await personBehind(tx, { type: transfer.initiated_by_type, id: transfer.initiated_by_id })) === actor.id;
}

/* ── Reading ──────────────────────────────────────────────────────────────── */

export type ApprovalFilter = {
  status?: ApprovalStatus;
  objectType?: ApprovalObjectType;
  transferId?: string;
  scheduleId?: string;
  streamId?: string;
};

/**
 * A page of approval requests with what they decide on and their decisions. Pending ones (the
 * default) are the caller's inbox: only those the caller's role may decide.
 */
export async function listApprovals(tx: Queryable, actor: Actor, f: ApprovalFilter, page: { limit: number; cursor?: Cursor }, now: Date) {
  const status = f.status ?? 'pending';
  const rows = await repo.listRequests(
    tx,
    {
      status,
      objectType: f.objectType,
      transferId: f.transferId && canonicalId(f.transferId),
      scheduleId: f.scheduleId && canonicalId(f.scheduleId),
      streamId: f.streamId && canonicalId(f.streamId),
      role: status === 'pending' ? actor.role : undefined,
    },
    page,
  );
  return { rows, present: await presenter(tx, actor, rows.slice(0, page.limit), now) };
}

export async function getApprovalOrThrow(tx: Queryable, actor: Actor, id: string, now: Date): Promise<Approval> {
  const request = await repo.findRequest(tx, canonicalId(id));
  if (!request) throw notFound('approval');
  return (await presenter(tx, actor, [request], now))(request);
}

const idsOf = (rows: repo.RequestRow[], key: 'transfer_id' | 'schedule_id' | 'stream_id') =>
  rows.flatMap((r) => (r[key] ? [r[key] as string] : []));

/**
 * Presents requests: their objects (transfers with timelines and refunds, schedules, streams as of
 * `now`) and decisions, read a statement per kind.
 */
async function presenter(tx: Queryable, actor: Actor, rows: repo.RequestRow[], now: Date): Promise<(row: repo.RequestRow) => Approval> {
  const [found, foundSchedules, foundStreams, decisions, people] = await Promise.all([
    transfers.findTransfers(tx, idsOf(rows, 'transfer_id')),
    schedules.schedulesByIds(tx, idsOf(rows, 'schedule_id')),
    streams.streamsByIds(tx, idsOf(rows, 'stream_id')),
    repo.decisionsOf(
      tx,
      rows.map((r) => r.id),
    ),
    repo.peopleBehind(
      tx,
      rows.map((r) => ({ type: r.initiated_by_type, id: r.initiated_by_id })),
    ),
  ]);
  const [events, refunds] = await Promise.all([
    transfers.eventsOf(
      tx,
      found.map((t) => t.id),
    ),
    transfers.refundsOf(tx, found),
  ]);
  const byId = new Map(found.map((t) => [t.id, t]));
  const scheduleById = new Map(foundSchedules.map((s) => [s.id, s]));
  const streamById = new Map(foundStreams.map((s) => [s.id, s]));
  return (r) => {
    const own = decisions.filter((d) => d.request_id === r.id);
    const transfer = r.transfer_id ? byId.get(r.transfer_id) : undefined;
    const schedule = r.schedule_id ? scheduleById.get(r.schedule_id) : undefined;
    const stream = r.stream_id ? streamById.get(r.stream_id) : undefined;
    return {
      id: r.id,
      status: r.status,
      objectType: r.object_type,
      transferId: r.transfer_id,
      scheduleId: r.schedule_id,
      streamId: r.stream_id,
      policy: { id: r.policy_id, name: r.policy_name },
      requiredApprovals: r.required_approvals,
      approverRole: r.approver_role,
      amountUsd: roundHalfUp(new Money(r.amount_usd), 'USD').toFixed(2),
      initiatedBy: { type: r.initiated_by_type, id: r.initiated_by_id, name: r.initiated_by_name },
      decisions: own.map((d) => ({ userId: d.user_id, name: d.user_name, decision: d.decision, reason: d.reason, at: d.at.toISOString() })),
      canDecide:
        r.status === 'pending' &&
        actor.kind === 'user' &&
        refusal(actor, r, own, (r.initiated_by_id && people.get(r.initiated_by_id)) ?? null) === undefined,
      expiresAt: r.expires_at.toISOString(),
      decidedAt: r.decided_at?.toISOString() ?? null,
      createdAt: r.created_at.toISOString(),
      transfer: transfer ? presentTransfer(transfer, events, refunds) : null,
      schedule: schedule ? schedules.presentSchedule(schedule) : null,
      stream: stream ? streams.presentStream(stream, now) : null,
    };
  };
}
