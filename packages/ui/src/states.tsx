'use client';

import { AlertTriangle, Inbox, SearchX } from 'lucide-react';
import type { HTMLAttributes, ReactNode } from 'react';
import { Button } from './button';
import { cn } from './cn';
import { useUiLabels } from './labels';

export function Skeleton({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div aria-hidden className={cn('animate-pulse rounded-md bg-muted', className)} {...props} />;
}

/** Rows of skeleton bars while a table loads. */
export function TableSkeleton({ rows = 5 }: { rows?: number }) {
  const labels = useUiLabels();
  return (
    <div className="grid gap-2 p-4" role="status" aria-label={labels.loading}>
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders.
        <Skeleton key={i} className="h-8 w-full" />
      ))}
    </div>
  );
}

export function EmptyState({ title, description, action }: { title: string; description?: string; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-center justify-center gap-2 p-10 text-center">
      <Inbox className="h-8 w-8 text-muted-foreground" aria-hidden />
      <p className="font-medium">{title}</p>
      {description ? <p className="max-w-sm text-sm text-muted-foreground">{description}</p> : null}
      {action ? <div className="mt-2">{action}</div> : null}
    </div>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  const labels = useUiLabels();
  return (
    <div role="alert" className="flex flex-col items-center justify-center gap-2 p-10 text-center">
      <AlertTriangle className="h-8 w-8 text-red-500" aria-hidden />
      <p className="font-medium">{labels.somethingWentWrong}</p>
      <p className="max-w-sm text-sm text-muted-foreground">{message}</p>
      {onRetry ? (
        <Button variant="outline" size="sm" onClick={onRetry}>
          {labels.tryAgain}
        </Button>
      ) : null}
    </div>
  );
}

/**
 * What was asked for does not exist (an unknown id): says so and offers a way back, never a retry.
 * `heading` is `h1` where it stands for a whole page, `h2` inside a drawer or a card.
 */
export function NotFoundState({
  title,
  description,
  action,
  heading: Heading = 'h1',
}: {
  title: string;
  description?: string;
  action?: ReactNode;
  heading?: 'h1' | 'h2';
}) {
  return (
    <div data-testid="not-found" className="flex flex-col items-center justify-center gap-2 p-10 text-center">
      <SearchX className="h-8 w-8 text-muted-foreground" aria-hidden />
      <Heading className="text-lg font-semibold">{title}</Heading>
      {description ? <p className="max-w-sm text-sm text-muted-foreground">{description}</p> : null}
      {action ? <div className="mt-2">{action}</div> : null}
    </div>
  );
}
