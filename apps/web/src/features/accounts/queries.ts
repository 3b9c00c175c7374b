import type {
  CreateAccountRequest,
  CreateDepositRequest,
  CreatePaymentMethodRequest,
  Environment,
  VerificationRequest,
} from '@payos/contracts';
import type { ListAccountsParams } from '@payos/sdk';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { keys } from '@/lib/keys';
import { payos } from '@/lib/payos';

/** The verification (KYC/KYB, and agents' KYA) tiers, for the tier pickers. */
export const VERIFICATION_TIERS = [0, 1, 2, 3] as const satisfies readonly VerificationRequest['tier'][];
export type VerificationTier = (typeof VERIFICATION_TIERS)[number];
/** The tier a picker's value names (1 for anything else). */
export const toTier = (value: string): VerificationTier => VERIFICATION_TIERS.find((tier) => String(tier) === value) ?? 1;

/** The list filters of GET /v1/accounts (the SDK's, from the contract) and the page's cursor. */
export type AccountFilters = Omit<ListAccountsParams, 'limit'> & { cursor?: string | undefined };

export const accountsQuery = (env: Environment, filters: AccountFilters) =>
  queryOptions({
    queryKey: [...keys.accounts(env), 'list', filters],
    queryFn: () => {
      const { cursor, ...params } = filters;
      return payos()
        .accounts.list({ limit: 25, ...params })
        .page(cursor);
    },
    placeholderData: keepPreviousData,
  });

export const accountQuery = (env: Environment, id: string) =>
  queryOptions({
    queryKey: [...keys.accounts(env), 'detail', id],
    queryFn: ({ signal }) => payos().accounts.get(id, { signal }),
  });

/**
 * What the account may still send (USD): its tier's per-transaction limit and the day's and 30 days'
 * limit, used and remaining. Under the account's key, so every money movement (invalidateMoney) refreshes it.
 */
export const accountLimitsQuery = (env: Environment, id: string) =>
  queryOptions({
    queryKey: [...keys.accounts(env), 'limits', id],
    queryFn: ({ signal }) => payos().accounts.limits(id, { signal }),
  });

export const ledgerQuery = (env: Environment, accountId: string, cursor?: string) =>
  queryOptions({
    queryKey: [...keys.ledger(env), accountId, cursor ?? null],
    queryFn: () => payos().accounts.ledgerEntries(accountId, { limit: 25 }).page(cursor),
    placeholderData: keepPreviousData,
  });

export const paymentMethodsQuery = (env: Environment, accountId: string) =>
  queryOptions({
    queryKey: [...keys.paymentMethods(env), accountId],
    // Every active payment method of an account fits in one page.
    queryFn: () => payos().paymentMethods.list(accountId).page(),
  });

export function useCreateAccount(env: Environment) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateAccountRequest) => payos().accounts.create(body),
    onSuccess: () => client.invalidateQueries({ queryKey: [...keys.accounts(env), 'list'] }),
  });
}

/** verify / suspend / activate: the account itself, the lists showing its status change and its limits (set by its tier). */
export function useAccountAction(env: Environment, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ action, tier }: { action: 'verify' | 'suspend' | 'activate'; tier: VerificationTier }) => {
      const accounts = payos().accounts;
      if (action === 'verify') return accounts.verify(id, { tier });
      return action === 'suspend' ? accounts.suspend(id) : accounts.activate(id);
    },
    onSuccess: (account) => {
      client.setQueryData(accountQuery(env, id).queryKey, account);
      return Promise.all([
        client.invalidateQueries({ queryKey: [...keys.accounts(env), 'list'] }),
        client.invalidateQueries({ queryKey: accountLimitsQuery(env, id).queryKey }),
      ]);
    },
  });
}

export function useDeposit(env: Environment, accountId: string) {
  const client = useQueryClient();
  return useMutation({
    // The dialog's key: a double submit or a retry deposits once.
    mutationFn: ({ idempotencyKey, ...body }: Omit<CreateDepositRequest, 'accountId'> & { idempotencyKey: string }) =>
      payos().deposits.create({ ...body, accountId }, { idempotencyKey }),
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
    mutationFn: (body: CreatePaymentMethodRequest) => payos().paymentMethods.create(accountId, body),
    onSuccess: () => client.invalidateQueries({ queryKey: [...keys.paymentMethods(env), accountId] }),
  });
}

/** Allowlist a payment method, or no longer (owners and admins): an allowlisted one skips the cooling-off cap. */
export function useAllowlistPaymentMethod(env: Environment, accountId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ paymentMethodId, allowlisted }: { paymentMethodId: string; allowlisted: boolean }) =>
      payos().paymentMethods.update(accountId, paymentMethodId, { allowlisted }),
    onSuccess: () => client.invalidateQueries({ queryKey: [...keys.paymentMethods(env), accountId] }),
  });
}
