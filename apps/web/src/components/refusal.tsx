'use client';

import Link from 'next/link';
import { errorAction } from '@/lib/error-words';
import { errorMessage, PayOSError } from '@/lib/payos';

/**
 * A write's refusal inside the dialog that caused it — it stays until the form changes, unlike a toast —
 * in plain words, with the way forward when there is one ("Verify this account to raise its limit to
 * 50,000.00 USD"). `accountId`: the account the action was for, for that link.
 */
export function Refusal({ error, accountId, testId }: { error: unknown; accountId?: string | undefined; testId?: string }) {
  if (!error) return null;
  const action = error instanceof PayOSError ? errorAction(error, { accountId }) : undefined;
  return (
    <p role="alert" className="text-sm text-red-600 dark:text-red-400" data-testid={testId}>
      {errorMessage(error)}
      {action ? (
        <>
          {' '}
          <Link href={action.href} className="font-medium underline underline-offset-2">
            {action.label}
          </Link>
        </>
      ) : null}
    </p>
  );
}
