'use client';

import type { Balance } from '@payos/contracts';
import { Money, splitForDisplay } from '@payos/money';
import { Card, CardContent, CardHeader, CardTitle } from '@payos/ui';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { exactMoney, money } from '@/lib/format';

/** The parts as splitForDisplay shows them; a negative part (never for a customer account) is shown as it is. */
function displayParts(b: Balance) {
  const parts = [b.available, b.pending, b.inStreams];
  if (parts.some((p) => p.startsWith('-'))) return { parts: parts.map((p) => new Money(p)), whole: new Money(b.total) };
  return splitForDisplay(parts, b.currency);
}

/**
 * One currency's balance: a headline figure and the three parts — available, pending, in streams —
 * shown so that they add up to the total shown, to the cent (see splitForDisplay). The card is titled
 * by the currency, so the figures do not repeat it; each gives its exact value on hover.
 */
export function BalanceCard({
  balance,
  headline,
  testId,
  headlineTestId,
  footer,
}: {
  balance: Balance;
  /** The big figure: the total (Home) or what can be sent now (an account). */
  headline: 'total' | 'available';
  testId?: string;
  headlineTestId?: string;
  footer?: ReactNode;
}) {
  const t = useTranslations('common.balance');
  const { currency } = balance;
  const {
    parts: [available, pending, inStreams],
    whole: total,
  } = displayParts(balance);
  const shown = (value: typeof total | undefined) => money(value?.toFixed() ?? '0', null);
  const figure = (label: string, value: typeof total | undefined, exact: string) => (
    <span title={exactMoney(exact, currency)}>
      <span className="tabular">{shown(value)}</span> {label}
    </span>
  );
  const headlineValue = headline === 'total' ? total : available;
  const headlineExact = headline === 'total' ? balance.total : balance.available;
  return (
    <Card data-testid={testId}>
      <CardHeader>
        <CardTitle>{currency}</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-1">
        <p className="tabular text-2xl font-semibold" data-testid={headlineTestId} title={exactMoney(headlineExact, currency)}>
          {shown(headlineValue)}
        </p>
        <p className="text-xs text-muted-foreground" data-testid={testId ? `${testId}-parts` : undefined}>
          {headline === 'total' ? (
            <>
              {figure(t('available'), available, balance.available)} · {figure(t('pending'), pending, balance.pending)} ·{' '}
              {figure(t('inStreams'), inStreams, balance.inStreams)}
            </>
          ) : (
            <>
              {t('available')} · {figure(t('pending'), pending, balance.pending)} · {figure(t('inStreams'), inStreams, balance.inStreams)} ·{' '}
              {figure(t('total'), total, balance.total)}
            </>
          )}
        </p>
        {footer ? <p className="text-xs text-muted-foreground">{footer}</p> : null}
      </CardContent>
    </Card>
  );
}
