'use client';

import { Dialog, Skeleton } from '@payos/ui';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { QueryView } from '@/components/query-view';

/** One object's query in a side drawer: a skeleton while it loads, the error with a retry, then `children(data)`. */
export function DetailDrawer<T>({
  title,
  open,
  onClose,
  query,
  children,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  return (
    <Dialog open={open} onOpenChange={(o) => !o && onClose()} title={title} variant="drawer">
      <QueryView
        query={query}
        loading={
          <div className="grid gap-3">
            <Skeleton className="h-10 w-1/2" />
            <Skeleton className="h-40 w-full" />
          </div>
        }
      >
        {children}
      </QueryView>
    </Dialog>
  );
}

/** A drawer's heading: the amount, what it is, and its status badge. */
export function DrawerHeading({ amount, subtitle, badge }: { amount: string; subtitle: ReactNode; badge: ReactNode }) {
  return (
    <div className="flex items-center justify-between gap-4">
      <div>
        <p className="tabular text-2xl font-semibold">{amount}</p>
        <p className="text-sm text-muted-foreground">{subtitle}</p>
      </div>
      {badge}
    </div>
  );
}

/** A label and its value in a detail list (`<dl>`); long values wrap. */
export function DetailRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex justify-between gap-4 py-1.5 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 text-right break-words">{children}</dd>
    </div>
  );
}
