import { createRoute } from '@hono/zod-openapi';
import type { ApiKey } from '@payos/contracts';
import { audited } from '../../http/audit.js';
import { notFound } from '../../http/errors.js';
import { requireRole } from '../../http/middleware/auth.js';
import { rateLimit } from '../../http/middleware/rate-limit.js';
import type { Router } from '../../http/openapi.js';
import { decodeCursor, listSchema, paginationQuerySchema, toPage } from '../../http/pagination.js';
import { commonErrors, dataOf, jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import { idParamSchema } from '../auth/auth.schemas.js';
import type { ApiKeyRow } from './api-keys.repo.js';
import * as repo from './api-keys.repo.js';
import {
  apiKeySchema,
  createApiKeyBodySchema,
  createdApiKeySchema,
  listApiKeysQuerySchema,
  rotatedApiKeySchema,
} from './api-keys.schemas.js';
import * as service from './api-keys.service.js';

const tags = ['API keys'];
// Reading key metadata (never secrets) is open to API keys too; managing keys is for users.
const reader = requireRole('viewer');
const writer = requireRole('member', { usersOnly: true });

const presentApiKey = (key: ApiKeyRow, now: Date): ApiKey => ({
  id: key.id,
  name: key.name,
  environment: key.environment,
  prefix: key.prefix,
  status: service.statusOf(key, now),
  createdBy: key.created_by,
  createdAt: key.created_at.toISOString(),
  lastUsedAt: key.last_used_at?.toISOString() ?? null,
  expiresAt: key.expires_at?.toISOString() ?? null,
  revokedAt: key.revoked_at?.toISOString() ?? null,
});

export function registerApiKeyRoutes(app: Router) {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/api-keys',
      operationId: 'createApiKey',
      tags,
      summary: 'Create an API key (the secret is returned once)',
      middleware: [writer, rateLimit('strict')],
      request: { body: jsonBody(createApiKeyBodySchema) },
      responses: { 201: jsonResponse('The key, with its secret.', dataOf(createdApiKeySchema)), ...commonErrors },
    }),
    async (c) => {
      const deps = c.get('deps');
      const { row, key } = await audited(
        c,
        { action: 'api_key.created', objectType: 'api_key' },
        (tx) => service.createApiKey(tx, deps, c.get('actor'), c.req.valid('json')),
        (r) => r.row.id,
      );
      return c.json({ data: { ...presentApiKey(row, deps.clock.now()), key } }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/api-keys',
      operationId: 'listApiKeys',
      tags,
      summary: 'API keys of both environments (never the secrets)',
      middleware: [reader],
      request: { query: paginationQuerySchema.extend(listApiKeysQuerySchema.shape) },
      responses: { 200: jsonResponse('Keys, newest first.', listSchema(apiKeySchema)), ...commonErrors },
    }),
    async (c) => {
      const { limit, cursor, environment } = c.req.valid('query');
      const now = c.get('deps').clock.now();
      const rows = await inTenant(c, (tx) => repo.listApiKeys(tx, { environment }, { limit, cursor: decodeCursor(cursor) }));
      return c.json(
        toPage(rows, limit, (row) => presentApiKey(row, now)),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/api-keys/{id}',
      operationId: 'getApiKey',
      tags,
      summary: 'One API key',
      middleware: [reader],
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The key.', dataOf(apiKeySchema)), ...commonErrors },
    }),
    async (c) => {
      const key = await inTenant(c, (tx) => repo.findApiKey(tx, c.req.valid('param').id));
      if (!key) throw notFound('API key');
      return c.json({ data: presentApiKey(key, c.get('deps').clock.now()) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/api-keys/{id}',
      operationId: 'revokeApiKey',
      tags,
      summary: 'Revoke an API key (effective on every instance within one second)',
      middleware: [writer],
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The revoked key.', dataOf(apiKeySchema)), ...commonErrors },
    }),
    async (c) => {
      const deps = c.get('deps');
      const key = await audited(
        c,
        { action: 'api_key.revoked', objectType: 'api_key' },
        (tx) => service.revokeApiKey(tx, deps, c.get('actor'), c.req.valid('param').id),
        (k) => k.id,
      );
      return c.json({ data: presentApiKey(key, deps.clock.now()) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/api-keys/{id}/rotate',
      operationId: 'rotateApiKey',
      tags,
      summary: 'Replace a key; the old one keeps working for 24 hours',
      middleware: [writer, rateLimit('strict')],
      request: { params: idParamSchema },
      responses: { 201: jsonResponse('The new key with its secret, and the old key.', dataOf(rotatedApiKeySchema)), ...commonErrors },
    }),
    async (c) => {
      const deps = c.get('deps');
      const result = await audited(
        c,
        { action: 'api_key.rotated', objectType: 'api_key' },
        (tx) => service.rotateApiKey(tx, deps, c.get('actor'), c.req.valid('param').id),
        (r) => r.replaced.id,
      );
      const now = deps.clock.now();
      return c.json({ data: { ...presentApiKey(result.row, now), key: result.key, replaces: presentApiKey(result.replaced, now) } }, 201);
    },
  );
}
