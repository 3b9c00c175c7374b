'use client';

import { Button } from '@payos/ui';
import { useEffect } from 'react';
import { StatusPage } from '@/components/status-page';

/**
 * What a page that crashed shows (Next's error boundaries: app/error.tsx, app/(app)/error.tsx,
 * app/global-error.tsx): that it is on our side, a retry, a way home, and the reference to quote.
 * A plain <a> home rather than <Link>: after a crash a full load is the surer way out.
 */
export function ErrorPage({ error, reset, framed }: { error: Error & { digest?: string }; reset: () => void; framed: boolean }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <StatusPage
      code="Error"
      title="Something went wrong on this page"
      framed={framed}
      actions={
        <>
          <Button onClick={reset}>Try again</Button>
          <Button variant="outline" asChild>
            <a href="/">Back to the dashboard</a>
          </Button>
        </>
      }
    >
      <p>The page stopped with an error on our side. Try again, or go back to the dashboard.</p>
      {error.digest ? (
        <p className="mt-2">
          Reference for support: <code className="text-xs">{error.digest}</code>
        </p>
      ) : null}
    </StatusPage>
  );
}
