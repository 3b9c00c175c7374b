import { createRoute } from '@hono/zod-openapi';
import type { Invite, Organization } from '@payos/contracts';
import { audited } from '../../http/audit.js';
import { requireRole } from '../../http/middleware/auth.js';
import { rateLimit } from '../../http/middleware/rate-limit.js';
import type { Router } from '../../http/openapi.js';
import { decodeCursor, listSchema, paginationQuerySchema, toPage } from '../../http/pagination.js';
import { commonErrors, dataOf, jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import { presentUser } from '../auth/auth.present.js';
import { getTenant, type TenantRow } from '../auth/auth.repo.js';
import * as repo from './team.repo.js';
import {
  changeRoleBodySchema,
  createdInviteSchema,
  createInviteBodySchema,
  inviteSchema,
  memberSchema,
  organizationSchema,
  updateOrganizationBodySchema,
  userIdParamSchema,
} from './team.schemas.js';
import * as service from './team.service.js';

const tags = ['Organization'];
const manager = requireRole('admin', { usersOnly: true });
const teamReader = requireRole('viewer', { usersOnly: true });

const presentOrganization = (tenant: TenantRow): Organization => ({
  id: tenant.id,
  name: tenant.name,
  status: tenant.status,
  metadata: tenant.metadata as Record<string, string>,
  createdAt: tenant.created_at.toISOString(),
  updatedAt: tenant.updated_at.toISOString(),
});

const presentInvite = (invite: repo.InviteRow): Invite => ({
  id: invite.id,
  email: invite.email,
  role: invite.role,
  invitedBy: invite.invited_by,
  expiresAt: invite.expires_at.toISOString(),
  createdAt: invite.created_at.toISOString(),
});

export function registerTeamRoutes(app: Router) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/organization',
      operationId: 'getOrganization',
      tags,
      summary: 'Your organization',
      responses: { 200: jsonResponse('The organization.', dataOf(organizationSchema)), ...commonErrors },
    }),
    async (c) => c.json({ data: presentOrganization(await inTenant(c, getTenant)) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/organization',
      operationId: 'updateOrganization',
      tags,
      summary: 'Rename the organization or set its metadata (owner/admin)',
      middleware: [manager],
      request: { body: jsonBody(updateOrganizationBodySchema) },
      responses: { 200: jsonResponse('The updated organization.', dataOf(organizationSchema)), ...commonErrors },
    }),
    async (c) => {
      const patch = c.req.valid('json');
      const tenant = await audited(
        c,
        { action: 'organization.updated', objectType: 'organization' },
        (tx) => repo.updateTenant(tx, patch, c.get('deps').clock.now()),
        (t) => t.id,
      );
      return c.json({ data: presentOrganization(tenant) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/organization/team',
      operationId: 'listTeam',
      tags,
      summary: 'Members of the organization',
      middleware: [teamReader],
      request: { query: paginationQuerySchema },
      responses: { 200: jsonResponse('Members, newest first.', listSchema(memberSchema)), ...commonErrors },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const rows = await inTenant(c, (tx) => repo.listMembers(tx, { limit, cursor: decodeCursor(cursor) }));
      return c.json(toPage(rows, limit, presentUser), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/organization/team/invites',
      operationId: 'createInvite',
      tags,
      summary: 'Invite a member (owner/admin; not above your own role)',
      middleware: [manager, rateLimit('strict')],
      request: { body: jsonBody(createInviteBodySchema) },
      responses: { 201: jsonResponse('The invite with its one-time token.', dataOf(createdInviteSchema)), ...commonErrors },
    }),
    async (c) => {
      const { invite, token } = await audited(
        c,
        { action: 'invite.created', objectType: 'invite' },
        (tx) => service.createInvite(tx, c.get('deps'), c.get('actor'), c.req.valid('json')),
        (r) => r.invite.id,
      );
      return c.json({ data: { ...presentInvite(invite), inviteToken: token } }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/organization/team/invites',
      operationId: 'listInvites',
      tags,
      summary: 'Pending invites',
      middleware: [manager],
      request: { query: paginationQuerySchema },
      responses: { 200: jsonResponse('Unaccepted, unexpired invites.', listSchema(inviteSchema)), ...commonErrors },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const now = c.get('deps').clock.now();
      const rows = await inTenant(c, (tx) => repo.listPendingInvites(tx, now, { limit, cursor: decodeCursor(cursor) }));
      return c.json(toPage(rows, limit, presentInvite), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/organization/team/{userId}',
      operationId: 'changeMemberRole',
      tags,
      summary: "Change a member's role",
      middleware: [manager],
      request: { params: userIdParamSchema, body: jsonBody(changeRoleBodySchema) },
      responses: { 200: jsonResponse('The member.', dataOf(memberSchema)), ...commonErrors },
    }),
    async (c) => {
      const user = await audited(
        c,
        { action: 'member.role_changed', objectType: 'user' },
        (tx) => service.changeRole(tx, c.get('deps'), c.get('actor'), c.req.valid('param').userId, c.req.valid('json').role),
        (u) => u.id,
      );
      return c.json({ data: presentUser(user) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/organization/team/{userId}',
      operationId: 'removeMember',
      tags,
      summary: 'Remove a member and revoke their sessions',
      middleware: [manager],
      request: { params: userIdParamSchema },
      responses: { 204: { description: 'Removed.' }, ...commonErrors },
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
