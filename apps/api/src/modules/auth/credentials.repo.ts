import type { Environment, Queryable } from '@payos/db';
import type { Role } from '../../core/actor.js';

/**
 * The lookups that find a credential's tenant before its context exists, in one place to review.
 * Except the session state, each calls a narrow `SECURITY DEFINER` function (migrations 0001, 0009)
 * that returns only what authentication needs, so it works in a `withoutTenant` transaction.
 */

export type ApiKeyCredential = {
  tenant_id: string;
  id: string;
  environment: Environment;
  key_hash: string;
  name: string;
  expires_at: Date | null;
  revoked_at: Date | null;
  tenant_status: string;
};

export type AgentCredential = {
  tenant_id: string;
  id: string;
  environment: Environment;
  token_hash: string;
  name: string;
  status: string;
  kya_tier: number;
  account_id: string;
  permissions: string[];
  limit_per_transaction: string | null;
  limit_daily: string | null;
  limit_monthly: string | null;
  tenant_status: string;
};

export type SessionState = {
  role: Role;
  name: string;
  user_status: string;
  revoked_at: Date | null;
  expires_at: Date;
  tenant_status: string;
};

export type UserCredential = { tenant_id: string; id: string; password_hash: string; status: string };

/** A tenant's row found by a token hash, before its context is set. */
export type TenantRef = { tenant_id: string; id: string };

export async function findApiKeyByPrefix(tx: Queryable, prefix: string): Promise<ApiKeyCredential | undefined> {
  const rows = await tx.query<ApiKeyCredential>('SELECT * FROM auth_find_api_key($1)', [prefix]);
  return rows[0];
}

export async function findAgentByTokenPrefix(tx: Queryable, prefix: string): Promise<AgentCredential | undefined> {
  const rows = await tx.query<AgentCredential>('SELECT * FROM auth_find_agent($1)', [prefix]);
  return rows[0];
}

/** In the token's tenant context (RLS scopes it to the claimed tenant); the row must also match the user. */
export async function findSessionState(tx: Queryable, sessionId: string, userId: string): Promise<SessionState | undefined> {
  const rows = await tx.query<SessionState>(
    `SELECT u.role, u.name, u.status AS user_status, s.revoked_at, s.expires_at, t.status AS tenant_status
       FROM sessions s
       JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
       JOIN tenants t ON t.id = s.tenant_id
      WHERE s.id = $1 AND s.user_id = $2`,
    [sessionId, userId],
  );
  return rows[0];
}

/** Active users only. */
export async function findUserByEmail(tx: Queryable, email: string): Promise<UserCredential | undefined> {
  const [row] = await tx.query<UserCredential>('SELECT * FROM auth_find_user_by_email($1)', [email]);
  return row;
}

export async function findRefreshTokenByHash(tx: Queryable, tokenHash: string): Promise<TenantRef | undefined> {
  const [row] = await tx.query<TenantRef>('SELECT * FROM auth_find_refresh_token($1)', [tokenHash]);
  return row;
}

export async function findInviteByHash(tx: Queryable, tokenHash: string): Promise<TenantRef | undefined> {
  const [row] = await tx.query<TenantRef>('SELECT * FROM auth_find_invite($1)', [tokenHash]);
  return row;
}

/** Whether an active user of any tenant has this e-mail (an active user's e-mail is unique across tenants). */
export async function isEmailTaken(tx: Queryable, email: string): Promise<boolean> {
  const [row] = await tx.query<{ taken: boolean }>('SELECT auth_email_exists($1) AS taken', [email]);
  return row?.taken === true;
}
