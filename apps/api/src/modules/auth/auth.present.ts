import type { Session, Tenant, User } from '@payos/contracts';
import type { SessionRow, TenantRow, UserRow } from './auth.repo.js';

export const presentUser = (user: UserRow): User => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  createdAt: user.created_at.toISOString(),
});

export const presentTenant = (tenant: TenantRow): Tenant => ({
  id: tenant.id,
  name: tenant.name,
  status: tenant.status,
  createdAt: tenant.created_at.toISOString(),
});

export const presentSession = (session: SessionRow, currentSessionId: string | undefined): Session => ({
  id: session.id,
  current: session.id === currentSessionId,
  userAgent: session.user_agent,
  ip: session.ip,
  createdAt: session.created_at.toISOString(),
  lastUsedAt: session.last_used_at.toISOString(),
  expiresAt: session.expires_at.toISOString(),
});
