'use client';

import { AlertDialog } from '@payos/ui';
import { type ReactNode, useRef, useState } from 'react';
import { errorMessage } from '@/lib/payos';
import { toast } from '@/lib/toast';

/** What a risky action asks before it acts, and what it says after. */
export type ConfirmOptions<T> = {
  /** A question naming the object: "Suspend Acme Ltd?" */
  title: string;
  /** What will happen, in plain words. */
  description: ReactNode;
  /** The action, named: "Suspend account". */
  confirmLabel: string;
  /** While the call runs: "Suspending…". */
  busyLabel: string;
  /** `danger` (the default) for what destroys, stops or cuts off; `primary` for a weighty but safe step. */
  tone?: 'danger' | 'primary';
  /** The call. If it fails, the dialog stays open and shows why; if it succeeds, the dialog closes. */
  onConfirm: () => Promise<T> | T;
  /** The success toast ("Account suspended."), or none. */
  success?: string | ((result: T) => string);
  /** After the dialog closed on success (reveal a new secret, leave a deleted object's page). */
  onSuccess?: (result: T) => void;
};

/**
 * The one confirmation of the dashboard's risky actions (suspend, cancel, delete, revoke, rotate,
 * remove, disable, switching to Live): a dialog that says what will happen, Cancel focused so Enter
 * cancels, a confirm button naming the action, the API's refusal inline, a toast once done.
 */
export function ConfirmDialog<T>({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  busyLabel,
  tone = 'danger',
  onConfirm,
  success,
  onSuccess,
}: ConfirmOptions<T> & { open: boolean; onOpenChange: (open: boolean) => void }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // A double click sends one call: state updates only show on the next render.
  const inFlight = useRef(false);

  const changeOpen = (next: boolean) => {
    if (!next) setError(null);
    onOpenChange(next);
  };

  async function confirm() {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      const result = await onConfirm();
      changeOpen(false);
      if (success) toast(typeof success === 'function' ? success(result) : success, 'success');
      onSuccess?.(result);
    } catch (caught) {
      setError(caught);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  return (
    <AlertDialog
      open={open}
      onOpenChange={changeOpen}
      title={title}
      description={description}
      confirmLabel={confirmLabel}
      busyLabel={busyLabel}
      busy={busy}
      onConfirm={confirm}
      tone={tone}
    >
      {error ? (
        <p
          role="alert"
          data-testid="confirm-error"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {errorMessage(error)}
        </p>
      ) : null}
    </AlertDialog>
  );
}

/**
 * A risky action's button and its confirmation: `trigger(open)` renders the button (it calls `open`
 * instead of acting), the dialog does the rest.
 */
export function ConfirmAction<T>({ trigger, ...options }: ConfirmOptions<T> & { trigger: (open: () => void) => ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      {trigger(() => setOpen(true))}
      <ConfirmDialog open={open} onOpenChange={setOpen} {...options} />
    </>
  );
}
