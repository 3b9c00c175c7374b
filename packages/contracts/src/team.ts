import { z } from 'zod';
import { emailOutputSchema, nameInputSchema, tenantSchema, userSchema } from './auth.js';
import { emailSchema, idSchema, metadataSchema, roleSchema, timestampSchema } from './common.js';

/* The organization, its members and invites (`/v1/organization…`). */

// ——— Responses ———

export const organizationSchema = tenantSchema
  .extend({
    metadata: metadataSchema,
    updatedAt: timestampSchema(),
  })
  .meta({ id: 'Organization' });
export type Organization = z.output<typeof organizationSchema>;

/** A member is a user of the organization, as the team list shows them. */
export const memberSchema = z.object(userSchema.shape).meta({ id: 'Member' });
export type Member = z.output<typeof memberSchema>;

export const inviteSchema = z
  .object({
    id: idSchema({ example: '3b0e6f0a-7c1d-4f0e-9a55-2d8c1b7e6a90' }),
    email: emailOutputSchema({ example: 'new.hire@fintech.example' }),
    role: roleSchema,
    invitedBy: idSchema({ example: '6f1c1e52-8a0a-4c55-9d0e-8a3b5d1f2e10', description: 'The user who sent the invite.' }),
    expiresAt: timestampSchema({ example: '2026-12-02T14:30:00.000Z' }),
    createdAt: timestampSchema(),
  })
  .meta({ id: 'Invite' });
export type Invite = z.output<typeof inviteSchema>;

/** Invite tokens: `inv_` and 32 random bytes in base64url. */
const INVITE_TOKEN_PATTERN = /^inv_[A-Za-z0-9_-]+$/;

export const createdInviteSchema = inviteSchema
  .extend({
    inviteToken: z.string().max(200).regex(INVITE_TOKEN_PATTERN).meta({
      example: 'inv_3q2w7eYtRk0pLmN5bV8cX1zA4sD6fG9hJ2kL5qW8eR0',
      description: 'Shown once. Send it to the invitee; it is accepted with POST /v1/auth/accept-invite.',
    }),
  })
  .meta({ id: 'CreatedInvite' });
export type CreatedInvite = z.output<typeof createdInviteSchema>;

// ——— Requests ———

/** Metadata: up to 50 string pairs, keys ≤ 40 chars, values ≤ 500 (Stripe's limits). */
export const updateOrganizationBodySchema = z
  .strictObject({
    name: nameInputSchema('Demo Fintech LLC').optional(),
    metadata: metadataSchema.optional(),
  })
  .refine((body) => body.name !== undefined || body.metadata !== undefined, 'provide name or metadata')
  .meta({ id: 'UpdateOrganizationRequest' });
export type UpdateOrganizationRequest = z.input<typeof updateOrganizationBodySchema>;

export const createInviteBodySchema = z.strictObject({ email: emailSchema, role: roleSchema }).meta({ id: 'CreateInviteRequest' });
export type CreateInviteRequest = z.input<typeof createInviteBodySchema>;

export const changeRoleBodySchema = z.strictObject({ role: roleSchema }).meta({ id: 'ChangeRoleRequest' });
export type ChangeRoleRequest = z.input<typeof changeRoleBodySchema>;

/** `{userId}` in a path. A malformed id answers 404 like an unknown one. */
export const userIdParamSchema = z.object({
  userId: z
    .guid()
    .max(36)
    .meta({ param: { name: 'userId', in: 'path' }, example: '6f1c1e52-8a0a-4c55-9d0e-8a3b5d1f2e10' }),
});
