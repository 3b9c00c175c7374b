import { type Amount, AmountError, CURRENCIES, type Currency, formatAmount, Money, parseAmount, scaleOf } from '@payos/money';
import { invalidRequest } from './errors.js';

const asParamError = (error: unknown, param: string) =>
  error instanceof AmountError ? invalidRequest(error.code, `${param}: ${error.message}`, param) : error;

/** An amount from a request, parsed for its currency; a bad one is a 400 naming the field. */
export function parseAmountParam(value: unknown, currency: Currency, param = 'amount'): Amount {
  try {
    return parseAmount(value, currency);
  } catch (error) {
    throw asParamError(error, param);
  }
}

/**
 * A decimal from a request parsed before its currency is known (a stream's top-up or withdrawal: the
 * stream's currency), with the number of fraction digits it was written with — "10.000" has 3, which
 * the value alone (10) no longer says. The currency's scale is checked later by `amountIn`.
 */
export type ParsedDecimal = { value: Amount; places: number };

/** The currency with the most fraction digits: a decimal too precise for it is too precise for all. */
const FINEST = CURRENCIES.reduce((finest, currency) => (scaleOf(currency) > scaleOf(finest) ? currency : finest));

/**
 * A positive decimal from a request, parsed with @payos/money's rules except the scale: 400
 * invalid_amount, amount_too_large or amount_not_positive naming the field. A well-formed decimal with
 * more fraction digits than any currency has is returned as is, for `amountIn` to answer
 * amount_too_precise in its currency (parseAmount checks the scale before the size and the sign).
 */
export function parseDecimalParam(value: unknown, param = 'amount'): ParsedDecimal {
  let parsed: Amount;
  try {
    parsed = parseAmount(value, FINEST);
  } catch (error) {
    if (!(error instanceof AmountError) || error.code !== 'amount_too_precise') throw asParamError(error, param);
    parsed = new Money(plainText(value));
  }
  return { value: parsed, places: plainText(value).split('.')[1]?.length ?? 0 };
}

/** A decimal parsed by parseDecimalParam, held to its currency's scale: 400 amount_too_precise naming the field. */
export function amountIn(decimal: ParsedDecimal, currency: Currency, param = 'amount'): Amount {
  const scale = scaleOf(currency);
  if (decimal.places > scale) {
    throw invalidRequest('amount_too_precise', `${param}: ${currency} amounts have at most ${scale} decimal places.`, param);
  }
  return decimal.value;
}

// The text parseAmount read (it accepted it): a trimmed string, or a finite JSON number's shortest form.
const plainText = (value: unknown) => (typeof value === 'string' ? value.trim() : String(value));

/** NUMERIC strings from the database, rendered with the currency's scale. */
export const money = (value: string, currency: Currency) => formatAmount(value, currency);
