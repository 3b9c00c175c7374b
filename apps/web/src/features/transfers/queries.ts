import type { Environment, List, Quote, Single, Transfer } from '@payos/contracts';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api';
import { invalidateMoney, keys } from '@/lib/keys';

export type TransferFilters = {
  status?: string;
  type?: string;
  accountId?: string;
  from?: string;
  to?: string;
  minAmount?: string;
  maxAmount?: string;
  search?: string;
  cursor?: string;
  limit?: number;
};

export const transfersQuery = (env: Environment, filters: TransferFilters) =>
  queryOptions({
    queryKey: [...keys.transfers(env), 'list', filters],
    queryFn: ({ signal }) => api<List<Transfer>>('/v1/transfers', { query: { limit: 25, ...filters }, signal }),
    placeholderData: keepPreviousData,
  });

export const accountTransfersQuery = (env: Environment, accountId: string, cursor?: string) =>
  queryOptions({
    queryKey: [...keys.transfers(env), 'account', accountId, cursor ?? null],
    queryFn: ({ signal }) => api<List<Transfer>>(`/v1/accounts/${accountId}/transfers`, { query: { limit: 25, cursor }, signal }),
    placeholderData: keepPreviousData,
  });

export const transferQuery = (env: Environment, id: string) =>
  queryOptions({
    queryKey: [...keys.transfers(env), 'detail', id],
    queryFn: ({ signal }) => api<Single<Transfer>>(`/v1/transfers/${id}`, { signal }).then((r) => r.data),
    // A payout in flight is polled until the worker settles it.
    refetchInterval: (query) => (['pending', 'processing'].includes(query.state.data?.status ?? '') ? 2000 : false),
  });

/** Money moved: transfers, balances (accounts, ledger) and the home page all change. */
function useInvalidateMoney(env: Environment) {
  const client = useQueryClient();
  return () => invalidateMoney(client, env, keys.transfers(env));
}

export function useCancelTransfer(env: Environment) {
  const invalidate = useInvalidateMoney(env);
  return useMutation({
    mutationFn: (id: string) => api<Single<Transfer>>(`/v1/transfers/${id}/cancel`, { method: 'POST' }).then((r) => r.data),
    onSuccess: invalidate,
  });
}

export type NewTransfer =
  | { type: 'internal'; fromAccountId: string; toAccountId: string; amount: string; currency: string; description?: string }
  | {
      type: 'payout';
      fromAccountId: string;
      paymentMethodId?: string;
      toAccountId?: string;
      destinationCurrency?: string;
      amount: string;
      currency: string;
      quoteId?: string;
      description?: string;
    };

export function useCreateTransfer(env: Environment) {
  const invalidate = useInvalidateMoney(env);
  return useMutation({
    // One idempotency key per attempt: a retried request (network blip, 429) can never pay twice.
    mutationFn: ({ body, idempotencyKey }: { body: NewTransfer; idempotencyKey: string }) =>
      api<Single<Transfer>>('/v1/transfers', { method: 'POST', body, idempotencyKey }).then((r) => r.data),
    onSuccess: invalidate,
  });
}

export function useCreateQuote() {
  return useMutation({
    mutationFn: (body: { fromCurrency: string; toCurrency: string; amount: string; amountType: 'source' | 'destination' }) =>
      api<Single<Quote>>('/v1/quotes', { method: 'POST', body }).then((r) => r.data),
  });
}
