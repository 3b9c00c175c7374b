'use client';

import { Button } from '@payos/ui';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { StatusPage } from '@/components/status-page';

/** Any URL the dashboard does not have: the branded 404 with a way back, in the user's language. */
export function NotFoundPage() {
  const t = useTranslations('errors');
  return (
    <StatusPage
      code="404"
      title={t('notFoundPage.title')}
      actions={
        <>
          <Button asChild>
            <Link href="/">{t('page.back')}</Link>
          </Button>
          <Button variant="outline" asChild>
            <Link href="/transfers">{t('notFoundPage.transfers')}</Link>
          </Button>
        </>
      }
    >
      <p>{t('notFoundPage.body')}</p>
    </StatusPage>
  );
}
