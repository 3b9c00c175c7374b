import { randomUUID } from 'node:crypto';
import { type Queryable, withoutTenant, withTenant } from '@payos/db';
import type { AppDeps } from '../../context.js';
import { type Actor, ROLE_RANK, type Role } from '../../core/actor.js';
import type { Cursor } from '../../core/cursor.js';
import { AppError, businessRule, conflict, forbidden, invalidRequest, notFound } from '../../core/errors.js';
import { randomToken, sha256Hex } from '../../lib/crypto.js';
import { hashPassword } from '../../lib/passwords.js';
import { recordAudit } from '../audit/audit.repo.js';
import * as authRepo from '../auth/auth.repo.js';
import { type AuthResult, type ClientMeta, openSession } from '../auth/auth.service.js';
import { findInviteByHash, isEmailTaken } from '../auth/credentials.repo.js';
import * as repo from './team.repo.js';

export type { TenantRow, UserRow } from '../auth/auth.repo.js';
export type { InviteRow } from './team.repo.js';

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** The caller's organization. */
export function getOrganization(tx: Queryable) {
  return authRepo.getTenant(tx);
}

export function updateOrganization(
  tx: Queryable,
  deps: Pick<AppDeps, 'clock'>,
  patch: { name?: string; metadata?: Record<string, string> },
) {
  return repo.updateTenant(tx, patch, deps.clock.now());
}

/** Active members, newest first (`limit + 1` rows, so the page knows whether there is more). */
export function listMembers(tx: Queryable, page: { limit: number; cursor?: Cursor }) {
  return repo.listMembers(tx, page);
}

/** Unaccepted, unexpired invites, newest first (`limit + 1` rows). */
export function listPendingInvites(tx: Queryable, deps: Pick<AppDeps, 'clock'>, page: { limit: number; cursor?: Cursor }) {
  return repo.listPendingInvites(tx, deps.clock.now(), page);
}

/**
 * Invites someone at or below the inviter's role. Errors: 403 role_above_own,
 * 409 email_taken (already a PayOS user), 409 invite_pending.
 */
export async function createInvite(tx: Queryable, deps: AppDeps, actor: Actor, input: { email: string; role: Role }) {
  if (ROLE_RANK[input.role] > ROLE_RANK[actor.role]) {
    throw new AppError('permission_error', 'role_above_own', 'You cannot invite someone with a higher role than your own.');
  }
  if (await isEmailTaken(tx, input.email)) throw conflict('email_taken', 'A user with this email already exists.');
  const now = deps.clock.now();
  if (await repo.findPendingInviteByEmail(tx, input.email, now)) {
    throw conflict('invite_pending', 'An unexpired invite for this email already exists.');
  }
  const token = randomToken('inv_');
  const invite = await repo.insertInvite(tx, {
    tenantId: actor.tenantId,
    id: randomUUID(),
    email: input.email,
    role: input.role,
    tokenHash: sha256Hex(token),
    invitedBy: actor.id,
    expiresAt: new Date(now.getTime() + INVITE_TTL_MS),
    now,
  });
  return { invite, token };
}

const invalidInvite = () => invalidRequest('invite_invalid', 'This invite token is invalid, expired or already used.', 'inviteToken');

/** Creates the invited user with the invite's role and opens a session. Errors: 400 invite_invalid, 409 email_taken. */
export async function acceptInvite(
  deps: AppDeps,
  input: { inviteToken: string; password: string; name: string },
  meta: ClientMeta,
): Promise<AuthResult> {
  const found = await withoutTenant(deps.db, (tx) => findInviteByHash(tx, sha256Hex(input.inviteToken)));
  if (!found) throw invalidInvite();
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  return withTenant(deps.db, { tenantId: found.tenant_id, environment: 'test' }, async (tx) => {
    const invite = await repo.lockInvite(tx, found.id);
    if (!invite || invite.accepted_at || invite.expires_at <= now) throw invalidInvite();
    if (await isEmailTaken(tx, invite.email)) throw conflict('email_taken', 'A user with this email already exists.');
    const user = await authRepo.insertUser(tx, {
      tenantId: found.tenant_id,
      id: randomUUID(),
      email: invite.email,
      name: input.name,
      role: invite.role,
      passwordHash,
      now,
    });
    await repo.markInviteAccepted(tx, invite.id, user.id, now);
    recordAudit(tx, {
      tenantId: found.tenant_id,
      environment: 'test',
      actor: { type: 'user', id: user.id, name: user.name },
      action: 'invite.accepted',
      objectType: 'invite',
      objectId: invite.id,
      requestId: meta.requestId,
      at: now,
    });
    const session = await openSession(tx, deps, found.tenant_id, user.id, meta);
    return { user, tenant: await authRepo.getTenant(tx), session };
  });
}

/** Owners may act on anyone; admins only on members and viewers (never on owners or other admins). */
function assertCanManage(actor: Actor, target: authRepo.UserRow) {
  if (actor.role !== 'owner' && ROLE_RANK[target.role] >= ROLE_RANK[actor.role]) {
    throw forbidden('Admins cannot change or remove owners or other admins.');
  }
}

/** Errors: 404, 403 (target at/above you, or new role above yours), 422 last_owner. */
export async function changeRole(tx: Queryable, deps: AppDeps, actor: Actor, userId: string, role: Role) {
  const target = await repo.lockMember(tx, userId);
  if (!target) throw notFound('member');
  assertCanManage(actor, target);
  if (ROLE_RANK[role] > ROLE_RANK[actor.role]) {
    throw new AppError('permission_error', 'role_above_own', 'You cannot grant a role higher than your own.');
  }
  if (target.role === 'owner' && role !== 'owner' && (await repo.countOwnersLocked(tx)) <= 1) {
    throw businessRule('last_owner', 'The last owner cannot be demoted. Make someone else an owner first.');
  }
  return repo.setRole(tx, userId, role, deps.clock.now());
}

/** Removes a member and revokes their sessions. Errors: 404, 403, 422 cannot_remove_self, 422 last_owner. */
export async function removeMember(tx: Queryable, deps: AppDeps, actor: Actor, userId: string) {
  if (userId === actor.id) throw businessRule('cannot_remove_self', 'You cannot remove yourself from the organization.');
  const target = await repo.lockMember(tx, userId);
  if (!target) throw notFound('member');
  assertCanManage(actor, target);
  if (target.role === 'owner' && (await repo.countOwnersLocked(tx)) <= 1) {
    throw businessRule('last_owner', 'The last owner cannot be removed.');
  }
  const now = deps.clock.now();
  await repo.markRemoved(tx, userId, now);
  for (const sessionId of await authRepo.revokeUserSessions(tx, userId, 'member_removed', now)) {
    deps.credentials.forgetSession(sessionId);
  }
}
