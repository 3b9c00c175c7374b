import { z } from '@hono/zod-openapi';
import { decodeCursor, toPage } from '../../core/cursor.js';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { instantSchema, listSchema, paginationQuerySchema } from '../../http/pagination.js';
import { jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import { type AuditRow, listAudit } from './audit.repo.js';

const auditEventSchema = z
  .object({
    id: z.uuid().openapi({ example: '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9' }),
    actor: z.object({
      type: z.enum(['user', 'api_key', 'agent', 'system']).openapi({ example: 'user' }),
      id: z.string().nullable().openapi({ example: '6f1c1e52-8a0a-4c55-9d0e-8a3b5d1f2e10' }),
      name: z.string().nullable().openapi({ example: 'Ana Souza' }),
    }),
    action: z.string().openapi({ example: 'account.created' }),
    objectType: z.string().openapi({ example: 'account' }),
    objectId: z.string().nullable().openapi({ example: '7d1f3c2e-5b6a-4c8d-9e0f-1a2b3c4d5e6f' }),
    requestId: z.string().nullable().openapi({ example: 'req_5f0c6a1b2c3d4e5f' }),
    at: z.string().openapi({ example: '2026-11-25T14:30:00.000Z' }),
    reason: z
      .string()
      .nullable()
      .openapi({ example: null, description: 'Why, for actions that require a justification (verification in live).' }),
  })
  .openapi('AuditEvent');

const present = (e: AuditRow) => ({
  id: e.id,
  actor: { type: e.actor_type, id: e.actor_id, name: e.actor_name },
  action: e.action,
  objectType: e.object_type,
  objectId: e.object_id,
  requestId: e.request_id,
  at: e.at.toISOString(),
  reason: e.reason,
});

export function registerAuditRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'get',
      path: '/v1/audit-events',
      operationId: 'listAuditEvents',
      access: { credentials: ['user', 'api_key'] },
      errors: ['invalid_cursor'],
      tags: ['Audit'],
      summary: 'Every state change in this environment: who, what, when, and the request that did it',
      request: {
        query: paginationQuerySchema.extend({
          objectType: z.string().max(40).optional().openapi({ example: 'account' }),
          objectId: z.uuid().optional(),
          action: z.string().max(80).optional().openapi({ example: 'account.created' }),
          from: instantSchema.optional(),
          to: instantSchema.optional(),
        }),
      },
      responses: { 200: jsonResponse('Audit events, newest first.', listSchema(auditEventSchema)) },
    }),
    async (c) => {
      const { limit, cursor, from, to, ...filter } = c.req.valid('query');
      const rows = await inTenant(c, (tx) =>
        listAudit(
          tx,
          { ...filter, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined },
          { limit, cursor: decodeCursor(cursor) },
        ),
      );
      return c.json(toPage(rows, limit, present), 200);
    },
  );
}
