'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';

/**
 * Filters and pagination live in the URL, so links, reloads and back/forward keep them. Setting a
 * filter resets the cursor (a cursor belongs to one filter).
 */
export function useUrlState<K extends string>(names: readonly K[]) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const values = useMemo(
    () => Object.fromEntries(names.map((n) => [n, params.get(n) ?? undefined])) as Record<K, string | undefined>,
    [params, names],
  );
  const update = useCallback(
    (changes: Partial<Record<K | 'cursor', string | undefined>>, mode: 'push' | 'replace' = 'replace') => {
      const next = new URLSearchParams(params.toString());
      if (!('cursor' in changes)) next.delete('cursor');
      for (const [key, value] of Object.entries(changes) as [string, string | undefined][]) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      const query = next.toString();
      router[mode](query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [params, router, pathname],
  );
  return [values, update] as const;
}
