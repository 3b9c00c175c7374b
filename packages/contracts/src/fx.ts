import { z } from 'zod';
import { amountInputSchema, CURRENCY_CODES, currencySchema, idSchema, type Meta, moneySchema, text, timestampSchema } from './common.js';
import { PAYMENT_RAILS } from './payment-methods.js';

/** FX: the payout corridors, their current rates, and quotes (a priced conversion, valid five minutes, usable once). */

/** At most one corridor per ordered pair of currencies (today there are ten). */
export const MAX_CORRIDORS = CURRENCY_CODES.length ** 2;

const payoutRailSchema = z.enum(PAYMENT_RAILS).meta({ example: 'spei', description: 'The payout rail that carries the money.' });

/** A decimal rate (units of the destination currency per unit of the source currency). */
const rateSchema = (meta: Meta = {}) => moneySchema({ example: '17.15', ...meta });

export const FEE_TYPES = ['platform', 'cross_currency', 'corridor'] as const;
export type FeeType = (typeof FEE_TYPES)[number];

/** Fees charged on top, in the source currency: the total and one line per fee (at most one of each type). */
export const feesSchema = z.object({
  total: moneySchema({ example: '7.00', description: 'Sum of the lines, in the source currency.' }),
  breakdown: z
    .array(
      z.object({
        type: z.enum(FEE_TYPES).meta({ example: 'platform' }),
        amount: moneySchema({ example: '5.00' }),
      }),
    )
    .max(FEE_TYPES.length),
});
export type Fees = z.output<typeof feesSchema>;
export type FeeLine = Fees['breakdown'][number];

export const corridorSchema = z
  .object({
    id: z
      .string()
      .max(9)
      .regex(/^[A-Z]{3,4}_[A-Z]{3,4}$/)
      .meta({ example: 'USD_MXN', description: 'FROM_TO currency codes.' }),
    fromCurrency: currencySchema,
    toCurrency: currencySchema,
    rail: payoutRailSchema,
    railName: text(100, { example: 'SPEI' }),
    settlementEstimate: text(100, { example: 'minutes' }),
    fixedFee: moneySchema({ example: '1.50', description: 'Corridor fee in the source currency, on top of the percentage fees.' })
      .nullable()
      .meta({ example: null }),
    limits: z.object({
      minAmount: moneySchema({ example: '1.00', description: 'Smallest source amount.' }),
      maxAmount: moneySchema({ example: '500000.00', description: 'Largest source amount.' }),
    }),
  })
  .meta({ id: 'Corridor' });
export type Corridor = z.output<typeof corridorSchema>;
export const corridorListSchema = z.object({ data: z.array(corridorSchema).max(MAX_CORRIDORS) });

export const fxRateSchema = z
  .object({
    fromCurrency: currencySchema,
    toCurrency: currencySchema,
    midRate: rateSchema({ description: 'Mid-market rate.' }),
    spread: moneySchema({ example: '0', description: 'Fraction taken off the mid rate (0.01 = 1 %).' }),
    rate: rateSchema({ description: 'The rate quotes use: mid × (1 − spread).' }),
  })
  .meta({ id: 'FxRate' });
export type FxRate = z.output<typeof fxRateSchema>;
export const fxRateListSchema = z.object({ data: z.array(fxRateSchema).max(MAX_CORRIDORS) });

export const AMOUNT_TYPES = ['source', 'destination'] as const;
export type AmountType = (typeof AMOUNT_TYPES)[number];
export const QUOTE_STATUSES = ['valid', 'used', 'expired'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

export const quoteSchema = z
  .object({
    id: idSchema({ example: '8c7b6a59-4837-4261-9504-f3e2d1c0b9a8' }),
    fromCurrency: currencySchema,
    toCurrency: currencySchema,
    rail: payoutRailSchema,
    amountType: z.enum(AMOUNT_TYPES).meta({ example: 'source', description: 'Which amount the quote was asked for.' }),
    sourceAmount: moneySchema({ example: '1000.00' }),
    destinationAmount: moneySchema({ example: '17150.00' }),
    rate: rateSchema(),
    fees: feesSchema,
    totalDebit: moneySchema({ example: '1007.00', description: 'Source amount plus fees.' }),
    expiresAt: timestampSchema({ example: '2026-11-25T14:35:00.000Z' }),
    status: z.enum(QUOTE_STATUSES).meta({ example: 'valid' }),
    transferId: idSchema({ description: 'The transfer that used the quote.' }).nullable().meta({ example: null }),
    createdAt: timestampSchema(),
  })
  .meta({ id: 'Quote' });
export type Quote = z.output<typeof quoteSchema>;

export const createQuoteBodySchema = z
  .strictObject({
    fromCurrency: currencySchema,
    toCurrency: currencySchema,
    amount: amountInputSchema,
    amountType: z
      .enum(AMOUNT_TYPES)
      .default('source')
      .meta({ example: 'source', description: 'Whether `amount` is what is sent (source) or what arrives (destination).' }),
  })
  .meta({ id: 'CreateQuoteRequest' });
export type CreateQuoteRequest = z.input<typeof createQuoteBodySchema>;
