import { z } from 'zod';
import { dataOf, emailSchema, idSchema, int, roleSchema, text, timestampSchema } from './common.js';

/*
 * Authentication on the wire: signup, login, refresh and accept-invite (public), the logged-in
 * user (`/v1/auth/me`) and their sessions. Users and organizations are shown here as the session
 * sees them; the team module shows the same rows as members and the organization.
 */

/** An e-mail the API returns: stored lower-case, at most 254 characters. */
export const emailOutputSchema = (meta: { example?: string; description?: string } = {}) =>
  z
    .email()
    .max(254)
    .meta({ example: 'ana@fintech.example', ...meta });

/** A display name as the API returns it (users and organizations: 1–200 characters). */
export const displayNameSchema = (example: string) => text(200, { example });

export const TENANT_STATUSES = ['active', 'suspended'] as const;
export const tenantStatusSchema = z.enum(TENANT_STATUSES).meta({ example: 'active' });

// ——— Responses ———

export const userSchema = z
  .object({
    id: idSchema({ example: '6f1c1e52-8a0a-4c55-9d0e-8a3b5d1f2e10' }),
    email: emailOutputSchema(),
    name: displayNameSchema('Ana Souza'),
    role: roleSchema,
    createdAt: timestampSchema(),
  })
  .meta({ id: 'User' });
export type User = z.output<typeof userSchema>;

export const tenantSchema = z
  .object({
    id: idSchema({ example: 'aaaaaaaa-0000-4000-8000-000000000001' }),
    name: displayNameSchema('Demo Fintech'),
    status: tenantStatusSchema,
    createdAt: timestampSchema(),
  })
  .meta({ id: 'Tenant' });
export type Tenant = z.output<typeof tenantSchema>;

/** Access tokens are HS256 JWTs; the API accepts bearer credentials of at most 2,000 characters. */
const JWT_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Refresh tokens: `rt_` and 32 random bytes in base64url. */
const REFRESH_TOKEN_PATTERN = /^rt_[A-Za-z0-9_-]+$/;
/** Access token lifetime: 15 minutes today; documented up to a day. */
const MAX_ACCESS_TOKEN_TTL_SECONDS = 24 * 60 * 60;

export const sessionTokensSchema = z
  .object({
    accessToken: z.string().max(2000).regex(JWT_PATTERN).meta({
      example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI2ZjFjMWU1MiJ9.c2lnbmF0dXJlLW9mLXRoZS1hY2Nlc3MtdG9rZW4',
      description: 'Send as `Authorization: Bearer <accessToken>`.',
    }),
    refreshToken: z.string().max(200).regex(REFRESH_TOKEN_PATTERN).meta({
      example: 'rt_Q2xhdWRlIHdhcyBoZXJlLCByb3RhdGluZyB0b2tlbnMgb25jZQ',
      description: 'Works once: POST /v1/auth/refresh returns a new pair.',
    }),
    expiresIn: int(1, MAX_ACCESS_TOKEN_TTL_SECONDS, { example: 900, description: 'Access token lifetime in seconds.' }),
    tokenType: z.literal('Bearer').meta({ example: 'Bearer' }),
  })
  .meta({ id: 'SessionTokens' });
export type SessionTokens = z.output<typeof sessionTokensSchema>;

/** What signup, login and accept-invite return: the user, their organization and a first session. */
export const authResultSchema = z.object({ user: userSchema, tenant: tenantSchema, session: sessionTokensSchema });
export type AuthResult = z.output<typeof authResultSchema>;
export const authResultResponseSchema = dataOf(authResultSchema).meta({ id: 'AuthResult' });

/** What a refresh returns: the new token pair. */
export const refreshResultSchema = z.object({ session: sessionTokensSchema });
export type RefreshResult = z.output<typeof refreshResultSchema>;

