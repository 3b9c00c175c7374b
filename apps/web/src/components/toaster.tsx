'use client';

import { cn } from '@payos/ui';
import { useToasts } from '@/lib/toast';

export function Toaster() {
  const toasts = useToasts();
  return (
    <div aria-live="polite" className="pointer-events-none fixed right-4 bottom-4 z-[60] flex w-80 max-w-[calc(100vw-2rem)] flex-col gap-2">
      {toasts.map((t) => (
        <div
          key={t.id}
          role="status"
          className={cn(
            'pointer-events-auto rounded-md border px-4 py-3 text-sm shadow-md',
            t.tone === 'error' && 'border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100',
            t.tone === 'success' &&
              'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-100',
            t.tone === 'info' && 'border-border bg-background',
          )}
        >
          {t.message}
        </div>
      ))}
    </div>
  );
}
