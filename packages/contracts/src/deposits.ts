import { z } from 'zod';
import { amountInputSchema, currencySchema, idSchema, moneySchema, paginationQuerySchema, timestampSchema } from './common.js';

/** The deposits wire schemas: money arriving from outside (a simulated on-ramp in test). */

export const depositSchema = z
  .object({
    id: idSchema({ example: '2c9e7a10-4b1d-4f6e-8a3c-5d7e9f1a2b3c' }),
    accountId: idSchema(),
    amount: moneySchema({ example: '250000.000000' }),
    currency: currencySchema,
    status: z.literal('completed').meta({ example: 'completed' }),
    ledgerTransactionId: idSchema({ example: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' }),
    createdAt: timestampSchema(),
  })
  .meta({ id: 'Deposit' });
export type Deposit = z.output<typeof depositSchema>;

export const createDepositBodySchema = z
  .strictObject({
    accountId: idSchema(),
    amount: amountInputSchema,
    currency: currencySchema,
  })
  .meta({ id: 'CreateDepositRequest' });
export type CreateDepositRequest = z.input<typeof createDepositBodySchema>;

export const listDepositsQuerySchema = paginationQuerySchema.extend({
  accountId: idSchema().optional(),
});
export type ListDepositsQuery = z.input<typeof listDepositsQuerySchema>;
