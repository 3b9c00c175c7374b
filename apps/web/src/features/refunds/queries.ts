import type { CreateRefundRequest, Environment, Refund, Transfer } from '@payos/contracts';
import type { ListRefundsParams } from '@payos/sdk';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { keys } from '@/lib/keys';
import { PayOSError, payos } from '@/lib/payos';
import { summarizeRefunds } from './summary';

/** The list filters of GET /v1/refunds (the SDK's, from the contract) and the page's cursor. */
export type RefundFilters = Omit<ListRefundsParams, 'limit' | 'cursor'> & { cursor?: string | undefined };

export const refundsQuery = (env: Environment, filters: RefundFilters) =>
  queryOptions({
    queryKey: [...keys.refunds(env), 'list', filters],
    queryFn: () => {
      const { cursor, ...params } = filters;
      return payos()
        .refunds.list({ limit: 25, ...params })
        .page(cursor);
    },
    placeholderData: keepPreviousData,
  });

/** How many refunds the summary cards add up at most (10 pages of 100); beyond that they say so. */
export const SUMMARY_MAX = 1000;

/**
 * The summary cards: every refund matching the filters (not only the page shown), added up per
 * currency in decimal arithmetic. Up to SUMMARY_MAX refunds; `truncated` when there were more.
 */
export const refundSummaryQuery = (env: Environment, filters: Omit<RefundFilters, 'cursor'>) =>
  queryOptions({
    queryKey: [...keys.refunds(env), 'summary', filters],
    queryFn: async () => {
      const refunds = await payos()
        .refunds.list({ limit: 100, ...filters })
        .toArray({ max: SUMMARY_MAX + 1 });
      return { ...summarizeRefunds(refunds.slice(0, SUMMARY_MAX)), truncated: refunds.length > SUMMARY_MAX };
    },
    placeholderData: keepPreviousData,
  });

export const refundQuery = (env: Environment, id: string) =>
  queryOptions({
    queryKey: [...keys.refunds(env), 'detail', id],
    queryFn: ({ signal }) => payos().refunds.get(id, { signal }),
    // A pending refund is polled until its money moves.
    refetchInterval: (query) => (query.state.data?.status === 'pending' ? 2000 : false),
  });

/**
 * Refund a transfer. What changes: that transfer (refunded / refundable amounts, its refunds), the
 * transfer lists it appears in (all transfers, and both accounts' transfer tabs), every refunds view,
 * and the two accounts' balances (the account lists, both accounts, their ledgers, the home page's
 * totals). Nothing else is refetched.
 */
export function useCreateRefund(env: Environment, transfer: Pick<Transfer, 'id' | 'fromAccountId' | 'toAccountId'>) {
  const client = useQueryClient();
  return useMutation({
    // One idempotency key per dialog opening: a retried request (network blip, 429) can never refund twice.
    mutationFn: ({ body, idempotencyKey }: { body: CreateRefundRequest; idempotencyKey: string }): Promise<Refund> =>
      payos().refunds.create(body, { idempotencyKey }),
    onSuccess: () => {
      const transfers = keys.transfers(env);
      const accounts = [transfer.fromAccountId, transfer.toAccountId].filter((id): id is string => Boolean(id));
      return Promise.all(
        [
          [...transfers, 'detail', transfer.id],
          [...transfers, 'list'],
          ...accounts.map((id) => [...transfers, 'account', id]),
          keys.refunds(env),
          [...keys.accounts(env), 'list'],
          ...accounts.map((id) => [...keys.accounts(env), 'detail', id]),
          ...accounts.map((id) => [...keys.ledger(env), id]),
          keys.overview(env),
        ].map((queryKey) => client.invalidateQueries({ queryKey })),
      );
    },
    // Refused because what the drawer shows is out of date (refunded meanwhile, no longer completed):
    // refetch the transfer, so its refundable amount is today's.
    onError: (error) => {
      if (error instanceof PayOSError && ['amount_exceeds_refundable', 'invalid_state'].includes(error.code)) {
        void client.invalidateQueries({ queryKey: [...keys.transfers(env), 'detail', transfer.id] });
      }
    },
  });
}
