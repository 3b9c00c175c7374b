'use client';

import type { List } from '@payos/contracts';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Pager } from '@/components/pager';
import { QueryView } from '@/components/query-view';

/**
 * One page of a list query: its loading and error states (QueryView), `empty` when the page has no
 * rows, otherwise `children(rows)` and the cursor pager.
 */
export function PagedList<T>({
  query,
  empty,
  cursor,
  onNext,
  children,
}: {
  query: UseQueryResult<List<T>>;
  empty: ReactNode;
  /** The current page's cursor (from the URL); Next pushes the following one. */
  cursor?: string;
  onNext: (cursor: string) => void;
  children: (rows: T[]) => ReactNode;
}) {
  return (
    <QueryView query={query}>
      {(page) =>
        page.data.length === 0 ? (
          empty
        ) : (
          <>
            {children(page.data)}
            <Pager hasMore={page.hasMore} nextCursor={page.nextCursor} cursor={cursor} onNext={onNext} />
          </>
        )
      }
    </QueryView>
  );
}
