'use client';

import { Button, EmptyState } from '@payos/ui';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';

/**
 * A filtered list with no rows: "No {noun} match" and a Clear filters button when filters are set,
 * otherwise "No {noun} yet" with what `description` and `action` say.
 */
export function ListEmptyState({
  noun,
  filtered,
  onClear,
  description,
  action,
}: {
  noun: string;
  filtered: boolean;
  onClear: () => void;
  description: string;
  action: ReactNode;
}) {
  const t = useTranslations('common');
  return (
    <EmptyState
      title={filtered ? t('noMatch', { noun }) : t('noneYet', { noun })}
      description={filtered ? t('changeFilters', { noun }) : description}
      action={
        filtered ? (
          <Button variant="outline" onClick={onClear}>
            {t('clearFilters')}
          </Button>
        ) : (
          action
        )
      }
    />
  );
}
