import {
  apiKeySchema,
  type CreatedApiKey,
  createApiKeyBodySchema,
  createdApiKeySchema,
  idParamSchema,
  listApiKeysQuerySchema,
  listOf as listSchema,
  type RotatedApiKey,
  rotatedApiKeySchema,
} from '@payos/contracts';
import { decodeCursor, toPage } from '../../core/cursor.js';
import { audited } from '../../http/audit.js';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { dataOf, jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import * as service from './api-keys.service.js';

const tags = ['API keys'];
// Keys are managed by users only (SECURITY.md, permission table): API keys and agents cannot list, create or revoke them.

const presentApiKey = service.presentApiKey;

export function registerApiKeyRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'post',
      path: '/v1/api-keys',
      operationId: 'createApiKey',
      access: { credentials: ['user'], role: 'member', rateLimit: 'strict', idempotent: 'secret' },
      tags,
      summary: 'Create an API key (the secret is returned once)',
      request: { body: jsonBody(createApiKeyBodySchema) },
      responses: { 201: jsonResponse('The key, with its secret.', dataOf(createdApiKeySchema)) },
    }),
    async (c) => {
      const deps = c.get('deps');
      const { row, key } = await audited(
        c,
        { action: 'api_key.created', objectType: 'api_key' },
        (tx) => service.createApiKey(tx, deps, c.get('actor'), c.req.valid('json')),
        (r) => r.row.id,
      );
      const data: CreatedApiKey = { ...presentApiKey(row, deps.clock.now()), key };
      return c.json({ data }, 201);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/api-keys',
      operationId: 'listApiKeys',
      access: { credentials: ['user'] },
      errors: ['invalid_cursor'],
      tags,
      summary: 'API keys of both environments (never the secrets)',
      request: { query: listApiKeysQuerySchema },
      responses: { 200: jsonResponse('Keys, newest first.', listSchema(apiKeySchema)) },
    }),
    async (c) => {
      const { limit, cursor, environment } = c.req.valid('query');
      const now = c.get('deps').clock.now();
      const rows = await inTenant(c, (tx) => service.listApiKeys(tx, { environment }, { limit, cursor: decodeCursor(cursor) }));
      return c.json(
        toPage(rows, limit, (row) => presentApiKey(row, now)),
        200,
      );
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/api-keys/{id}',
      operationId: 'getApiKey',
      access: { credentials: ['user'] },
      tags,
      summary: 'One API key',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The key.', dataOf(apiKeySchema)) },
    }),
    async (c) => {
      const key = await inTenant(c, (tx) => service.getApiKeyOrThrow(tx, c.req.valid('param').id));
      return c.json({ data: presentApiKey(key, c.get('deps').clock.now()) }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'delete',
      path: '/v1/api-keys/{id}',
      operationId: 'revokeApiKey',
      access: { credentials: ['user'], role: 'member' },
      errors: ['invalid_state'],
      tags,
      summary: 'Revoke an API key (effective on every instance within one second)',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The revoked key.', dataOf(apiKeySchema)) },
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
    declare({
      method: 'post',
      path: '/v1/api-keys/{id}/rotate',
      operationId: 'rotateApiKey',
      access: { credentials: ['user'], role: 'member', rateLimit: 'strict', idempotent: 'secret' },
      errors: ['invalid_state'],
      tags,
      summary: 'Replace a key; the old one keeps working for 24 hours',
      request: { params: idParamSchema },
      responses: { 201: jsonResponse('The new key with its secret, and the old key.', dataOf(rotatedApiKeySchema)) },
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
      const data: RotatedApiKey = { ...presentApiKey(result.row, now), key: result.key, replaces: presentApiKey(result.replaced, now) };
      return c.json({ data }, 201);
    },
  );
}
