import { z } from 'zod';
import { balanceSchema } from './accounts.js';
import { CURRENCY_CODES, countSchema, currencySchema, idSchema, int, moneySchema, text } from './common.js';
import type { StreamHealth } from './streams.js';
import { transferSchema } from './transfers.js';

/** Reports: the dashboard's home page in one call. */

/** Days of daily volume in the overview (today and the 29 before it, UTC). */
export const OVERVIEW_DAYS = 30;
/** Recent transfers, and streams needing attention, listed in the overview. */
export const OVERVIEW_LIST_SIZE = 5;

// TODO(contracts): use streams' health schema once it has one; meanwhile `satisfies` fails the typecheck when the
// two lists differ.
const STREAM_HEALTHS = { healthy: 'healthy', warning: 'warning', critical: 'critical' } as const satisfies {
  [H in StreamHealth]: H;
};

/** A USD figure at the reference rates, two decimals. */
const usdSchema = (example: string) => moneySchema({ example });

export const overviewSchema = z
  .object({
    currency: z.literal('USD').meta({ description: 'Currency of every *Usd figure (reference rates).' }),
    balances: z
      .array(
        balanceSchema.extend({
          accounts: countSchema({ example: 9, description: 'Customer accounts holding this currency.' }),
        }),
      )
      .max(CURRENCY_CODES.length)
      .meta({ description: 'Customer money per currency, summed over the accounts (system accounts excluded).' }),
    volume: z
      .array(
        z.object({
          date: z.iso.date().max(10).meta({ example: '2026-11-25', description: 'UTC day.' }),
          count: countSchema({ example: 12 }),
          volumeUsd: usdSchema('15230.50'),
        }),
      )
      .max(OVERVIEW_DAYS)
      .meta({ description: 'Completed transfers per UTC day, oldest first.' }),
    corridors: z
      .array(
        z.object({
          id: z
            .string()
            .max(9)
            .regex(/^[A-Z]{3,4}_[A-Z]{3,4}$/)
            .meta({ example: 'USDC_MXN' }),
          fromCurrency: currencySchema,
          toCurrency: currencySchema,
          count: countSchema({ example: 3 }),
          volume: moneySchema({ example: '2000.000000' }),
          destinationVolume: moneySchema({ example: '34300.00' }),
          volumeUsd: usdSchema('2000.00'),
        }),
      )
      .max(CURRENCY_CODES.length ** 2)
      .meta({ description: 'Completed payouts per corridor, largest USD volume first.' }),
    payouts: z.object({
      pending: countSchema({ example: 1 }),
      processing: countSchema({ example: 0 }),
      failed: countSchema({ example: 1, description: 'Failed in the last 30 days.' }),
    }),
    streams: z.object({
      active: countSchema({ example: 3 }),
      warning: countSchema({ example: 1 }),
      critical: countSchema({ example: 1 }),
      needingAttention: z
        .array(
          z.object({
            id: idSchema(),
            description: text(500, { example: 'Contractor retainer' }).nullable(),
            health: z.enum(STREAM_HEALTHS).meta({ example: 'warning' }),
            runwaySeconds: int(0, Number.MAX_SAFE_INTEGER, {
              example: 86400,
              description: 'Seconds until the funding runs out.',
            }).nullable(),
            ratePerMonth: moneySchema({ example: '3000.000000' }),
            currency: currencySchema,
          }),
        )
        .max(OVERVIEW_LIST_SIZE)
        .meta({ description: 'Active streams that are not healthy, the shortest runway first.' }),
    }),
    recentTransfers: z.array(transferSchema).max(OVERVIEW_LIST_SIZE),
  })
  .meta({ id: 'Overview' });
export type Overview = z.output<typeof overviewSchema>;
