import type { CreateQuoteRequest, CreateTransferRequest, Environment } from '@payos/contracts';
import type { ListTransfersParams } from '@payos/sdk';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateMoney, keys } from '@/lib/keys';
import { payos } from '@/lib/payos';

/** The list filters of GET /v1/transfers (the SDK's, from the contract) and the page's cursor. */
export type TransferFilters = ListTransfersParams & { cursor?: string | undefined };

export const transfersQuery = (env: Environment, filters: TransferFilters) =>
  queryOptions({
    queryKey: [...keys.transfers(env), 'list', filters],
    queryFn: () => {
      const { cursor, ...params } = filters;
      return payos()
        .transfers.list({ limit: 25, ...params })
        .page(cursor);
    },
    placeholderData: keepPreviousData,
  });

export const accountTransfersQuery = (env: Environment, accountId: string, cursor?: string) =>
  queryOptions({
    queryKey: [...keys.transfers(env), 'account', accountId, cursor ?? null],
    queryFn: () => payos().accounts.transfers(accountId, { limit: 25 }).page(cursor),
    placeholderData: keepPreviousData,
  });

export const transferQuery = (env: Environment, id: string) =>
  queryOptions({
    queryKey: [...keys.transfers(env), 'detail', id],
    queryFn: ({ signal }) => payos().transfers.get(id, { signal }),
    // A payout in flight is polled until the worker settles it.
    refetchInterval: (query) => (['pending', 'processing'].includes(query.state.data?.status ?? '') ? 2000 : false),
  });

/**
 * Money moved: transfers, balances (accounts, ledger) and the home page all change — and the approvals
 * (a new transfer may wait for one; cancelling one that waits cancels its approval).
 */
function useInvalidateMoney(env: Environment) {
  const client = useQueryClient();
  return () => invalidateMoney(client, env, keys.transfers(env), keys.approvals(env));
}

export function useCancelTransfer(env: Environment) {
  const invalidate = useInvalidateMoney(env);
  return useMutation({
    mutationFn: (id: string) => payos().transfers.cancel(id),
    onSuccess: invalidate,
  });
}

export function useCreateTransfer(env: Environment) {
  const invalidate = useInvalidateMoney(env);
  return useMutation({
    // One idempotency key per attempt: a retried request (network blip, 429) can never pay twice.
    mutationFn: ({ body, idempotencyKey }: { body: CreateTransferRequest; idempotencyKey: string }) =>
      payos().transfers.create(body, { idempotencyKey }),
    onSuccess: invalidate,
  });
}

/**
 * A live quote for what the New payment form holds: one request per settled input (the form debounces;
 * a superseded request is aborted through `signal`), kept until it expires and then requested again
 * once. `body` undefined: no quote (an internal transfer, or an amount still being typed).
 */
export const quoteQuery = (env: Environment, body: CreateQuoteRequest | undefined) =>
  queryOptions({
    queryKey: ['payos', env, 'quote', body ?? null],
    queryFn: ({ signal }) => payos().quotes.create(body as CreateQuoteRequest, { signal }),
    enabled: Boolean(body),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
    // Its lifetime as the server gave it, from when it arrived: a browser clock set wrong changes nothing.
    refetchInterval: (query) => {
      const quote = query.state.data;
      return quote ? Math.max(1000, new Date(quote.expiresAt).getTime() - new Date(quote.createdAt).getTime()) : false;
    },
  });
