import type { Environment } from '@payos/contracts';
import type { QueryClient } from '@tanstack/react-query';

/**
 * Query keys: ['payos', environment, domain, ...]. The environment is part of every key, so the
 * test/live switch never shows one environment's cache in the other; invalidating
 * ['payos', env, 'transfers'] refreshes every transfer list and detail at once.
 */
export const keys = {
  overview: (env: Environment) => ['payos', env, 'overview'] as const,
  accounts: (env: Environment) => ['payos', env, 'accounts'] as const,
  transfers: (env: Environment) => ['payos', env, 'transfers'] as const,
  refunds: (env: Environment) => ['payos', env, 'refunds'] as const,
  approvals: (env: Environment) => ['payos', env, 'approvals'] as const,
  approvalPolicies: (env: Environment) => ['payos', env, 'approval-policies'] as const,
  reviews: (env: Environment) => ['payos', env, 'reviews'] as const,
  riskRules: (env: Environment) => ['payos', env, 'risk-rules'] as const,
  disputes: (env: Environment) => ['payos', env, 'disputes'] as const,
  ledger: (env: Environment) => ['payos', env, 'ledger'] as const,
  paymentMethods: (env: Environment) => ['payos', env, 'payment-methods'] as const,
  schedules: (env: Environment) => ['payos', env, 'schedules'] as const,
  agents: (env: Environment) => ['payos', env, 'agents'] as const,
  streams: (env: Environment) => ['payos', env, 'streams'] as const,
  events: (env: Environment) => ['payos', env, 'events'] as const,
  webhooks: (env: Environment) => ['payos', env, 'webhooks'] as const,
  settings: (env: Environment) => ['payos', env, 'settings'] as const,
  apiKeys: () => ['payos', 'api-keys'] as const,
  team: () => ['payos', 'team'] as const,
  organization: () => ['payos', 'organization'] as const,
  sessions: () => ['payos', 'sessions'] as const,
};

/** Money moved: balances (accounts, ledger) and the home page change, plus the domains named. */
export function invalidateMoney(client: QueryClient, env: Environment, ...domains: (readonly unknown[])[]) {
  return Promise.all(
    [...domains, keys.accounts(env), keys.ledger(env), keys.overview(env)].map((queryKey) => client.invalidateQueries({ queryKey })),
  );
}
