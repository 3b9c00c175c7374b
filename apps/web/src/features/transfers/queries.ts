import type {
  CreateQuoteRequest,
  CreateTransferRequest,
  Environment,
  List,
  ListTransfersQuery,
  Quote,
  Single,
  Transfer,
} from '@payos/contracts';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api';
import { invalidateMoney, keys } from '@/lib/keys';

/** The list query of GET /v1/transfers (the contract's), with the page size as a number. */
export type TransferFilters = Omit<ListTransfersQuery, 'limit'> & { limit?: number };

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

export function useCreateTransfer(env: Environment) {
  const invalidate = useInvalidateMoney(env);
  return useMutation({
    // One idempotency key per attempt: a retried request (network blip, 429) can never pay twice.
    mutationFn: ({ body, idempotencyKey }: { body: CreateTransferRequest; idempotencyKey: string }) =>
      api<Single<Transfer>>('/v1/transfers', { method: 'POST', body, idempotencyKey }).then((r) => r.data),
    onSuccess: invalidate,
  });
}

export function useCreateQuote() {
  return useMutation({
    mutationFn: (body: CreateQuoteRequest) => api<Single<Quote>>('/v1/quotes', { method: 'POST', body }).then((r) => r.data),
  });
}
