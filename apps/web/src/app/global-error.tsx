'use client';

import { ErrorPage } from '@/components/error-page';
import './globals.css';

/** The root layout itself crashed: Next renders this instead of it, so it brings its own <html> and styles. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">
        <ErrorPage error={error} reset={reset} framed />
      </body>
    </html>
  );
}
