import { z } from '@hono/zod-openapi';
import { emailSchema, metadataSchema } from '@payos/contracts';
import { instantSchema } from '../../http/pagination.js';

export const balanceSchema = z
  .object({
    currency: z.string().openapi({ example: 'USDC' }),
    available: z.string().openapi({ example: '250000.000000' }),
    pending: z.string().openapi({ example: '0.000000' }),
    inStreams: z.string().openapi({ example: '0.000000' }),
    total: z.string().openapi({ example: '250000.000000' }),
  })
  .openapi('Balance');

export const accountSchema = z
  .object({
    id: z.uuid().openapi({ example: '7d1f3c2e-5b6a-4c8d-9e0f-1a2b3c4d5e6f' }),
    environment: z.enum(['test', 'live']).openapi({ example: 'test' }),
    type: z.enum(['person', 'business']).openapi({ example: 'business' }),
    name: z.string().openapi({ example: 'TechCorp Inc' }),
    email: z.string().nullable().openapi({ example: 'finance@techcorp.example' }),
    country: z.string().nullable().openapi({ example: 'MX' }),
    metadata: z.record(z.string(), z.string()).openapi({ example: { crmId: 'C-1042' } }),
    verificationTier: z.number().int().openapi({ example: 2 }),
    verificationStatus: z.enum(['unverified', 'pending', 'verified', 'suspended']).openapi({ example: 'verified' }),
    status: z.enum(['active', 'closed']).openapi({ example: 'active' }),
    balances: z.array(balanceSchema),
    createdAt: z.string().openapi({ example: '2026-11-25T14:30:00.000Z' }),
    updatedAt: z.string().openapi({ example: '2026-11-25T14:30:00.000Z' }),
  })
  .openapi('Account');

const countrySchema = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as MX')
  .openapi({ example: 'MX' });

export const createAccountBodySchema = z
  .strictObject({
    type: z.enum(['person', 'business']).openapi({ example: 'person' }),
    name: z.string().trim().min(1).max(200).openapi({ example: 'Maria Garcia' }),
    email: emailSchema.optional(),
    country: countrySchema.optional(),
    metadata: metadataSchema.optional(),
  })
  .openapi('CreateAccountRequest');

export const updateAccountBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional().openapi({ example: 'Maria Garcia López' }),
    email: emailSchema.nullable().optional(),
    country: countrySchema.nullable().optional(),
    metadata: metadataSchema.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'provide at least one field')
  .openapi('UpdateAccountRequest');

export const listAccountsQuerySchema = z.object({
  type: z.enum(['person', 'business']).optional().openapi({ example: 'business' }),
  verificationStatus: z.enum(['unverified', 'pending', 'verified', 'suspended']).optional(),
  search: z.string().trim().min(1).max(100).optional().openapi({ example: 'garcia', description: 'Matches name or e-mail.' }),
});

export const accountBalancesSchema = z
  .object({ data: z.object({ accountId: z.uuid(), balances: z.array(balanceSchema) }) })
  .openapi('AccountBalances');

export const ledgerEntrySchema = z
  .object({
    id: z.uuid().openapi({ example: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e' }),
    transactionId: z.uuid().openapi({ example: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' }),
    accountId: z.uuid().openapi({ example: '7d1f3c2e-5b6a-4c8d-9e0f-1a2b3c4d5e6f' }),
    currency: z.string().openapi({ example: 'USDC' }),
    part: z.enum(['available', 'pending', 'inStreams']).openapi({ example: 'available' }),
    amount: z.string().openapi({ example: '-1007.000000', description: 'Signed: negative leaves this balance part.' }),
    balanceAfter: z.string().openapi({ example: '248993.000000' }),
    referenceType: z.string().openapi({ example: 'deposit' }),
    referenceId: z.uuid().nullable().openapi({ example: '2c9e7a10-4b1d-4f6e-8a3c-5d7e9f1a2b3c' }),
    description: z.string().nullable().openapi({ example: 'Deposit to TechCorp Inc' }),
    createdAt: z.string().openapi({ example: '2026-11-25T14:30:00.000Z' }),
  })
  .openapi('LedgerEntry');

export const listLedgerEntriesQuerySchema = z.object({
  currency: z.enum(['USD', 'USDC', 'MXN', 'BRL', 'COP', 'ARS']).optional().openapi({ example: 'USDC' }),
  from: instantSchema.optional().openapi({ example: '2026-11-01T00:00:00Z', description: 'Inclusive.' }),
  to: instantSchema.optional().openapi({ example: '2026-12-01T00:00:00Z', description: 'Exclusive.' }),
});
