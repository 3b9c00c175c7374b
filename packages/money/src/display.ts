import { type Amount, Money } from './amount.js';
import { type Currency, isCurrency } from './currency.js';

/**
 * How amounts are shown to people, as opposed to how they travel (`formatAmount`, the currency's full
 * scale). Every currency is shown to 2 decimals — USDC too, whose 6 the ledger keeps — rounded half
 * up, grouped and with the separators of the reader's locale. The exact figure stays available
 * (`exactAmount`) for a tooltip or a copy.
 */
export const DISPLAY_DECIMALS: Record<Currency, number> = { USD: 2, USDC: 2, MXN: 2, BRL: 2, COP: 2, ARS: 2 };
const FALLBACK_DECIMALS = 2;

export type DisplayOptions = {
  /** BCP 47 tag; default en-US. */
  locale?: string;
  /** Append the currency code ("1,250.00 USDC"). Default: when a currency is given. */
  withCurrency?: boolean;
  /** Decimals to show instead of the currency's display decimals (an axis may want 0). */
  decimals?: number;
};

type Separators = { group: Intl.NumberFormat; decimal: string; minus: string };
const separatorsByLocale = new Map<string, Separators>();

function separators(locale: string): Separators {
  let found = separatorsByLocale.get(locale);
  if (!found) {
    const parts = new Intl.NumberFormat(locale).formatToParts(-1.5);
    found = {
      group: new Intl.NumberFormat(locale, { useGrouping: true, maximumFractionDigits: 0 }),
      decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
      minus: parts.find((p) => p.type === 'minusSign')?.value ?? '-',
    };
    separatorsByLocale.set(locale, found);
  }
  return found;
}

export const displayDecimals = (currency: string | null | undefined): number =>
  currency && isCurrency(currency) ? DISPLAY_DECIMALS[currency] : FALLBACK_DECIMALS;

/**
 * "1,250.50 USDC" (en-US), "1.250,50 USDC" (pt-BR) for "1250.500000". Exact: the value never passes
 * through a binary float; the integer part is grouped as a BigInt.
 */
export function displayAmount(amount: Amount | string, currency?: string | null, options: DisplayOptions = {}): string {
  const locale = options.locale ?? 'en-US';
  const decimals = options.decimals ?? displayDecimals(currency);
  const rounded = new Money(amount).toDecimalPlaces(decimals, Money.ROUND_HALF_UP);
  const { group, decimal, minus } = separators(locale);
  const [whole = '0', fraction] = rounded.abs().toFixed(decimals).split('.');
  const sign = rounded.isNegative() && !rounded.isZero() ? minus : '';
  const number = `${sign}${group.format(BigInt(whole))}${fraction ? `${decimal}${fraction}` : ''}`;
  const withCurrency = options.withCurrency ?? Boolean(currency);
  return withCurrency && currency ? `${number} ${currency}` : number;
}

/** The full figure, every stored decimal kept (trailing zeros beyond 2 dropped): "1,250.123456 USDC". */
export function exactAmount(amount: Amount | string, currency?: string | null, options: Omit<DisplayOptions, 'decimals'> = {}): string {
  const value = new Money(amount);
  const decimals = Math.max(displayDecimals(currency), value.decimalPlaces());
  return displayAmount(value, currency, { ...options, decimals });
}

/** Whether the shown figure differs from the exact one (a tooltip is then worth giving). */
export const isRoundedForDisplay = (amount: Amount | string, currency?: string | null): boolean =>
  new Money(amount).decimalPlaces() > displayDecimals(currency);

/**
 * Shows parts of a whole so that the shown parts add up to the shown whole: available + pending +
 * inStreams = total, to the cent, whatever the sub-cent digits. The whole is rounded half up; each part
 * is rounded down, and the cents still missing go to the parts that lost the most (largest remainder).
 * Parts must not be negative.
 */
export function splitForDisplay(parts: readonly (Amount | string)[], currency?: string | null): { parts: Amount[]; whole: Amount } {
  const decimals = displayDecimals(currency);
  const unit = new Money(10).pow(-decimals);
  const exact = parts.map((p) => new Money(p));
  if (exact.some((p) => p.isNegative())) throw new RangeError('splitForDisplay needs parts that are not negative.');
  const whole = exact.reduce((sum, p) => sum.plus(p), new Money(0)).toDecimalPlaces(decimals, Money.ROUND_HALF_UP);
  const floors = exact.map((p) => p.toDecimalPlaces(decimals, Money.ROUND_DOWN));
  let missing = whole
    .minus(floors.reduce((sum, p) => sum.plus(p), new Money(0)))
    .div(unit)
    .toNumber();
  const byRemainder = exact
    .map((p, i) => ({ i, remainder: p.minus(floors[i] as Amount) }))
    .filter((r) => !r.remainder.isZero())
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.i - b.i);
  const shown = [...floors];
  for (const { i } of byRemainder) {
    if (missing <= 0) break;
    shown[i] = (shown[i] as Amount).plus(unit);
    missing -= 1;
  }
  return { parts: shown, whole };
}

const SPACES = /[\s\u00a0\u202f']/g;

/**
 * What a person typed into an amount field, as the API's plain decimal: "150,50" → "150.50",
 * "10,000.00" → "10000.00", "1.234,56" (pt-BR) → "1234.56". Returns null when it cannot be read
 * unambiguously as an amount. Rules: spaces and apostrophes group digits; when both "." and "," appear,
 * the last one is the decimal separator and the other must group by threes; a lone separator is the
 * locale's decimal separator, or a group separator when it groups by threes ("10,000" in en-US; in pt-BR
 * "10,000" is 10.000, ten with three decimals — the locale decides).
 */
export function parseLocaleAmount(input: string, locale = 'en-US'): string | null {
  const text = input.replace(SPACES, '');
  if (!/^\d([\d.,]*\d)?$/.test(text)) return null;
  const decimal = decimalSeparatorIn(text, separators(locale).decimal);
  const [whole = '', fraction, extra] = decimal ? text.split(decimal) : [text];
  if (extra !== undefined || (fraction !== undefined && !/^\d+$/.test(fraction))) return null;
  const grouped = /^\d{1,3}([.,]\d{3})+$/.test(whole) && new Set(whole.replace(/\d/g, '')).size === 1;
  if (!/^\d+$/.test(whole) && !grouped) return null;
  const digits = whole.replace(/[.,]/g, '');
  return fraction === undefined ? digits : `${digits}.${fraction}`;
}

/** Which of "." and "," separates decimals in `text`, or null when the only separator groups thousands. */
function decimalSeparatorIn(text: string, localeDecimal: string): string | null {
  const used = new Set(text.replace(/\d/g, ''));
  if (used.size === 0) return null;
  if (used.size === 2) return text[Math.max(text.lastIndexOf('.'), text.lastIndexOf(','))] as string;
  const [only] = used as Set<string>;
  const once = text.indexOf(only as string) === text.lastIndexOf(only as string);
  if (!once) return null;
  if (only === localeDecimal) return only;
  return /^\d{1,3}[.,]\d{3}$/.test(text) ? null : (only as string);
}