/** The dashboard's languages: English, Latin-American Spanish, Brazilian Portuguese (BCP 47 tags). */
export const LOCALES = ['en', 'es-419', 'pt-BR'] as const;
export type Locale = (typeof LOCALES)[number];
export const localeSchema = z.enum(LOCALES).meta({ example: 'es-419', description: 'A dashboard language: `en`, `es-419` or `pt-BR`.' });

export const meSchema = z.object({
  user: userSchema,
  tenant: tenantSchema,
  role: roleSchema,
  locale: localeSchema
    .nullable()
    .meta({ example: 'pt-BR', description: "The user's chosen dashboard language; null follows the browser's language." }),
});
export type Me = z.output<typeof meSchema>;
export const meResponseSchema = dataOf(meSchema).meta({ id: 'Me' });

/** `PATCH /v1/auth/me`: the user's own preferences. `locale: null` goes back to the browser's language. */
export const updateMeBodySchema = z.strictObject({ locale: localeSchema.nullable() }).meta({ id: 'UpdateMeRequest' });
export type UpdateMeRequest = z.input<typeof updateMeBodySchema>;

/** The longest User-Agent the API keeps for a session, and the longest client address. */
export const MAX_USER_AGENT_LENGTH = 300;
export const MAX_CLIENT_ADDRESS_LENGTH = 64;

export const sessionSchema = z
  .object({
    id: idSchema({ example: '0d8f3b1e-4c7a-4a43-9d65-1f1b8c0e7a21' }),
    current: z.boolean().meta({ example: true, description: 'The session of the access token making this call.' }),
    userAgent: text(MAX_USER_AGENT_LENGTH, { example: 'Mozilla/5.0' }).nullable(),
    ip: text(MAX_CLIENT_ADDRESS_LENGTH, { example: '203.0.113.7' }).nullable(),
    createdAt: timestampSchema(),
    lastUsedAt: timestampSchema({ example: '2026-11-25T14:45:00.000Z' }),
    expiresAt: timestampSchema({ example: '2026-12-02T14:45:00.000Z' }),
  })
  .meta({ id: 'Session' });
export type Session = z.output<typeof sessionSchema>;

// ——— Requests ———

export const passwordSchema = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(128, 'must be at most 128 characters')
  .meta({ example: 'correct-horse-battery-staple', description: '12–128 characters.' });

/** A name as entered: trimmed, 1–200 characters. */
export const nameInputSchema = (example: string) => z.string().trim().min(1).max(200).meta({ example });

export const signupBodySchema = z
  .strictObject({
    email: emailSchema,
    password: passwordSchema,
    name: nameInputSchema('Ana Souza'),
    organizationName: nameInputSchema('Acme Payouts'),
  })
  .meta({ id: 'SignupRequest' });
export type SignupRequest = z.input<typeof signupBodySchema>;

export const loginBodySchema = z
  .strictObject({
    email: emailSchema,
    // Any length is accepted here: a too-short password is simply wrong, with the generic error.
    password: z.string().min(1).max(1024).meta({ example: 'demo-password-2025' }),
  })
  .meta({ id: 'LoginRequest' });
export type LoginRequest = z.input<typeof loginBodySchema>;

export const refreshBodySchema = z
  .strictObject({
    refreshToken: z.string().min(1).max(200).meta({ example: 'rt_Q2xhdWRlIHdhcyBoZXJlLCByb3RhdGluZyB0b2tlbnMgb25jZQ' }),
  })
  .meta({ id: 'RefreshRequest' });
export type RefreshRequest = z.input<typeof refreshBodySchema>;

export const acceptInviteBodySchema = z
  .strictObject({
    inviteToken: z.string().min(1).max(200).meta({ example: 'inv_3q2w7eYtRk0pLmN5bV8cX1zA4sD6fG9hJ2kL5qW8eR0' }),
    password: passwordSchema,
    name: nameInputSchema('Ana Souza'),
  })
  .meta({ id: 'AcceptInviteRequest' });
export type AcceptInviteRequest = z.input<typeof acceptInviteBodySchema>;
