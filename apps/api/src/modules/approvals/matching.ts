import { randomUUID } from 'node:crypto';
import { APPROVAL_EXPIRY_HOURS, type ApprovalObjectType } from '@payos/contracts';
import type { Queryable } from '@payos/db';
import { type Amount, type Currency, Money } from '@payos/money';
import type { Actor } from '../../core/actor.js';
import type { RateProvider } from '../fx/rates.js';
import { usdRates, usdValue } from '../limits/limits.service.js';
import * as repo from './approvals.repo.js';

/*
 * What a new transfer, schedule or stream needs: the approval policy it matches, and the approval
 * request it is written with. The paths that create them use this; deciding is approvals.service's.
 */

export const APPROVAL_EXPIRY_MS = APPROVAL_EXPIRY_HOURS * 60 * 60 * 1000;

export const allPolicies = repo.allPolicies;

/** The approval a new object needs: the policy that matched it and its USD amount. */
export type ApprovalNeed = { policy: repo.PolicyRow; amountUsd: Amount };

/**
 * The policy a transfer matches — kind, initiator type and USD amount all within it — or undefined.
 * When several match, the strictest: the most approvals, then owners over admins, then the oldest.
 * The USD amount is exact (limits.service usdValue); converting asks the rate provider only when some
 * policy could apply, and never for USD or USDC (at par). A schedule is matched on each run's amount
 * and kind, a stream (money between two accounts: `internal`) on its funding. Errors: 503 rates_unavailable.
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

/** What an approval request decides on. */
export type ApprovalObject = { type: ApprovalObjectType; id: string };

/** The approval request an object that needs one is written with. */
export function requestRow(
  object: ApprovalObject,
  need: ApprovalNeed,
  actor: Pick<Actor, 'kind' | 'id' | 'name'>,
  now: Date,
): Omit<repo.RequestRow, 'updated_at' | 'decided_at'> {
  return {
    id: randomUUID(),
    object_type: object.type,
    transfer_id: object.type === 'transfer' ? object.id : null,
    schedule_id: object.type === 'schedule' ? object.id : null,
    stream_id: object.type === 'stream' ? object.id : null,
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

/**
 * A new schedule or stream (not a transfer: those are matched in their own paths, with their other
 * checks): the policy it needs, read and matched here. Errors: 503 rates_unavailable.
 */
export async function creationApprovalNeeded(
  tx: Queryable,
  rates: RateProvider,
  t: { type: 'internal' | 'payout'; initiator: Actor['kind']; amount: Amount; currency: Currency },
): Promise<ApprovalNeed | undefined> {
  const policies = await repo.allPolicies(tx);
  return policies.length === 0 ? undefined : approvalNeeded(policies, rates, t);
}

/** A waiting schedule or stream was cancelled by its sender (its row locked by the caller): so is its request. */
export const cancelPendingRequestOf = repo.cancelPendingRequestOf;
