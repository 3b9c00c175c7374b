'use client';

import { Button, ErrorState, NotFoundState, TableSkeleton } from '@payos/ui';
import type { UseQueryResult } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { ApiStarting } from '@/components/api-starting';
import { isApiStarting } from '@/lib/api-status';
import { useEnvironment } from '@/lib/environment';
import { isNotFound } from '@/lib/not-found';
import { errorMessage } from '@/lib/payos';

/** A detail page's not-found state: what is missing ("No such account") and the list to go back to. */
export type NotFoundCopy = { title: string; backHref: string; backLabel: string };

/**
 * A query that failed. An unknown id (404 `resource_missing`) is a not-found state — `notFound`'s title
 * and a link back to its list on a detail page, a plain "Not found" in a drawer — never "Something went
 * wrong … Try again", since trying again cannot help. Anything else is the error with a retry.
 */
export function QueryError({ query, notFound }: { query: UseQueryResult<unknown>; notFound?: NotFoundCopy }) {
  const environment = useEnvironment();
  const t = useTranslations('common');
  if (isNotFound(query.error)) {
    return (
      <NotFoundState
        title={notFound?.title ?? t('notFound')}
        description={t('notFoundReason', { environment })}
        heading={notFound ? 'h1' : 'h2'}
        action={
          notFound ? (
            <Button variant="outline" asChild>
              <Link href={notFound.backHref}>
                <ArrowLeft className="h-4 w-4" aria-hidden /> {notFound.backLabel}
              </Link>
            </Button>
          ) : undefined
        }
      />
    );
  }
  return <ErrorState message={errorMessage(query.error)} onRetry={() => query.refetch()} />;
}

/**
 * A query in its states: `loading` while it loads (a table skeleton unless given; "Starting the API…"
 * above it while the query client waits for the API), the error (QueryError: not found, or a retry),
 * then `children(data)`.
 */
export function QueryView<T>({
  query,
  loading,
  notFound,
  children,
}: {
  query: UseQueryResult<T>;
  loading?: ReactNode;
  notFound?: NotFoundCopy;
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
  if (query.isError) return <QueryError query={query} notFound={notFound} />;
  return children(query.data);
}
