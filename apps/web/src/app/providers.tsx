'use client';

import { QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { Toaster } from '@/components/toaster';
import type { Locale } from '@/i18n/locales';
import { LanguageProvider } from '@/i18n/provider';
import { createQueryClient } from '@/lib/query-client';
import { installRandomUUID } from '@/lib/random-uuid';
import { getSession, refresh, useSession } from '@/lib/session';

// Before any form makes an Idempotency-Key: plain HTTP at a LAN IP or custom host lacks crypto.randomUUID.
if (typeof window !== 'undefined') installRandomUUID();

export function Providers({ initialLocale, acceptLocale, children }: { initialLocale: Locale; acceptLocale: Locale; children: ReactNode }) {
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
      <LanguageProvider initialLocale={initialLocale} acceptLocale={acceptLocale}>
        {children}
        <Toaster />
      </LanguageProvider>
    </QueryClientProvider>
  );
}
