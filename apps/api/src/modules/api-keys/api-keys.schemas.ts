import { z } from '@hono/zod-openapi';

export const environmentSchema = z.enum(['test', 'live']).openapi({ example: 'test' });

export const apiKeySchema = z
  .object({
    id: z.uuid().openapi({ example: '5c0b8d3e-2f1a-4b7c-9e6d-0a1b2c3d4e5f' }),
    name: z.string().openapi({ example: 'Payroll backend' }),
    environment: environmentSchema,
    prefix: z.string().openapi({ example: 'pk_test_4eC39HqLyjWD', description: 'Non-secret start of the key, for recognising it.' }),
    status: z.enum(['active', 'grace_period', 'expired', 'revoked']).openapi({
      example: 'active',
      description: 'grace_period: replaced by rotation, still accepted until expiresAt.',
    }),
    createdBy: z.uuid().openapi({ example: '6f1c1e52-8a0a-4c55-9d0e-8a3b5d1f2e10' }),
    createdAt: z.string().openapi({ example: '2026-11-25T14:30:00.000Z' }),
    lastUsedAt: z.string().nullable().openapi({ example: '2026-11-25T15:02:11.000Z' }),
    expiresAt: z.string().nullable().openapi({ example: null }),
    revokedAt: z.string().nullable().openapi({ example: null }),
  })
  .openapi('ApiKey');

export const createdApiKeySchema = apiKeySchema
  .extend({
    key: z.string().openapi({ example: 'pk_test_4eC39HqLyjWDarjtT1zdp7dc…', description: 'The secret. Shown only in this response.' }),
  })
  .openapi('CreatedApiKey');

export const rotatedApiKeySchema = createdApiKeySchema
  .extend({ replaces: apiKeySchema.openapi({ description: 'The old key, valid until its expiresAt (24 hours).' }) })
  .openapi('RotatedApiKey');

export const createApiKeyBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).openapi({ example: 'Payroll backend' }),
    environment: environmentSchema,
  })
  .openapi('CreateApiKeyRequest');

export const listApiKeysQuerySchema = z.object({ environment: environmentSchema.optional() });
