import { displayAmount, exactAmount } from '@payos/money';

/**
 * The locale amounts, numbers and dates are shown in: the dashboard language's (#20 §6) — en-US,
 * es-419 or pt-BR. One place, so switching the language switches every figure at once: the language
 * provider (i18n/provider.tsx) sets it before the page renders, and importers read the live binding.
 */
export let DISPLAY_LOCALE = 'en-US';

/** Called by the language provider when the language changes (and by tests). */
export function setDisplayLocale(locale: string) {
  DISPLAY_LOCALE = locale;
}

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
  new Date(iso).toLocaleString(DISPLAY_LOCALE, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

export const date = (iso: string) => new Date(iso).toLocaleDateString(DISPLAY_LOCALE, { month: 'short', day: 'numeric', year: 'numeric' });

/** A full timestamp (event and delivery details): date and time to the second. */
export const fullDateTime = (iso: string) => new Date(iso).toLocaleString(DISPLAY_LOCALE);

/** A plain count or measure, grouped the locale's way: 12,345 (en) / 12.345 (pt-BR). */
export const count = (value: number) => value.toLocaleString(DISPLAY_LOCALE);

/** An exchange rate (a decimal string) to every digit it has, with the locale's decimal separator: 17.15 / 17,15. */
export function rate(value: string): string {
  const decimal = new Intl.NumberFormat(DISPLAY_LOCALE).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  return value.replace('.', decimal);
}

export const shortId = (id: string) => id.slice(0, 8);
