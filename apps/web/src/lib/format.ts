import { CURRENCY_SCALES, type Currency } from '@payos/money';

const grouping = new Intl.NumberFormat('en-US');

/**
 * Formats a decimal-string amount for display without ever converting it to a float: the integer
 * part is grouped; the fraction keeps every significant digit (never rounding value away) with at
 * least two places — `246692.900000` USDC shows as 246,692.90, `0.125000` as 0.125.
 */
export function money(amount: string | null | undefined, currency?: string | null): string {
  if (amount === null || amount === undefined) return '—';
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = amount.replace('-', '').split('.');
  const scale = currency && currency in CURRENCY_SCALES ? CURRENCY_SCALES[currency as Currency] : 8;
  const minimum = Math.min(2, scale);
  const significant = fraction.slice(0, scale).replace(/0+$/, '');
  const digits = significant.padEnd(minimum, '0');
  const grouped = grouping.format(BigInt(whole || '0'));
  const isZero = /^0*$/.test(whole) && /^0*$/.test(fraction);
  return `${negative && !isZero ? '−' : ''}${grouped}${digits ? `.${digits}` : ''}${currency ? ` ${currency}` : ''}`;
}

export const dateTime = (iso: string) =>
  new Date(iso).toLocaleString('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

export const date = (iso: string) => new Date(iso).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric' });

export const shortId = (id: string) => id.slice(0, 8);
