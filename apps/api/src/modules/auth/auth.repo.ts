import type { Locale } from '@payos/contracts';
import type { Queryable } from '@payos/db';
import type { Role } from '../../core/actor.js';
import { afterCursor } from '../../core/cursor.js';

export type UserRow = { id: string; email: string; name: string; role: Role; status: string; created_at: Date };
export type TenantRow = {
  id: string;
  name: string;
  status: 'active' | 'suspended';
  metadata: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
};
export type SessionRow = {
  id: string;
  user_id: string;
  user_agent: string | null;
  ip: string | null;
  expires_at: Date;
  revoked_at: Date | null;
  last_used_at: Date;
  created_at: Date;
};

const USER_COLUMNS = 'id, email, name, role, status, created_at';

export async function insertTenant(tx: Queryable, tenant: { id: string; name: string; now: Date }) {
  await tx.query('INSERT INTO tenants (id, name, created_at, updated_at) VALUES ($1, $2, $3, $3)', [tenant.id, tenant.name, tenant.now]);
}

/** The caller's tenant (RLS shows exactly one). */
export async function getTenant(tx: Queryable): Promise<TenantRow> {
  const [row] = await tx.query<TenantRow>('SELECT id, name, status, metadata, created_at, updated_at FROM tenants');
  if (!row) throw new Error('tenant context has no tenant row');
  return row;
}

export async function insertUser(
  tx: Queryable,
  user: { tenantId: string; id: string; email: string; name: string; role: Role; passwordHash: string; now: Date },
): Promise<UserRow> {
  const [row] = await tx.query<UserRow>(
    `INSERT INTO users (tenant_id, id, email, name, role, password_hash, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING ${USER_COLUMNS}`,
    [user.tenantId, user.id, user.email, user.name, user.role, user.passwordHash, user.now],
  );
  return row as UserRow;
}

export async function findActiveUser(tx: Queryable, id: string): Promise<UserRow | undefined> {
  const [row] = await tx.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1 AND status = 'active'`, [id]);
  return row;
}

/** The user's chosen dashboard language (null: the browser's). */
export async function findLocale(tx: Queryable, id: string): Promise<Locale | null> {
  const [row] = await tx.query<{ locale: Locale | null }>(`SELECT locale FROM users WHERE id = $1 AND status = 'active'`, [id]);
  return row?.locale ?? null;
}

/** Sets the user's dashboard language; false when the user is not active any more. */
export async function setLocale(tx: Queryable, id: string, locale: Locale | null, now: Date): Promise<boolean> {
  const rows = await tx.query<{ id: string }>(
    `UPDATE users SET locale = $2, updated_at = $3 WHERE id = $1 AND status = 'active' RETURNING id`,
    [id, locale, now],
  );
  return rows.length === 1;
}

export async function insertSession(
  tx: Queryable,
  session: { tenantId: string; id: string; userId: string; userAgent: string | null; ip: string | null; expiresAt: Date; now: Date },
) {
  await tx.query(
    `INSERT INTO sessions (tenant_id, id, user_id, user_agent, ip, expires_at, last_used_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
    [session.tenantId, session.id, session.userId, session.userAgent, session.ip, session.expiresAt, session.now],
  );
}

export async function insertRefreshToken(
  tx: Queryable,
  token: { tenantId: string; id: string; sessionId: string; hash: string; expiresAt: Date; now: Date },
) {
  await tx.query(
    `INSERT INTO refresh_tokens (tenant_id, id, session_id, token_hash, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [token.tenantId, token.id, token.sessionId, token.hash, token.expiresAt, token.now],
  );
}

export type RefreshTokenState = {
  id: string;
  session_id: string;
  user_id: string;
  used_at: Date | null;
  expires_at: Date;
  session_revoked_at: Date | null;
  session_expires_at: Date;
  session_created_at: Date;
  user_status: string;
};

/** Locks the token row so two concurrent refreshes with one token cannot both succeed. */
export async function lockRefreshToken(tx: Queryable, id: string): Promise<RefreshTokenState | undefined> {
  const [row] = await tx.query<RefreshTokenState>(
    `SELECT r.id, r.session_id, s.user_id, r.used_at, r.expires_at, s.revoked_at AS session_revoked_at,
            s.expires_at AS session_expires_at, s.created_at AS session_created_at, u.status AS user_status
       FROM refresh_tokens r
       JOIN sessions s ON s.tenant_id = r.tenant_id AND s.id = r.session_id
       JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
      WHERE r.id = $1
      FOR UPDATE OF r`,
    [id],
  );
  return row;
}

export async function markRefreshTokenUsed(tx: Queryable, id: string, now: Date) {
  await tx.query('UPDATE refresh_tokens SET used_at = $2 WHERE id = $1', [id, now]);
}

export async function touchSession(tx: Queryable, id: string, expiresAt: Date, now: Date) {
  await tx.query('UPDATE sessions SET last_used_at = $3, expires_at = $2 WHERE id = $1', [id, expiresAt, now]);
}

/** Revokes every live session of a user; returns the ids so caches can forget them. */
export async function revokeUserSessions(tx: Queryable, userId: string, reason: string, now: Date): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    'UPDATE sessions SET revoked_at = $3, revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING id',
    [userId, reason, now],
  );
  return rows.map((row) => row.id);
}

export async function revokeSession(tx: Queryable, id: string, userId: string, reason: string, now: Date): Promise<boolean> {
  const rows = await tx.query(
    'UPDATE sessions SET revoked_at = COALESCE(revoked_at, $4), revoked_reason = COALESCE(revoked_reason, $3) WHERE id = $1 AND user_id = $2 RETURNING id',
    [id, userId, reason, now],
  );
  return rows.length > 0;
}

export async function listActiveSessions(
  tx: Queryable,
  userId: string,
  now: Date,
  page: { limit: number; cursor?: { createdAt: Date; id: string } },
): Promise<SessionRow[]> {
  return tx.query<SessionRow>(
    `SELECT id, user_id, user_agent, ip, expires_at, revoked_at, last_used_at, created_at
       FROM sessions
      WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2
        AND (created_at, id) < ($3::timestamptz, $4::uuid)
      ORDER BY created_at DESC, id DESC
      LIMIT $5`,
    [userId, now, ...afterCursor(page.cursor), page.limit + 1],
  );
}
