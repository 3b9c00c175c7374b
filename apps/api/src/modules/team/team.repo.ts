import type { Queryable } from '@payos/db';
import type { Role } from '../../core/actor.js';
import { afterCursor, type Cursor } from '../../core/cursor.js';
import type { TenantRow, UserRow } from '../auth/auth.repo.js';

export type InviteRow = {
  id: string;
  email: string;
  role: Role;
  invited_by: string;
  token_hash: string;
  expires_at: Date;
  accepted_at: Date | null;
  created_at: Date;
};

const INVITE_COLUMNS = 'id, email, role, invited_by, token_hash, expires_at, accepted_at, created_at';

export async function updateTenant(
  tx: Queryable,
  patch: { name?: string; metadata?: Record<string, string> },
  now: Date,
): Promise<TenantRow> {
  const [row] = await tx.query<TenantRow>(
    `UPDATE tenants SET name = COALESCE($1, name), metadata = COALESCE($2::text::jsonb, metadata), updated_at = $3
     RETURNING id, name, status, metadata, created_at, updated_at`,
    [patch.name ?? null, patch.metadata ? JSON.stringify(patch.metadata) : null, now],
  );
  if (!row) throw new Error('tenant context has no tenant row');
  return row;
}

export function listMembers(tx: Queryable, page: { limit: number; cursor?: Cursor }): Promise<UserRow[]> {
  return tx.query<UserRow>(
    `SELECT id, email, name, role, status, created_at FROM users
      WHERE status = 'active' AND (created_at, id) < ($1::timestamptz, $2::uuid)
      ORDER BY created_at DESC, id DESC LIMIT $3`,
    [...afterCursor(page.cursor), page.limit + 1],
  );
}

/** Locks the member row (and, for owner changes, serialises with other owner changes). */
export async function lockMember(tx: Queryable, id: string): Promise<UserRow | undefined> {
  const [row] = await tx.query<UserRow>(
    `SELECT id, email, name, role, status, created_at FROM users WHERE id = $1 AND status = 'active' FOR UPDATE`,
    [id],
  );
  return row;
}

export async function countOwnersLocked(tx: Queryable): Promise<number> {
  const rows = await tx.query<{ id: string }>(`SELECT id FROM users WHERE role = 'owner' AND status = 'active' FOR UPDATE`);
  return rows.length;
}

export async function setRole(tx: Queryable, id: string, role: Role, now: Date): Promise<UserRow> {
  const [row] = await tx.query<UserRow>(
    'UPDATE users SET role = $2, updated_at = $3 WHERE id = $1 RETURNING id, email, name, role, status, created_at',
    [id, role, now],
  );
  return row as UserRow;
}

export async function markRemoved(tx: Queryable, id: string, now: Date) {
  await tx.query(`UPDATE users SET status = 'removed', updated_at = $2 WHERE id = $1`, [id, now]);
}

export async function insertInvite(
  tx: Queryable,
  invite: { tenantId: string; id: string; email: string; role: Role; tokenHash: string; invitedBy: string; expiresAt: Date; now: Date },
): Promise<InviteRow> {
  const [row] = await tx.query<InviteRow>(
    `INSERT INTO invites (tenant_id, id, email, role, token_hash, invited_by, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${INVITE_COLUMNS}`,
    [invite.tenantId, invite.id, invite.email, invite.role, invite.tokenHash, invite.invitedBy, invite.expiresAt, invite.now],
  );
  return row as InviteRow;
}

export async function findPendingInviteByEmail(tx: Queryable, email: string, now: Date): Promise<InviteRow | undefined> {
  const [row] = await tx.query<InviteRow>(
    `SELECT ${INVITE_COLUMNS} FROM invites WHERE email = $1 AND accepted_at IS NULL AND expires_at > $2`,
    [email, now],
  );
  return row;
}

export function listPendingInvites(tx: Queryable, now: Date, page: { limit: number; cursor?: Cursor }): Promise<InviteRow[]> {
  return tx.query<InviteRow>(
    `SELECT ${INVITE_COLUMNS} FROM invites
      WHERE accepted_at IS NULL AND expires_at > $1
        AND (created_at, id) < ($2::timestamptz, $3::uuid)
      ORDER BY created_at DESC, id DESC LIMIT $4`,
    [now, ...afterCursor(page.cursor), page.limit + 1],
  );
}

export async function lockInvite(tx: Queryable, id: string): Promise<InviteRow | undefined> {
  const [row] = await tx.query<InviteRow>(`SELECT ${INVITE_COLUMNS} FROM invites WHERE id = $1 FOR UPDATE`, [id]);
  return row;
}

export async function markInviteAccepted(tx: Queryable, id: string, userId: string, now: Date) {
  await tx.query('UPDATE invites SET accepted_at = $3, accepted_user_id = $2 WHERE id = $1', [id, userId, now]);
}
