import { Button } from '@payos/ui';
import type { Metadata } from 'next';
import Link from 'next/link';
import { StatusPage } from '@/components/status-page';

export const metadata: Metadata = { title: 'Page not found · PayOS Dashboard' };

/** Any URL the dashboard does not have: the branded 404 with a way back, not the framework's. */
export default function NotFound() {
  return (
    <StatusPage
      code="404"
      title="Page not found"
      actions={
        <>
          <Button asChild>
            <Link href="/">Back to the dashboard</Link>
          </Button>
          <Button variant="outline" asChild>
            <Link href="/transfers">Transfers</Link>
          </Button>
        </>
      }
    >
      <p>There is no page at this address. It may have moved, or the link may be mistyped.</p>
    </StatusPage>
  );
}
