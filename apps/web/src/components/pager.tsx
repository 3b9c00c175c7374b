'use client';

import { Button } from '@payos/ui';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';

/** Cursor pagination: Next pushes the cursor into the URL, so Back returns to the previous page from cache. */
export function Pager({
  hasMore,
  nextCursor,
  cursor,
  onNext,
}: {
  hasMore: boolean;
  nextCursor: string | null;
  cursor?: string;
  onNext: (cursor: string) => void;
}) {
  const router = useRouter();
  const t = useTranslations('common');
  if (!cursor && !hasMore) return null;
  return (
    <div className="flex justify-end gap-2 border-t border-border p-3">
      <Button variant="outline" size="sm" disabled={!cursor} onClick={() => router.back()}>
        {t('previous')}
      </Button>
      <Button variant="outline" size="sm" disabled={!hasMore || !nextCursor} onClick={() => nextCursor && onNext(nextCursor)}>
        {t('next')}
      </Button>
    </div>
  );
}
