import { QueryClient } from '@tanstack/react-query';
import { PayOSError } from './payos';

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Cached pages render instantly on back/forward and make no request inside this window.
        staleTime: 30_000,
        gcTime: 10 * 60_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => !(error instanceof PayOSError && error.status < 500) && count < 2,
      },
    },
  });
}
