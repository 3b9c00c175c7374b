import { CURRENCY_SCALES, type Currency } from '@payos/money';

const grouping = new Intl.NumberFormat('en-US');

/**
 * Formats a decimal-string amount for display without ever converting it to a float: the integer
 * part is grouped, the fraction is cut to the currency's display scale (2, or 6 for USDC shown as 2).
 */
export function money(amount: string | null | undefined, currency?: string | null): string {
  if (amount === null || amount === undefined) return '—';
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = amount.replace('-', '').split('.');
  const scale = currency && currency in CURRENCY_SCALES ? Math.min(CURRENCY_SCALES[currency as Currency], 2) : 2;
  const grouped = grouping.format(BigInt(whole));
  const cents = fraction.padEnd(scale, '0').slice(0, scale);
  return `${negative ? '−' : ''}${grouped}${scale > 0 ? `.${cents}` : ''}${currency ? ` ${currency}` : ''}`;
}

export const dateTime = (iso: string) =>
  new Date(iso).toLocaleString('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

export const date = (iso: string) => new Date(iso).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric' });

export const shortId = (id: string) => id.slice(0, 8);
