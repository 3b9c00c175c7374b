import type {
  Account,
  CreateAccountRequest,
  CreateDepositRequest,
  CreatePaymentMethodRequest,
  Deposit,
  Environment,
  LedgerEntry,
  List,
  PaymentMethod,
  PaymentMethodList,
  Single,
} from '@payos/contracts';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api';
import { keys } from '@/lib/keys';

export type AccountFilters = { search?: string; type?: string; verificationStatus?: string; cursor?: string };

export const accountsQuery = (env: Environment, filters: AccountFilters) =>
  queryOptions({
    queryKey: [...keys.accounts(env), 'list', filters],
    queryFn: ({ signal }) => api<List<Account>>('/v1/accounts', { query: { limit: 25, ...filters }, signal }),
    placeholderData: keepPreviousData,
  });

export const accountQuery = (env: Environment, id: string) =>
  queryOptions({
    queryKey: [...keys.accounts(env), 'detail', id],
    queryFn: ({ signal }) => api<Single<Account>>(`/v1/accounts/${id}`, { signal }).then((r) => r.data),
  });

export const ledgerQuery = (env: Environment, accountId: string, cursor?: string) =>
  queryOptions({
    queryKey: [...keys.ledger(env), accountId, cursor ?? null],
    queryFn: ({ signal }) => api<List<LedgerEntry>>(`/v1/accounts/${accountId}/ledger-entries`, { query: { limit: 25, cursor }, signal }),
    placeholderData: keepPreviousData,
  });

export const paymentMethodsQuery = (env: Environment, accountId: string) =>
  queryOptions({
    queryKey: [...keys.paymentMethods(env), accountId],
    queryFn: ({ signal }) => api<PaymentMethodList>(`/v1/accounts/${accountId}/payment-methods`, { signal }),
  });

export function useCreateAccount(env: Environment) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateAccountRequest) => api<Single<Account>>('/v1/accounts', { method: 'POST', body }).then((r) => r.data),
    onSuccess: () => client.invalidateQueries({ queryKey: [...keys.accounts(env), 'list'] }),
  });
}

/** verify / suspend / activate: the account itself and the lists showing its status change. */
export function useAccountAction(env: Environment, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ action, tier }: { action: 'verify' | 'suspend' | 'activate'; tier?: number }) =>
      api<Single<Account>>(`/v1/accounts/${id}/${action}`, { method: 'POST', body: action === 'verify' ? { tier } : undefined }).then(
        (r) => r.data,
      ),
    onSuccess: (account) => {
      client.setQueryData(accountQuery(env, id).queryKey, account);
      return client.invalidateQueries({ queryKey: [...keys.accounts(env), 'list'] });
    },
  });
}

export function useDeposit(env: Environment, accountId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ idempotencyKey, ...body }: Omit<CreateDepositRequest, 'accountId'> & { idempotencyKey: string }) =>
      api<Single<Deposit>>('/v1/deposits', { method: 'POST', body: { ...body, accountId }, idempotencyKey }).then((r) => r.data),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: keys.accounts(env) }),
        client.invalidateQueries({ queryKey: [...keys.ledger(env), accountId] }),
        client.invalidateQueries({ queryKey: keys.overview(env) }),
      ]),
  });
}

export function useAddPaymentMethod(env: Environment, accountId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreatePaymentMethodRequest) =>
      api<Single<PaymentMethod>>(`/v1/accounts/${accountId}/payment-methods`, { method: 'POST', body }).then((r) => r.data),
    onSuccess: () => client.invalidateQueries({ queryKey: [...keys.paymentMethods(env), accountId] }),
  });
}
