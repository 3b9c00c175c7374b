import { z } from '@hono/zod-openapi';
import { amountInputSchema, currencySchema } from '../../http/money.js';

export const depositSchema = z
  .object({
    id: z.uuid().openapi({ example: '2c9e7a10-4b1d-4f6e-8a3c-5d7e9f1a2b3c' }),
    accountId: z.uuid().openapi({ example: '7d1f3c2e-5b6a-4c8d-9e0f-1a2b3c4d5e6f' }),
    amount: z.string().openapi({ example: '250000.000000' }),
    currency: currencySchema,
    status: z.literal('completed').openapi({ example: 'completed' }),
    ledgerTransactionId: z.uuid().openapi({ example: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' }),
    createdAt: z.string().openapi({ example: '2026-11-25T14:30:00.000Z' }),
  })
  .openapi('Deposit');

export const createDepositBodySchema = z
  .strictObject({
    accountId: z.uuid().openapi({ example: '7d1f3c2e-5b6a-4c8d-9e0f-1a2b3c4d5e6f' }),
    amount: amountInputSchema,
    currency: currencySchema,
  })
  .openapi('CreateDepositRequest');

export const listDepositsQuerySchema = z.object({
  accountId: z.uuid().optional().openapi({ example: '7d1f3c2e-5b6a-4c8d-9e0f-1a2b3c4d5e6f' }),
});
