import { z } from '@hono/zod-openapi';
import { type Amount, AmountError, CURRENCIES, type Currency, formatAmount, parseAmount } from '@payos/money';
import type { ErrorCode } from './error-codes.js';
import { invalidRequest } from './errors.js';

export const currencySchema = z.enum(CURRENCIES as [Currency, ...Currency[]]).openapi({ example: 'USDC' });

/**
 * The validation message that marks a JSON number given for an amount; the error envelope turns it
 * into 400 `amount_must_be_string` (http/openapi.ts). A double cannot carry every amount exactly
 * (0.1 + 0.2, or USDC's sixth decimal on large sums), so money on the wire is a decimal string.
 */
export const AMOUNT_MUST_BE_STRING = 'amount_must_be_string';

/** A string schema for money (or a money rate) that answers amount_must_be_string to a JSON number. */
export const decimalString = () => z.string({ error: (issue) => (typeof issue.input === 'number' ? AMOUNT_MUST_BE_STRING : undefined) });

/** The errors an amount in a request can answer with; operations that take one declare them. */
export const AMOUNT_ERRORS = [
  'amount_must_be_string',
  'invalid_amount',
  'amount_too_precise',
  'amount_not_positive',
  'amount_too_large',
] as const satisfies readonly ErrorCode[];

/** Wire amounts: a decimal string, validated per currency by parseAmountParam. */
export const amountInputSchema = decimalString()
  .max(40)
  .openapi({ example: '1250.00', description: 'Decimal string with at most the currency’s decimal places (never a JSON number).' });

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
