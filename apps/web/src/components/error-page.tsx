'use client';

import { Button } from '@payos/ui';
import { useTranslations } from 'next-intl';
import { useEffect } from 'react';
import { StatusPage } from '@/components/status-page';

/**
 * What a page that crashed shows (Next's error boundaries: app/error.tsx, app/(app)/error.tsx,
 * app/global-error.tsx): that it is on our side, a retry, a way home, and the reference to quote.
 * A plain <a> home rather than <Link>: after a crash a full load is the surer way out.
 */
export function ErrorPage({ error, reset, framed }: { error: Error & { digest?: string }; reset: () => void; framed: boolean }) {
  const t = useTranslations('errors.page');
  const tc = useTranslations('common');
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <StatusPage
      code={t('code')}
      title={t('title')}
      framed={framed}
      actions={
        <>
          <Button onClick={reset}>{tc('tryAgain')}</Button>
          <Button variant="outline" asChild>
            <a href="/">{t('back')}</a>
          </Button>
        </>
      }
    >
      <p>{t('body')}</p>
      {error.digest ? (
        <p className="mt-2">
          {t('reference')} <code className="text-xs">{error.digest}</code>
        </p>
      ) : null}
    </StatusPage>
  );
}
