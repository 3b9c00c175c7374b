import {
  type AuthResult,
  acceptInviteBodySchema,
  authResultResponseSchema,
  idParamSchema,
  listOf as listSchema,
  loginBodySchema,
  type Me,
  meResponseSchema,
  paginationQuerySchema,
  type RefreshResult,
  refreshBodySchema,
  refreshResultSchema,
  sessionSchema,
  signupBodySchema,
  updateMeBodySchema,
} from '@payos/contracts';
import type { Context } from 'hono';
import type { AppEnv } from '../../context.js';
import { decodeCursor, toPage } from '../../core/cursor.js';
import { audited } from '../../http/audit.js';
import { clientIp } from '../../http/middleware/rate-limit.js';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { dataOf, jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import { acceptInvite } from '../team/team.service.js';
import { presentSession, presentTenant, presentUser } from './auth.present.js';
import * as service from './auth.service.js';

const tags = ['Auth'];

export const clientMeta = (c: Context<AppEnv>): service.ClientMeta => ({
  ip: clientIp(c),
  userAgent: c.req.header('user-agent')?.slice(0, 300) ?? null,
  requestId: c.get('requestId'),
});

const presentAuth = (result: service.AuthResult): { data: AuthResult } => ({
  data: { user: presentUser(result.user), tenant: presentTenant(result.tenant), session: result.session },
});

const presentMe = (result: Awaited<ReturnType<typeof service.me>>): Me => ({
  user: presentUser(result.user),
  tenant: presentTenant(result.tenant),
  role: result.role,
  locale: result.locale,
});

export function registerAuthRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'post',
      path: '/v1/auth/signup',
      operationId: 'signup',
      access: { credentials: 'public', rateLimit: 'auth' },
      errors: ['email_taken'],
      tags,
      summary: 'Create an organization and its owner',
      request: { body: jsonBody(signupBodySchema) },
      responses: { 201: jsonResponse('Organization, owner and first session.', authResultResponseSchema) },
    }),
    async (c) => c.json(presentAuth(await service.signup(c.get('deps'), c.req.valid('json'), clientMeta(c))), 201),
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/auth/login',
      operationId: 'login',
      access: { credentials: 'public', rateLimit: 'auth' },
      errors: ['invalid_credentials', 'login_locked'],
      tags,
      summary: 'Log in with e-mail and password',
      request: { body: jsonBody(loginBodySchema) },
      responses: { 200: jsonResponse('A new session.', authResultResponseSchema) },
    }),
    async (c) => c.json(presentAuth(await service.login(c.get('deps'), c.req.valid('json'), clientMeta(c))), 200),
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/auth/refresh',
      operationId: 'refreshSession',
      access: { credentials: 'public' },
      errors: ['invalid_refresh_token', 'refresh_token_reused'],
      tags,
      summary: 'Rotate a refresh token',
      description: 'Each refresh token works once. Presenting a used token revokes every session of its user.',
      // Only the general limit: a dashboard refreshes on every page load, and a 256-bit token cannot be
      // guessed, so the strict per-IP login limit would throttle real users without stopping anyone.
      request: { body: jsonBody(refreshBodySchema) },
      responses: { 200: jsonResponse('New tokens.', dataOf(refreshResultSchema)) },
    }),
    async (c) => {
      const data: RefreshResult = { session: await service.refresh(c.get('deps'), c.req.valid('json').refreshToken) };
      return c.json({ data }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/auth/accept-invite',
      operationId: 'acceptInvite',
      access: { credentials: 'public', rateLimit: 'auth' },
      errors: ['invite_invalid', 'email_taken'],
      tags,
      summary: 'Join an organization with an invite token',
      request: { body: jsonBody(acceptInviteBodySchema) },
      responses: { 201: jsonResponse('The new member and a first session.', authResultResponseSchema) },
    }),
    async (c) => c.json(presentAuth(await acceptInvite(c.get('deps'), c.req.valid('json'), clientMeta(c))), 201),
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/auth/logout',
      operationId: 'logout',
      access: { credentials: ['user'], idempotent: false },
      tags,
      summary: 'Revoke the current session',
      responses: { 204: { description: 'Logged out.' } },
    }),
    async (c) => {
      const actor = c.get('actor');
      await audited(
        c,
        { action: 'session.revoked', objectType: 'session' },
        (tx) => service.revokeSession(tx, c.get('deps'), actor.id, actor.sessionId ?? '', 'logout'),
        () => actor.sessionId ?? null,
      );
      return c.body(null, 204);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/auth/me',
      operationId: 'getMe',
      access: { credentials: ['user'] },
      tags,
      summary: 'The logged-in user, their organization and role',
      responses: { 200: jsonResponse('Current user.', meResponseSchema) },
    }),
    async (c) => {
      const result = await inTenant(c, (tx) => service.me(tx, c.get('actor').id));
      return c.json({ data: presentMe(result) }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'patch',
      path: '/v1/auth/me',
      operationId: 'updateMe',
      access: { credentials: ['user'] },
      tags,
      summary: "Set the logged-in user's own preferences (the dashboard language)",
      description:
        "Any role may set its own preferences; they belong to the user, not the organization, and are the same in both environments. `locale: null` goes back to the browser's language.",
      request: { body: jsonBody(updateMeBodySchema) },
      responses: { 200: jsonResponse('Current user, with the new preferences.', meResponseSchema) },
    }),
    async (c) => {
      const actor = c.get('actor');
      const result = await audited(
        c,
        { action: 'user.preferences_updated', objectType: 'user' },
        (tx) => service.updateMe(tx, c.get('deps'), actor.id, c.req.valid('json')),
        (r) => r.user.id,
      );
      return c.json({ data: presentMe(result) }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/auth/sessions',
      operationId: 'listSessions',
      access: { credentials: ['user'] },
      errors: ['invalid_cursor'],
      tags,
      summary: "The current user's active sessions",
      request: { query: paginationQuerySchema },
      responses: { 200: jsonResponse('Active sessions, newest first.', listSchema(sessionSchema)) },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const actor = c.get('actor');
      const rows = await inTenant(c, (tx) => service.listSessions(tx, c.get('deps'), actor.id, { limit, cursor: decodeCursor(cursor) }));
      return c.json(
        toPage(rows, limit, (row) => presentSession(row, actor.sessionId)),
        200,
      );
    },
  );

  app.openapi(
    declare({
      method: 'delete',
      path: '/v1/auth/sessions/{id}',
      operationId: 'revokeSession',
      access: { credentials: ['user'] },
      tags,
      summary: 'Revoke one of your sessions',
      request: { params: idParamSchema },
      responses: { 204: { description: 'Revoked.' } },
    }),
    async (c) => {
      const actor = c.get('actor');
      await audited(
        c,
        { action: 'session.revoked', objectType: 'session' },
        (tx) => service.revokeSession(tx, c.get('deps'), actor.id, c.req.valid('param').id, 'revoked_by_user'),
        () => c.req.valid('param').id,
      );
      return c.body(null, 204);
    },
  );
}
