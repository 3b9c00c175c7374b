'use client';

import { ErrorPage } from '@/components/error-page';

/** A page outside the shell (login, sign-up, invites) that crashed: the branded error page. */
export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPage error={error} reset={reset} framed />;
}
