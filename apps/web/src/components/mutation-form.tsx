'use client';

import { Dialog } from '@payos/ui';
import type { UseMutationResult } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';

/**
 * A dialog whose form is mounted only while it is open, so each opening starts afresh: its fields and
 * its Idempotency-Key (useDialogMutation). `children(done)` renders the form; `done` closes the dialog.
 */
export function FormDialog({
  open,
  onOpenChange,
  title,
  description,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: string;
  children: (done: () => void) => ReactNode;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={title} description={description}>
      {open ? children(() => onOpenChange(false)) : null}
    </Dialog>
  );
}

/**
 * The write behind a dialog's form. The form is mounted afresh each time its dialog opens, so the
 * Idempotency-Key made here is one per opening: a retry after an error reuses it, a new opening does not.
 * `send` adds the key to the variables; `error` is the API's refusal, to show inline (FormError).
 */
export function useDialogMutation<TData, TVariables extends { idempotencyKey: string }>(
  mutation: UseMutationResult<TData, Error, TVariables>,
) {
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  return {
    send: (variables: Omit<TVariables, 'idempotencyKey'>, onSuccess: (data: TData) => void) =>
      mutation.mutate({ ...variables, idempotencyKey } as TVariables, { onSuccess }),
    busy: mutation.isPending,
    error: mutation.isError ? mutation.error : null,
  };
}

/** A write's error in its form: the message (and anything `children` add, such as a link), or nothing. */
export function FormError({
  error,
  message,
  testId,
  children,
}: {
  error: unknown;
  message: (error: unknown) => string;
  testId: string;
  children?: ReactNode;
}) {
  if (!error) return null;
  return (
    <p role="alert" className="text-sm text-red-600 dark:text-red-400" data-testid={testId}>
      {message(error)}
      {children}
    </p>
  );
}
