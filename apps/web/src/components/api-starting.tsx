'use client';

import { LoaderCircle } from 'lucide-react';
import { useTranslations } from 'next-intl';

/** Said while the API behind the dashboard is not up yet; the page keeps trying by itself. */
export function ApiStarting() {
  const t = useTranslations('common');
  return (
    <p role="status" className="flex items-center gap-2 rounded-md bg-muted px-3 py-2 text-sm text-muted-foreground">
      <LoaderCircle className="h-4 w-4 animate-spin" aria-hidden />
      {t('apiStarting')}
    </p>
  );
}
