import type {
  ApprovalObjectType,
  ApprovalStatus,
  CreateApprovalPolicyRequest,
  DenyTransferRequest,
  Environment,
  UpdateApprovalPolicyRequest,
} from '@payos/contracts';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateMoney, keys } from '@/lib/keys';
import { payos } from '@/lib/payos';
import { countDecidable } from './decide';

/** How many pending approvals the badge count walks at most (a page of 100, 3 pages); beyond 99 it shows "99+" anyway. */
const COUNT_MAX = 300;

/**
 * One page of approvals with `status` (pending: the caller's inbox — what their role may decide), of
 * one kind of object or all.
 */
export const approvalsQuery = (env: Environment, status: ApprovalStatus, objectType: ApprovalObjectType | undefined, cursor?: string) =>
  queryOptions({
    queryKey: [...keys.approvals(env), 'list', status, objectType ?? null, cursor ?? null],
    queryFn: () =>
      payos()
        .approvals.list({ limit: 25, status, ...(objectType ? { objectType } : {}) })
        .page(cursor),
    placeholderData: keepPreviousData,
  });

/**
 * The inbox as a whole (up to COUNT_MAX): the sidebar's count (those the user can decide now) and the
 * page's summary. Refetched every minute, since new ones arrive from API keys and agents.
 */
export const inboxSummaryQuery = (env: Environment) =>
  queryOptions({
    queryKey: [...keys.approvals(env), 'inbox-summary'],
    queryFn: async () => {
      const pending = await payos().approvals.list({ limit: 100, status: 'pending' }).toArray({ max: COUNT_MAX });
      return { pending, decidable: countDecidable(pending) };
    },
    refetchInterval: 60_000,
  });

const OBJECT_FILTERS = { transfer: 'transferId', schedule: 'scheduleId', stream: 'streamId' } as const;

/** The pending approval of one transfer, schedule or stream (none when the caller's role may not decide it). */
export const objectApprovalQuery = (env: Environment, objectType: ApprovalObjectType, id: string) =>
  queryOptions({
    queryKey: [...keys.approvals(env), objectType, id],
    queryFn: async () =>
      (
        await payos()
          .approvals.list({ [OBJECT_FILTERS[objectType]]: id, status: 'pending', limit: 1 })
          .page()
      ).data[0] ?? null,
  });

/** The pending approval of one transfer (none when the caller's role may not decide it). */
export const transferApprovalQuery = (env: Environment, transferId: string) => objectApprovalQuery(env, 'transfer', transferId);

/**
 * A decision moves money (approve: a transfer's hold lands or goes to the rail, a stream flows; deny: a
 * hold is voided, a stream's funding refunded) or starts a schedule, so transfers, schedules, streams,
 * balances and the home page change, and every approvals view (inbox, count, history).
 */
function useInvalidateDecision(env: Environment) {
  const client = useQueryClient();
  // Not awaited: the refetched inbox drops the decided card, and the caller's own callbacks (its toast,
  // closing the deny dialog) must run before that card unmounts.
  return () => {
    void invalidateMoney(client, env, keys.transfers(env), keys.schedules(env), keys.streams(env), keys.approvals(env), keys.events(env));
  };
}

/** Approve whatever an approval decides on (POST /v1/approvals/{id}/approve): the approval comes back with its object after the decision. */
export function useApprove(env: Environment) {
  const onSettled = useInvalidateDecision(env);
  return useMutation({
    // The SDK's Idempotency-Key, one per click: its retries (network blip, 429) approve once.
    mutationFn: (approvalId: string) => payos().approvals.approve(approvalId),
    // Refused too (decided meanwhile, expired): what the inbox shows is out of date either way.
    onSettled,
  });
}

/** Deny whatever an approval decides on (POST /v1/approvals/{id}/deny), with the deny dialog's Idempotency-Key. */
export function useDeny(env: Environment) {
  const onSettled = useInvalidateDecision(env);
  return useMutation({
    mutationFn: ({ approvalId, body, idempotencyKey }: { approvalId: string; body: DenyTransferRequest; idempotencyKey: string }) =>
      payos().approvals.deny(approvalId, body, { idempotencyKey }),
    onSettled,
  });
}

/* ── Policies (Settings → Controls; owners and admins) ─────────────────────── */

/** The environment's approval policies: a handful, so the first page of 100 is all of them. */
export const approvalPoliciesQuery = (env: Environment) =>
  queryOptions({
    queryKey: [...keys.approvalPolicies(env), 'list'],
    queryFn: () => payos().approvalPolicies.list({ limit: 100 }).page(),
  });

export function useApprovalPolicyMutations(env: Environment) {
  const client = useQueryClient();
  const onSuccess = () => client.invalidateQueries({ queryKey: keys.approvalPolicies(env) });
  return {
    create: useMutation({
      mutationFn: ({ body, idempotencyKey }: { body: CreateApprovalPolicyRequest; idempotencyKey: string }) =>
        payos().approvalPolicies.create(body, { idempotencyKey }),
      onSuccess,
    }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: UpdateApprovalPolicyRequest; idempotencyKey: string }) =>
        payos().approvalPolicies.update(id, body),
      onSuccess,
    }),
    remove: useMutation({ mutationFn: (id: string) => payos().approvalPolicies.delete(id), onSuccess }),
  };
}
