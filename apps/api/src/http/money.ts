import { z } from '@hono/zod-openapi';
import { type Amount, AmountError, CURRENCIES, type Currency, formatAmount, parseAmount } from '@payos/money';
import { invalidRequest } from './errors.js';

export const currencySchema = z.enum(CURRENCIES as [Currency, ...Currency[]]).openapi({ example: 'USDC' });

/** Wire amounts: a decimal string (preferred) or a JSON number; validated per currency by parseAmountParam. */
export const amountInputSchema = z
  .union([z.string().max(40), z.number()])
  .openapi({ example: '1250.00', description: 'Decimal string with at most the currency’s decimal places.' });

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
