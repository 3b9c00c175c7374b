'use client';

import { X } from 'lucide-react';
import { Dialog as D } from 'radix-ui';
import type { ReactNode } from 'react';
import { cn } from './cn';
import { useUiLabels } from './labels';
import { useReturnFocus } from './return-focus';

/**
 * A panel from the left edge (the navigation on small screens), a Radix Dialog: the focus moves into
 * it and stays there, Escape, the close button or a tap outside close it, and the focus goes back to
 * what opened it. `title` names it for screen readers; `className` goes on the panel and its overlay
 * (`md:hidden`, say).
 */
export function Sheet({
  open,
  onOpenChange,
  title,
  children,
  className,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  children: ReactNode;
  className?: string;
}) {
  const returnFocus = useReturnFocus(open);
  const labels = useUiLabels();
  return (
    <D.Root open={open} onOpenChange={onOpenChange}>
      <D.Portal>
        <D.Overlay className={cn('fixed inset-0 z-40 bg-black/40', className)} />
        <D.Content
          {...returnFocus}
          aria-describedby={undefined}
          className={cn('fixed inset-y-0 left-0 z-50 h-full w-64 overflow-y-auto bg-card shadow-lg focus:outline-none', className)}
        >
          <D.Title className="sr-only">{title}</D.Title>
          <D.Close
            className="absolute top-3 right-3 rounded-md p-1.5 hover:bg-muted focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
            aria-label={labels.closeNamed(title)}
          >
            <X className="h-4 w-4" aria-hidden />
          </D.Close>
          {children}
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}
