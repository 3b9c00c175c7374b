'use client';

import { QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { createQueryClient } from '@/lib/query-client';
import { installRandomUUID } from '@/lib/random-uuid';
import { getSession, refresh, useSession } from '@/lib/session';
import { Toaster } from '@/components/toaster';

// Before any form makes an Idempotency-Key: plain HTTP at a LAN IP or custom host lacks crypto.randomUUID.
if (typeof window !== 'undefined') installRandomUUID();

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(createQueryClient);
  const session = useSession();
  useEffect(() => {
    // Restore the session from the refresh cookie once per page load.
    if (getSession().status === 'loading') void refresh();
  }, []);
  useEffect(() => {
    // Nothing cached for one user may be shown to the next.
    if (session.status === 'anonymous') client.clear();
  }, [session.status, client]);
  return (
    <QueryClientProvider client={client}>
      {children}
      <Toaster />
    </QueryClientProvider>
  );
}
