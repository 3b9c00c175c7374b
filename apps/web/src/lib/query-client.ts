import { QueryClient } from '@tanstack/react-query';
import { API_START_MAX_WAIT_MS, API_START_POLL_MS, isApiStarting } from './api-status';
import { PayOSConnectionError, PayOSError } from './payos';

/** Retries of a query while the API is starting: every API_START_POLL_MS for up to API_START_MAX_WAIT_MS. */
const MAX_STARTING_RETRIES = API_START_MAX_WAIT_MS / API_START_POLL_MS;

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Cached pages render instantly on back/forward and make no request inside this window.
        staleTime: 30_000,
        gcTime: 10 * 60_000,
        refetchOnWindowFocus: false,
        // The SDK already retried what is worth retrying (network errors, 429, 503) with backoff;
        // retrying its errors again here would multiply the attempts. Except while the API is still
        // starting (the dashboard's 503 api_starting): the page waits for it, saying so (QueryView).
        retry: (count, error) =>
          isApiStarting(error)
            ? count < MAX_STARTING_RETRIES
            : !(error instanceof PayOSError || error instanceof PayOSConnectionError) && count < 2,
        retryDelay: (count, error) => (isApiStarting(error) ? API_START_POLL_MS : Math.min(1000 * 2 ** count, 30_000)),
      },
    },
  });
}
