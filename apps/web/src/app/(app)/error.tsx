'use client';

import { ErrorPage } from '@/components/error-page';

/** A signed-in page that crashed: the branded error inside the shell, so the sidebar still leads elsewhere. */
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPage error={error} reset={reset} framed={false} />;
}
