import { displayAmount, exactAmount } from '@payos/money';

/** The locale amounts are shown in. One place, so the language choice (#20 §6) switches every figure at once. */
export const DISPLAY_LOCALE = 'en-US';

const typographicMinus = (text: string) => text.replace(/^-/, '\u2212');

/**
 * An amount as people read it: the currency's display decimals (2, USDC included), grouped, rounded half
 * up, never through a float — `747.290034` USDC shows as 747.29 USDC in every row alike. Where the exact
 * figure matters next to it, use `<Amount>` (which gives it on hover and copy) or `exactMoney`.
 */
export function money(amount: string | null | undefined, currency?: string | null): string {
  if (amount === null || amount === undefined) return '—';
  return typographicMinus(displayAmount(amount, currency, { locale: DISPLAY_LOCALE }));
}

/** Every stored decimal, for what a person must type or check to the unit: "At most 0.125 USDC can be refunded". */
export function exactMoney(amount: string | null | undefined, currency?: string | null): string {
  if (amount === null || amount === undefined) return '—';
  return typographicMinus(exactAmount(amount, currency, { locale: DISPLAY_LOCALE }));
}

export const dateTime = (iso: string) =>
  new Date(iso).toLocaleString('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

export const date = (iso: string) => new Date(iso).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric' });

export const shortId = (id: string) => id.slice(0, 8);
