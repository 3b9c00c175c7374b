'use client';

import { NextIntlClientProvider } from 'next-intl';
import { ErrorPage } from '@/components/error-page';
import { activeLocale } from '@/i18n/active';
import { MESSAGES } from '@/i18n/messages';
import './globals.css';

/**
 * The root layout itself crashed: Next renders this instead of it, so it brings its own <html>, styles
 * and messages (in the language the page was in, English if it never got that far).
 */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const locale = activeLocale();
  return (
    <html lang={locale}>
      <body className="min-h-screen antialiased">
        <NextIntlClientProvider locale={locale} messages={MESSAGES[locale]}>
          <ErrorPage error={error} reset={reset} framed />
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
