'use client';

import { ErrorState, TableSkeleton } from '@payos/ui';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { errorMessage } from '@/lib/payos';

/** A query in its states: `loading` while it loads (a table skeleton unless given), the error with a retry, then `children(data)`. */
export function QueryView<T>({
  query,
  loading,
  children,
}: {
  query: UseQueryResult<T>;
  loading?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return loading ?? <TableSkeleton />;
  if (query.isError) return <ErrorState message={errorMessage(query.error)} onRetry={() => query.refetch()} />;
  return children(query.data);
}
