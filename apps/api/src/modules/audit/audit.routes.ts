import { type AuditEvent, auditEventSchema, listAuditEventsQuerySchema, listOf as listSchema } from '@payos/contracts';
import { decodeCursor, toPage } from '../../core/cursor.js';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import { type AuditRow, listAuditEvents } from './audit.service.js';

const present = (e: AuditRow): AuditEvent => ({
  id: e.id,
  actor: { type: e.actor_type, id: e.actor_id, name: e.actor_name },
  action: e.action,
  objectType: e.object_type,
  objectId: e.object_id,
  requestId: e.request_id,
  at: e.at.toISOString(),
  reason: e.reason,
  changes: e.changes,
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
      request: { query: listAuditEventsQuerySchema },
      responses: { 200: jsonResponse('Audit events, newest first.', listSchema(auditEventSchema)) },
    }),
    async (c) => {
      const { limit, cursor, from, to, ...filter } = c.req.valid('query');
      const rows = await inTenant(c, (tx) =>
        listAuditEvents(
          tx,
          { ...filter, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined },
          { limit, cursor: decodeCursor(cursor) },
        ),
      );
      return c.json(toPage(rows, limit, present), 200);
    },
  );
}
