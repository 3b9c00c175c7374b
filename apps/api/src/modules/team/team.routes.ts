import {
  type CreatedInvite,
  changeRoleBodySchema,
  createdInviteSchema,
  createInviteBodySchema,
  type Invite,
  inviteSchema,
  listOf as listSchema,
  type Member,
  memberSchema,
  type Organization,
  organizationSchema,
  paginationQuerySchema,
  updateOrganizationBodySchema,
  userIdParamSchema,
} from '@payos/contracts';
import { decodeCursor, toPage } from '../../core/cursor.js';
import { audited } from '../../http/audit.js';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { dataOf, jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import { presentUser } from '../auth/auth.present.js';
import * as service from './team.service.js';

const tags = ['Organization'];

const presentOrganization = (tenant: service.TenantRow): Organization => ({
  id: tenant.id,
  name: tenant.name,
  status: tenant.status,
  metadata: tenant.metadata as Record<string, string>,
  createdAt: tenant.created_at.toISOString(),
  updatedAt: tenant.updated_at.toISOString(),
});

/** A member is shown as the user it is; the annotation keeps the two contracts from drifting apart. */
const presentMember = (user: service.UserRow): Member => presentUser(user);

const presentInvite = (invite: service.InviteRow): Invite => ({
  id: invite.id,
  email: invite.email,
  role: invite.role,
  invitedBy: invite.invited_by,
  expiresAt: invite.expires_at.toISOString(),
  createdAt: invite.created_at.toISOString(),
});

export function registerTeamRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'get',
      path: '/v1/organization',
      operationId: 'getOrganization',
      access: { credentials: ['user', 'api_key'] },
      tags,
      summary: 'Your organization',
      responses: { 200: jsonResponse('The organization.', dataOf(organizationSchema)) },
    }),
    async (c) => c.json({ data: presentOrganization(await inTenant(c, service.getOrganization)) }, 200),
  );

  app.openapi(
    declare({
      method: 'patch',
      path: '/v1/organization',
      operationId: 'updateOrganization',
      access: { credentials: ['user'], role: 'admin' },
      tags,
      summary: 'Rename the organization or set its metadata (owner/admin)',
      request: { body: jsonBody(updateOrganizationBodySchema) },
      responses: { 200: jsonResponse('The updated organization.', dataOf(organizationSchema)) },
    }),
    async (c) => {
      const patch = c.req.valid('json');
      const tenant = await audited(
        c,
        { action: 'organization.updated', objectType: 'organization' },
        (tx) => service.updateOrganization(tx, c.get('deps'), patch),
        (t) => t.id,
      );
      return c.json({ data: presentOrganization(tenant) }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/organization/team',
      operationId: 'listTeam',
      access: { credentials: ['user'] },
      tags,
      summary: 'Members of the organization',
      request: { query: paginationQuerySchema },
      responses: { 200: jsonResponse('Members, newest first.', listSchema(memberSchema)) },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const rows = await inTenant(c, (tx) => service.listMembers(tx, { limit, cursor: decodeCursor(cursor) }));
      return c.json(toPage(rows, limit, presentMember), 200);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/organization/team/invites',
      operationId: 'createInvite',
      access: { credentials: ['user'], role: 'admin', rateLimit: 'strict', idempotent: 'secret' },
      errors: ['email_taken', 'invite_pending', 'role_above_own'],
      tags,
      summary: 'Invite a member (owner/admin; not above your own role)',
      request: { body: jsonBody(createInviteBodySchema) },
      responses: { 201: jsonResponse('The invite with its one-time token.', dataOf(createdInviteSchema)) },
    }),
    async (c) => {
      const { invite, token } = await audited(
        c,
        { action: 'invite.created', objectType: 'invite' },
        (tx) => service.createInvite(tx, c.get('deps'), c.get('actor'), c.req.valid('json')),
        (r) => r.invite.id,
      );
      const data: CreatedInvite = { ...presentInvite(invite), inviteToken: token };
      return c.json({ data }, 201);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/organization/team/invites',
      operationId: 'listInvites',
      access: { credentials: ['user'], role: 'admin' },
      tags,
      summary: 'Pending invites',
      request: { query: paginationQuerySchema },
      responses: { 200: jsonResponse('Unaccepted, unexpired invites.', listSchema(inviteSchema)) },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const rows = await inTenant(c, (tx) => service.listPendingInvites(tx, c.get('deps'), { limit, cursor: decodeCursor(cursor) }));
      return c.json(toPage(rows, limit, presentInvite), 200);
    },
  );

  app.openapi(
    declare({
      method: 'patch',
      path: '/v1/organization/team/{userId}',
      operationId: 'changeMemberRole',
      access: { credentials: ['user'], role: 'admin' },
      errors: ['last_owner', 'role_above_own'],
      tags,
      summary: "Change a member's role",
      request: { params: userIdParamSchema, body: jsonBody(changeRoleBodySchema) },
      responses: { 200: jsonResponse('The member.', dataOf(memberSchema)) },
    }),
    async (c) => {
      const user = await audited(
        c,
        { action: 'member.role_changed', objectType: 'user' },
        (tx) => service.changeRole(tx, c.get('deps'), c.get('actor'), c.req.valid('param').userId, c.req.valid('json').role),
        (u) => u.id,
      );
      return c.json({ data: presentMember(user) }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'delete',
      path: '/v1/organization/team/{userId}',
      operationId: 'removeMember',
      access: { credentials: ['user'], role: 'admin' },
      errors: ['last_owner', 'role_above_own', 'cannot_remove_self'],
      tags,
      summary: 'Remove a member and revoke their sessions',
      request: { params: userIdParamSchema },
      responses: { 204: { description: 'Removed.' } },
    }),
    async (c) => {
      await audited(
        c,
        { action: 'member.removed', objectType: 'user' },
        (tx) => service.removeMember(tx, c.get('deps'), c.get('actor'), c.req.valid('param').userId),
        () => c.req.valid('param').userId,
      );
      return c.body(null, 204);
    },
  );
}
