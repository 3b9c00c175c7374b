'use client';

import type { List } from '@payos/contracts';
import { ErrorState, TableSkeleton } from '@payos/ui';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Pager } from '@/components/pager';
import { errorMessage } from '@/lib/api';

/**
 * One page of a list query in its four states: a skeleton while it loads, the error with a retry,
 * `empty` when the page has no rows, otherwise `children(rows)` and the cursor pager.
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
  if (query.isPending) return <TableSkeleton />;
  if (query.isError) return <ErrorState message={errorMessage(query.error)} onRetry={() => query.refetch()} />;
  if (query.data.data.length === 0) return empty;
  return (
    <>
      {children(query.data.data)}
      <Pager hasMore={query.data.hasMore} nextCursor={query.data.nextCursor} cursor={cursor} onNext={onNext} />
    </>
  );
}
