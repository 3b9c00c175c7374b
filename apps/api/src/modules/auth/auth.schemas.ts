import { z } from '@hono/zod-openapi';
import { emailSchema, roleSchema } from '@payos/contracts';

export const passwordSchema = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(128, 'must be at most 128 characters')
  .openapi({ example: 'correct-horse-battery-staple' });
export const nameSchema = z.string().trim().min(1).max(200).openapi({ example: 'Ana Souza' });

export const userSchema = z
  .object({
    id: z.uuid().openapi({ example: '6f1c1e52-8a0a-4c55-9d0e-8a3b5d1f2e10' }),
    email: z.string().openapi({ example: 'ana@fintech.example' }),
    name: z.string().openapi({ example: 'Ana Souza' }),
    role: roleSchema,
    createdAt: z.string().openapi({ example: '2026-11-25T14:30:00.000Z' }),
  })
  .openapi('User');

export const tenantSchema = z
  .object({
    id: z.uuid().openapi({ example: 'aaaaaaaa-0000-0000-0000-000000000001' }),
    name: z.string().openapi({ example: 'Demo Fintech' }),
    status: z.enum(['active', 'suspended']).openapi({ example: 'active' }),
    createdAt: z.string().openapi({ example: '2026-11-25T14:30:00.000Z' }),
  })
  .openapi('Tenant');

export const sessionTokensSchema = z
  .object({
    accessToken: z.string().openapi({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…' }),
    refreshToken: z.string().openapi({ example: 'rt_Q2xhdWRlIHdhcyBoZXJl…' }),
    expiresIn: z.number().int().openapi({ example: 900, description: 'Access token lifetime in seconds.' }),
    tokenType: z.literal('Bearer').openapi({ example: 'Bearer' }),
  })
  .openapi('SessionTokens');

export const authResultSchema = z
  .object({ data: z.object({ user: userSchema, tenant: tenantSchema, session: sessionTokensSchema }) })
  .openapi('AuthResult');

export const signupBodySchema = z
  .strictObject({
    email: emailSchema,
    password: passwordSchema,
    name: nameSchema,
    organizationName: z.string().trim().min(1).max(200).openapi({ example: 'Acme Payouts' }),
  })
  .openapi('SignupRequest');

export const loginBodySchema = z
  .strictObject({
    email: emailSchema,
    // Any length is accepted here: a too-short password is simply wrong, with the generic error.
    password: z.string().min(1).max(1024).openapi({ example: 'demo-password-2025' }),
  })
  .openapi('LoginRequest');

export const refreshBodySchema = z
  .strictObject({ refreshToken: z.string().min(1).max(200).openapi({ example: 'rt_Q2xhdWRlIHdhcyBoZXJl…' }) })
  .openapi('RefreshRequest');

export const acceptInviteBodySchema = z
  .strictObject({
    inviteToken: z.string().min(1).max(200).openapi({ example: 'inv_3q2+7w…' }),
    password: passwordSchema,
    name: nameSchema,
  })
  .openapi('AcceptInviteRequest');

export const meSchema = z.object({ data: z.object({ user: userSchema, tenant: tenantSchema, role: roleSchema }) }).openapi('Me');

export const sessionSchema = z
  .object({
    id: z.uuid().openapi({ example: '0d8f3b1e-4c7a-4a43-9d65-1f1b8c0e7a21' }),
    current: z.boolean().openapi({ example: true }),
    userAgent: z.string().nullable().openapi({ example: 'Mozilla/5.0' }),
    ip: z.string().nullable().openapi({ example: '203.0.113.7' }),
    createdAt: z.string().openapi({ example: '2026-11-25T14:30:00.000Z' }),
    lastUsedAt: z.string().openapi({ example: '2026-11-25T14:45:00.000Z' }),
    expiresAt: z.string().openapi({ example: '2026-12-02T14:45:00.000Z' }),
  })
  .openapi('Session');
