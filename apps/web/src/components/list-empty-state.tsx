'use client';

import { Button, EmptyState } from '@payos/ui';
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
  return (
    <EmptyState
      title={filtered ? `No ${noun} match` : `No ${noun} yet`}
      description={filtered ? `Change the filters to see other ${noun}.` : description}
      action={
        filtered ? (
          <Button variant="outline" onClick={onClear}>
            Clear filters
          </Button>
        ) : (
          action
        )
      }
    />
  );
}
