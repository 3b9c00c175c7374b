import type { CreateReviewRequest, Environment, UpdateRiskRulesRequest } from '@payos/contracts';
import type { ListReviewsParams } from '@payos/sdk';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateMoney, keys } from '@/lib/keys';
import { payos } from '@/lib/payos';

/** The queue's filters (the SDK's, from the contract) and the page's cursor. */
export type ReviewFilters = Omit<ListReviewsParams, 'limit'> & { cursor?: string | undefined };

export const reviewsQuery = (env: Environment, filters: ReviewFilters) =>
  queryOptions({
    queryKey: [...keys.reviews(env), 'list', filters],
    queryFn: () => {
      const { cursor, ...params } = filters;
      return payos()
        .reviews.list({ limit: 25, ...params })
        .page(cursor);
    },
    placeholderData: keepPreviousData,
  });

export const reviewQuery = (env: Environment, id: string) =>
  queryOptions({
    queryKey: [...keys.reviews(env), 'detail', id],
    queryFn: ({ signal }) => payos().reviews.get(id, { signal }),
  });

/** The queue in numbers: the page's cards and the sidebar's count. Refetched every minute (rules open items as transfers come). */
export const reviewStatsQuery = (env: Environment) =>
  queryOptions({
    queryKey: [...keys.reviews(env), 'stats'],
    queryFn: ({ signal }) => payos().reviews.stats({ signal }),
    refetchInterval: 60_000,
  });

/** The review items of one transfer (a transfer held in requires_review has one per rule that asked). */
export const transferReviewsQuery = (env: Environment, transferId: string) =>
  queryOptions({
    queryKey: [...keys.reviews(env), 'transfer', transferId],
    queryFn: () => payos().reviews.list({ transferId, limit: 10 }).page(),
  });

type Decision =
  | { verb: 'assign' }
  | { verb: 'approve' | 'escalate'; note?: string }
  | { verb: 'reject' | 'dismiss'; note: string }
  | { verb: 'note'; body: string };

/**
 * Working on an item. Deciding one that holds its transfer moves money (approve releases the hold,
 * reject voids it), so transfers, balances and approvals are refreshed with the queue.
 */
export function useReviewAction(env: Environment, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (d: Decision) => {
      const reviews = payos().reviews;
      switch (d.verb) {
        case 'assign':
          return reviews.assign(id);
        case 'approve':
          return reviews.approve(id, d.note ? { note: d.note } : undefined);
        case 'escalate':
          return reviews.escalate(id, d.note ? { note: d.note } : undefined);
        case 'reject':
          return reviews.reject(id, { note: d.note });
        case 'dismiss':
          return reviews.dismiss(id, { note: d.note });
        case 'note':
          return reviews.addNote(id, { body: d.body });
      }
    },
    onSuccess: (review, d) => {
      client.setQueryData(reviewQuery(env, id).queryKey, review);
      const moved = review.holdsTransfer && (d.verb === 'approve' || d.verb === 'reject');
      return moved
        ? invalidateMoney(client, env, keys.reviews(env), keys.transfers(env), keys.approvals(env))
        : client.invalidateQueries({ queryKey: keys.reviews(env) });
    },
  });
}

/** A person's flag on an account or a transfer (members and up): a new open item in the queue. */
export function useCreateReview(env: Environment) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateReviewRequest; idempotencyKey: string }) =>
      payos().reviews.create(body, { idempotencyKey }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.reviews(env) }),
  });
}

/* ── Risk rules (Settings → Controls) ─────────────────────────────────────── */

export const riskRulesQuery = (env: Environment) =>
  queryOptions({ queryKey: keys.riskRules(env), queryFn: ({ signal }) => payos().riskRules.get({ signal }) });

export function useUpdateRiskRules(env: Environment) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateRiskRulesRequest) => payos().riskRules.update(body),
    onSuccess: (rules) => client.setQueryData(keys.riskRules(env), rules),
  });
}
