'use client';

import { ErrorState, TableSkeleton } from '@payos/ui';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiStarting } from '@/components/api-starting';
import { isApiStarting } from '@/lib/api-status';
import { errorMessage } from '@/lib/payos';

/**
 * A query in its states: `loading` while it loads (a table skeleton unless given; "Starting the API…"
 * above it while the query client waits for the API), the error with a retry, then `children(data)`.
 */
export function QueryView<T>({
  query,
  loading,
  children,
}: {
  query: UseQueryResult<T>;
  loading?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) {
    return isApiStarting(query.failureReason) ? (
      <div className="grid gap-4">
        <ApiStarting />
        {loading ?? <TableSkeleton />}
      </div>
    ) : (
      (loading ?? <TableSkeleton />)
    );
  }
  if (query.isError) return <ErrorState message={errorMessage(query.error)} onRetry={() => query.refetch()} />;
  return children(query.data);
}
