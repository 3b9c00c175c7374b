'use client';

import { X } from 'lucide-react';
import { Dialog as D } from 'radix-ui';
import type { ReactNode } from 'react';
import { Button } from './button';
import { cn } from './cn';
import { useUiLabels } from './labels';
import { useReturnFocus } from './return-focus';

type DialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  children: ReactNode;
  /** `drawer` slides in from the right (details); `dialog` is centred (forms). */
  variant?: 'dialog' | 'drawer';
};

/** Radix Dialog: focus trap, Escape to close, focus returned to the opener, aria wiring. */
export function Dialog({ open, onOpenChange, title, description, children, variant = 'dialog' }: DialogProps) {
  const returnFocus = useReturnFocus(open);
  const labels = useUiLabels();
  return (
    <D.Root open={open} onOpenChange={onOpenChange}>
      <D.Portal>
        <D.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <D.Content
          {...returnFocus}
          className={cn(
            // On a phone (below sm): less padding and at most the height of the visible screen (dvh:
            // without the browser's bars); the body scrolls inside, down to its buttons.
            'fixed z-50 flex flex-col gap-4 overflow-y-auto border border-border bg-background p-6 shadow-lg focus:outline-none max-sm:p-4',
            variant === 'dialog'
              ? 'top-1/2 left-1/2 max-h-[90vh] w-[calc(100vw-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 rounded-lg max-sm:max-h-[calc(100dvh-2rem)]'
              : 'top-0 right-0 h-full w-full max-w-xl',
          )}
          {...(description ? {} : { 'aria-describedby': undefined })}
        >
          <div className="flex items-start justify-between gap-4">
            <div className="grid gap-1">
              <D.Title className="text-lg font-semibold">{title}</D.Title>
              {description ? <D.Description className="text-sm text-muted-foreground">{description}</D.Description> : null}
            </div>
            <D.Close
              className="rounded-md p-1 hover:bg-muted focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
              aria-label={labels.close}
            >
              <X className="h-4 w-4" />
            </D.Close>
          </div>
          {children}
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}

export type DialogActionsProps = {
  onCancel: () => void;
  label: string;
  /** Shown instead of `label` while `busy` (the mutation is in flight); the button is disabled meanwhile. */
  busyLabel: string;
  busy: boolean;
  disabled?: boolean;
  /** Without it, the confirm button submits the dialog's form. */
  onConfirm?: () => void;
};

/** A dialog's Cancel and confirm buttons. */
export function DialogActions({ onCancel, label, busyLabel, busy, disabled, onConfirm }: DialogActionsProps) {
  const labels = useUiLabels();
  return (
    <div className="flex flex-wrap justify-end gap-2">
      <Button variant="outline" onClick={onCancel}>
        {labels.cancel}
      </Button>
      <Button type={onConfirm ? 'button' : 'submit'} disabled={disabled || busy} onClick={onConfirm}>
        {busy ? busyLabel : label}
      </Button>
    </div>
  );
}
