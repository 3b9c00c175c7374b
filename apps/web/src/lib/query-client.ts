import { QueryClient } from '@tanstack/react-query';
import { PayOSConnectionError, PayOSError } from './payos';

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Cached pages render instantly on back/forward and make no request inside this window.
        staleTime: 30_000,
        gcTime: 10 * 60_000,
        refetchOnWindowFocus: false,
        // The SDK already retried what is worth retrying (network errors, 429, 503) with backoff;
        // retrying its errors again here would multiply the attempts.
        retry: (count, error) => !(error instanceof PayOSError || error instanceof PayOSConnectionError) && count < 2,
      },
    },
  });
}
