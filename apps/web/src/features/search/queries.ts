import type { Environment, SearchResult, SearchResultType } from '@payos/contracts';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { payos } from '@/lib/payos';

/** Results of each type the palette shows. */
export const PALETTE_LIMIT = 5;

/**
 * One search per settled query: the key is the query, so a query typed past is no longer observed and
 * TanStack Query aborts its request (the SDK passes `signal` to fetch). What was found stays on screen
 * while the next query runs.
 */
export const searchQuery = (env: Environment, q: string) =>
  queryOptions({
    queryKey: ['payos', env, 'search', q],
    queryFn: ({ signal }) => payos().search(q, { limit: PALETTE_LIMIT }, { signal }),
    enabled: q.length > 0,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });

export const TYPE_LABELS: Record<SearchResultType, string> = {
  account: 'Accounts',
  transfer: 'Transfers',
  payment_method: 'Payment methods',
  agent: 'Agents',
  scheduled_transfer: 'Schedules',
  stream: 'Streams',
};

/** Where a result opens in the dashboard. */
export function hrefOf(result: SearchResult): string {
  const id = encodeURIComponent(result.id);
  switch (result.type) {
    case 'account':
      return `/accounts/${id}`;
    case 'transfer':
      return `/transfers?transfer=${id}`;
    case 'payment_method':
      return result.accountId ? `/accounts/${encodeURIComponent(result.accountId)}?tab=payment-methods` : '/accounts';
    case 'agent':
      return `/agents/${id}`;
    case 'scheduled_transfer':
      return `/schedules?schedule=${id}`;
    case 'stream':
      return `/streams/${id}`;
  }
}
