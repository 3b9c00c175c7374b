'use client';

import { isRoundedForDisplay } from '@payos/money';
import { cn } from '@payos/ui';
import type { ClipboardEvent } from 'react';
import { exactMoney, money } from '@/lib/format';

/**
 * An amount in a table or a headline: shown to the currency's display decimals, the exact figure on
 * hover, and copied exactly — selecting "747.29 USDC" and copying gives 747.290034, ready to paste into a
 * spreadsheet. `currency` is named after the figure unless `hideCurrency` (a card already titled USDC).
 */
export function Amount({
  value,
  currency,
  hideCurrency = false,
  className,
  testId,
}: {
  value: string | null | undefined;
  currency: string;
  hideCurrency?: boolean;
  className?: string;
  testId?: string;
}) {
  if (value === null || value === undefined) return <span className={className}>—</span>;
  const shown = money(value, hideCurrency ? null : currency);
  const rounded = isRoundedForDisplay(value, currency);
  const onCopy = (event: ClipboardEvent<HTMLSpanElement>) => {
    const selection = window.getSelection();
    const element = event.currentTarget;
    if (!selection || !element.contains(selection.anchorNode) || !element.contains(selection.focusNode)) return;
    event.clipboardData.setData('text/plain', value);
    event.preventDefault();
  };
  return (
    <span
      className={cn('tabular whitespace-nowrap', className)}
      title={rounded ? exactMoney(value, currency) : undefined}
      data-exact={value}
      data-testid={testId}
      onCopy={onCopy}
    >
      {shown}
    </span>
  );
}
