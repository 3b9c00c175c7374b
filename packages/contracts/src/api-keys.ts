import { z } from 'zod';
import { environmentSchema, idSchema, paginationQuerySchema, timestampSchema } from './common.js';

/* API keys (`/v1/api-keys`): managed by users only; the secret is returned once, at creation or rotation. */

export const API_KEY_STATUSES = ['active', 'grace_period', 'expired', 'revoked'] as const;
export const apiKeyStatusSchema = z.enum(API_KEY_STATUSES).meta({
  example: 'active',
  description: 'grace_period: replaced by rotation, still accepted until expiresAt.',
});
export type ApiKeyStatus = z.output<typeof apiKeyStatusSchema>;

/** Keys are `pk_<environment>_` and 43 base62 characters; the prefix is their first 20 characters. */
const API_KEY_PATTERN = /^pk_(test|live)_[A-Za-z0-9_-]+$/;

// ——— Responses ———

export const apiKeySchema = z
  .object({
    id: idSchema({ example: '5c0b8d3e-2f1a-4b7c-9e6d-0a1b2c3d4e5f' }),
    name: z.string().max(100).meta({ example: 'Payroll backend' }),
    environment: environmentSchema,
    prefix: z
      .string()
      .max(20)
      .regex(API_KEY_PATTERN)
      .meta({ example: 'pk_test_4eC39HqLyjWD', description: 'Non-secret start of the key, for recognising it.' }),
    status: apiKeyStatusSchema,
    createdBy: idSchema({ example: '6f1c1e52-8a0a-4c55-9d0e-8a3b5d1f2e10', description: 'The user who created the key.' }),
    createdAt: timestampSchema(),
    lastUsedAt: timestampSchema({ example: '2026-11-25T15:02:11.000Z' }).nullable(),
    expiresAt: timestampSchema({ description: 'Set by rotation: the end of the grace period.' }).nullable().meta({ example: null }),
    revokedAt: timestampSchema().nullable().meta({ example: null }),
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.output<typeof apiKeySchema>;

export const createdApiKeySchema = apiKeySchema
  .extend({
    key: z
      .string()
      .max(64)
      .regex(API_KEY_PATTERN)
      .meta({ example: 'pk_test_4eC39HqLyjWDarjtT1zdp7dc9aQ2mX5vB8nK3rL6wY0', description: 'The secret. Shown only in this response.' }),
  })
  .meta({ id: 'CreatedApiKey' });
export type CreatedApiKey = z.output<typeof createdApiKeySchema>;

export const rotatedApiKeySchema = createdApiKeySchema.extend({ replaces: apiKeySchema }).meta({
  id: 'RotatedApiKey',
  description: 'The new key with its secret; `replaces` is the old key, valid until its expiresAt (24 hours).',
});
export type RotatedApiKey = z.output<typeof rotatedApiKeySchema>;

// ——— Requests ———

export const createApiKeyBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).meta({ example: 'Payroll backend' }),
    environment: environmentSchema,
  })
  .meta({ id: 'CreateApiKeyRequest' });
export type CreateApiKeyRequest = z.input<typeof createApiKeyBodySchema>;

export const listApiKeysQuerySchema = paginationQuerySchema.extend({
  environment: environmentSchema.optional().meta({ description: 'Only the keys of this environment.' }),
});
export type ListApiKeysQuery = z.input<typeof listApiKeysQuerySchema>;
