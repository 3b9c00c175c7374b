/* Hand-written wire types, to be replaced by zod schemas and their inferred types (issue #15). */
import type { Role } from './common.js';

export type User = { id: string; email: string; name: string; role: Role; createdAt: string };
export type Tenant = { id: string; name: string; status: 'active' | 'suspended'; createdAt: string };
export type Organization = Tenant & { metadata: Record<string, string>; updatedAt: string };
export type SessionTokens = { accessToken: string; refreshToken: string; expiresIn: number; tokenType: 'Bearer' };
export type AuthResult = { user: User; tenant: Tenant; session: SessionTokens };
export type Me = { user: User; tenant: Tenant; role: Role };
export type Session = {
  id: string;
  current: boolean;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
};

export type Invite = { id: string; email: string; role: Role; invitedBy: string; expiresAt: string; createdAt: string };
export type CreatedInvite = Invite & { inviteToken: string };
