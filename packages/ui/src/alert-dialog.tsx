'use client';

import { AlertDialog as A } from 'radix-ui';
import type { ReactNode } from 'react';
import { Button } from './button';
import { useUiLabels } from './labels';
import { useReturnFocus } from './return-focus';

export type AlertDialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  /** What will happen, in plain words. */
  description: ReactNode;
  /** Anything more inside the dialog, above its buttons (an error, say). */
  children?: ReactNode;
  /** Names the action ("Suspend account"), never just "OK". */
  confirmLabel: string;
  /** Shown instead of `confirmLabel` while `busy`; the button is disabled meanwhile. */
  busyLabel: string;
  busy: boolean;
  onConfirm: () => void;
  /** `danger` (red) for what destroys or stops something; `primary` otherwise. */
  tone?: 'danger' | 'primary';
};

/**
 * Radix AlertDialog: asks before a risky action. Cancel has the focus when it opens, so Enter or Space
 * pressed out of habit cancels; a click outside does not close it (Escape and Cancel do). The confirm
 * button is a plain button (not AlertDialog.Action), so the dialog stays open while the call runs and
 * can show its error. Closed, it gives the focus back to what opened it.
 */
export function AlertDialog({
  open,
  onOpenChange,
  title,
  description,
  children,
  confirmLabel,
  busyLabel,
  busy,
  onConfirm,
  tone = 'danger',
}: AlertDialogProps) {
  const returnFocus = useReturnFocus(open);
  const labels = useUiLabels();
  return (
    <A.Root open={open} onOpenChange={onOpenChange}>
      <A.Portal>
        <A.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <A.Content
          {...returnFocus}
          className="fixed top-1/2 left-1/2 z-50 flex max-h-[90vh] w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 flex-col gap-4 overflow-y-auto rounded-lg border border-border bg-background p-6 shadow-lg focus:outline-none"
        >
          <div className="grid gap-2">
            <A.Title className="text-lg font-semibold">{title}</A.Title>
            <A.Description className="text-sm text-muted-foreground">{description}</A.Description>
          </div>
          {children}
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <A.Cancel asChild>
              <Button variant="outline">{labels.cancel}</Button>
            </A.Cancel>
            <Button variant={tone} disabled={busy} onClick={onConfirm}>
              {busy ? busyLabel : confirmLabel}
            </Button>
          </div>
        </A.Content>
      </A.Portal>
    </A.Root>
  );
}
