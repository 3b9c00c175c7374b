import { Decimal } from 'decimal.js';
import { type Currency, scaleOf } from './currency.js';

// 40 significant digits covers NUMERIC(30, 8) amounts and per-second rates with room to spare.
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
export type Amount = InstanceType<typeof D>;
export { D as Money };

/** Largest amount accepted on the wire: 15 integer digits (below NUMERIC(30,8)'s 22). */
const MAX_INTEGER_DIGITS = 15;
const PLAIN_DECIMAL = /^(0|[1-9]\d*)(\.\d+)?$/;

export type AmountErrorCode = 'invalid_amount' | 'amount_too_precise' | 'amount_not_positive' | 'amount_too_large';

export class AmountError extends Error {
  constructor(
    readonly code: AmountErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AmountError';
  }
}

type ParseOptions = { allowZero?: boolean };

/**
 * Parses a wire amount (decimal string or JSON number) for a currency.
 * Rejects exponents, NaN/Infinity, signs, leading zeros, more fraction digits than the
 * currency's scale, and zero unless `allowZero`. Throws AmountError.
 */
export function parseAmount(input: unknown, currency: Currency, options: ParseOptions = {}): Amount {
  const text = toPlainText(input);
  const match = PLAIN_DECIMAL.exec(text);
  if (!match) {
    throw new AmountError('invalid_amount', 'Amount must be a positive decimal string such as "1250.00".');
  }
  const [, integerPart = '', fraction = ''] = match;
  const scale = scaleOf(currency);
  if (fraction.length - 1 > scale) {
    throw new AmountError('amount_too_precise', `${currency} amounts have at most ${scale} decimal places.`);
  }
  if (integerPart.length > MAX_INTEGER_DIGITS) {
    throw new AmountError('amount_too_large', `Amount must be below 10^${MAX_INTEGER_DIGITS}.`);
  }
  const value = new D(text);
  if (value.isZero() && !options.allowZero) {
    throw new AmountError('amount_not_positive', 'Amount must be greater than zero.');
  }
  return value;
}

function toPlainText(input: unknown): string {
  if (typeof input === 'string') return input.trim();
  if (typeof input === 'number') {
    // A JSON number arrives as a double; String() gives its shortest round-trip form,
    // which is exact for every value with ≤ 15 significant digits. Exponent forms are rejected above.
    if (!Number.isFinite(input)) return 'NaN';
    return String(input);
  }
  return '';
}

/** Formats with exactly the currency's scale: "1250.00", "12.500000". Never rounds silently. */
export function formatAmount(value: Amount | string, currency: Currency): string {
  const decimal = typeof value === 'string' ? new D(value) : value;
  const scale = scaleOf(currency);
  if (decimal.decimalPlaces() > scale) {
    throw new AmountError('amount_too_precise', `Cannot format ${decimal.toString()} with ${currency} scale ${scale}.`);
  }
  return decimal.toFixed(scale);
}

export const roundDown = (value: Amount, currency: Currency): Amount => value.toDecimalPlaces(scaleOf(currency), D.ROUND_DOWN);

export const roundUp = (value: Amount, currency: Currency): Amount => value.toDecimalPlaces(scaleOf(currency), D.ROUND_UP);

export const roundHalfUp = (value: Amount, currency: Currency): Amount => value.toDecimalPlaces(scaleOf(currency), D.ROUND_HALF_UP);
