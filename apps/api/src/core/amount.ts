import { type Amount, AmountError, type Currency, formatAmount, parseAmount } from '@payos/money';
import { invalidRequest } from './errors.js';

/** An amount from a request, parsed for its currency; a bad one is a 400 naming the field. */
export function parseAmountParam(value: unknown, currency: Currency, param = 'amount'): Amount {
  try {
    return parseAmount(value, currency);
  } catch (error) {
    if (error instanceof AmountError) throw invalidRequest(error.code, `${param}: ${error.message}`, param);
    throw error;
  }
}

/** NUMERIC strings from the database, rendered with the currency's scale. */
export const money = (value: string, currency: Currency) => formatAmount(value, currency);
