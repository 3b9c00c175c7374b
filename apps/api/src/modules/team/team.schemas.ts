import { z } from '@hono/zod-openapi';
import { emailSchema, metadataSchema, roleSchema } from '@payos/contracts';

export const organizationSchema = z
  .object({
    id: z.uuid().openapi({ example: 'aaaaaaaa-0000-0000-0000-000000000001' }),
    name: z.string().openapi({ example: 'Demo Fintech' }),
    status: z.enum(['active', 'suspended']).openapi({ example: 'active' }),
    metadata: z.record(z.string(), z.string()).openapi({ example: { region: 'latam' } }),
    createdAt: z.string().openapi({ example: '2026-11-25T14:30:00.000Z' }),
    updatedAt: z.string().openapi({ example: '2026-11-25T14:30:00.000Z' }),
  })
  .openapi('Organization');

/** Metadata: up to 50 string pairs, keys ≤ 40 chars, values ≤ 500 (Stripe's limits). */
export const updateOrganizationBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional().openapi({ example: 'Demo Fintech LLC' }),
    metadata: metadataSchema.optional(),
  })
  .refine((body) => body.name !== undefined || body.metadata !== undefined, 'provide name or metadata')
  .openapi('UpdateOrganizationRequest');

export const memberSchema = z
  .object({
    id: z.uuid().openapi({ example: '6f1c1e52-8a0a-4c55-9d0e-8a3b5d1f2e10' }),
    email: z.string().openapi({ example: 'ana@fintech.example' }),
    name: z.string().openapi({ example: 'Ana Souza' }),
    role: roleSchema,
    createdAt: z.string().openapi({ example: '2026-11-25T14:30:00.000Z' }),
  })
  .openapi('Member');

export const inviteSchema = z
  .object({
    id: z.uuid().openapi({ example: '3b0e6f0a-7c1d-4f0e-9a55-2d8c1b7e6a90' }),
    email: z.string().openapi({ example: 'new.hire@fintech.example' }),
    role: roleSchema,
    invitedBy: z.uuid().openapi({ example: '6f1c1e52-8a0a-4c55-9d0e-8a3b5d1f2e10' }),
    expiresAt: z.string().openapi({ example: '2026-12-02T14:30:00.000Z' }),
    createdAt: z.string().openapi({ example: '2026-11-25T14:30:00.000Z' }),
  })
  .openapi('Invite');

export const createdInviteSchema = inviteSchema
  .extend({
    inviteToken: z.string().openapi({
      example: 'inv_mZ1f0yq3…',
      description: 'Shown once. Send it to the invitee; it is accepted with POST /v1/auth/accept-invite.',
    }),
  })
  .openapi('CreatedInvite');

export const createInviteBodySchema = z.strictObject({ email: emailSchema, role: roleSchema }).openapi('CreateInviteRequest');
export const changeRoleBodySchema = z.strictObject({ role: roleSchema }).openapi('ChangeRoleRequest');

export const userIdParamSchema = z.object({
  userId: z.uuid().openapi({ param: { name: 'userId', in: 'path' }, example: '6f1c1e52-8a0a-4c55-9d0e-8a3b5d1f2e10' }),
});
