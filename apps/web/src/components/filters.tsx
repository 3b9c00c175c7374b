'use client';

import { Button, cn, Dialog } from '@payos/ui';
import { SlidersHorizontal } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { type ReactNode, useState } from 'react';

/**
 * A list's filter controls. From `sm` (640 px) up they sit in a row above the list, as ever; on a
 * phone they hide behind one "Filters" button — with the number of filters in use, "Filters (2)" —
 * that opens them in a dialog, so the rows come first. The controls read and write the URL, so
 * both places show the same values; the dialog's copy mounts only while it is open. `className`
 * goes on the row.
 */
export function Filters({ active, className, children }: { active: number; className?: string; children: ReactNode }) {
  const [isOpen, setIsOpen] = useState(false);
  const t = useTranslations('common');
  const label = t('filters', { count: active });
  return (
    <>
      <div className={cn('hidden flex-wrap gap-2 sm:flex', className)}>{children}</div>
      <div className="sm:hidden">
        <Button variant="outline" onClick={() => setIsOpen(true)} aria-haspopup="dialog">
          <SlidersHorizontal className="h-4 w-4" aria-hidden /> {label}
        </Button>
        <Dialog open={isOpen} onOpenChange={setIsOpen} title={label}>
          <div className="grid gap-2 [&>*]:w-full">{children}</div>
          <div className="flex justify-end">
            <Button onClick={() => setIsOpen(false)}>{t('done')}</Button>
          </div>
        </Dialog>
      </div>
    </>
  );
}

/** How many of `values` are set: the count the Filters button shows. */
export const activeFilterCount = (...values: unknown[]) => values.filter((v) => v !== undefined && v !== null && v !== '').length;
