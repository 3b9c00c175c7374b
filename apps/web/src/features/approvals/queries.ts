import type {
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

/** One page of approvals with `status` (pending: the caller's inbox — what their role may decide). */
export const approvalsQuery = (env: Environment, status: ApprovalStatus, cursor?: string) =>
  queryOptions({
    queryKey: [...keys.approvals(env), 'list', status, cursor ?? null],
    queryFn: () => payos().approvals.list({ limit: 25, status }).page(cursor),
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

/** The pending approval of one transfer (none when the caller's role may not decide it). */
export const transferApprovalQuery = (env: Environment, transferId: string) =>
  queryOptions({
    queryKey: [...keys.approvals(env), 'transfer', transferId],
    queryFn: async () => (await payos().approvals.list({ transferId, status: 'pending', limit: 1 }).page()).data[0] ?? null,
  });

/**
 * A decision moves money (approve: the hold lands or goes to the rail; deny: it is voided), so the
 * transfers, balances and home page change, and every approvals view (inbox, count, history).
 */
function useInvalidateDecision(env: Environment) {
  const client = useQueryClient();
  // Not awaited: the refetched inbox drops the decided card, and the caller's own callbacks (its toast,
  // closing the deny dialog) must run before that card unmounts.
  return () => {
    void invalidateMoney(client, env, keys.transfers(env), keys.approvals(env), keys.events(env));
  };
}

export function useApproveTransfer(env: Environment) {
  const onSettled = useInvalidateDecision(env);
  return useMutation({
    // The SDK's Idempotency-Key, one per click: its retries (network blip, 429) approve once.
    mutationFn: (transferId: string) => payos().transfers.approve(transferId),
    // Refused too (decided meanwhile, expired): what the inbox shows is out of date either way.
    onSettled,
  });
}

export function useDenyTransfer(env: Environment) {
  const onSettled = useInvalidateDecision(env);
  return useMutation({
    mutationFn: ({ transferId, body, idempotencyKey }: { transferId: string; body: DenyTransferRequest; idempotencyKey: string }) =>
      payos().transfers.deny(transferId, body, { idempotencyKey }),
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
