import { dataOf, eventIdParamSchema, eventSchema, listEventsQuerySchema, listOf } from '@payos/contracts';
import { decodeCursor, toPage } from '../../core/cursor.js';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import * as service from './events.service.js';

const tags = ['Events'];

/** Registered after the stream routes: `GET /v1/events/streams` (the SSE feed) is matched first. */
export function registerEventRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'get',
      path: '/v1/events',
      operationId: 'listEvents',
      access: { credentials: ['user', 'api_key'] },
      errors: ['invalid_cursor'],
      tags,
      summary: 'Events of this environment, newest first: every state change, with the object as it became',
      request: { query: listEventsQuerySchema },
      responses: { 200: jsonResponse('Events, newest first.', listOf(eventSchema)) },
    }),
    async (c) => {
      const { limit, cursor, from, to, ...filter } = c.req.valid('query');
      const rows = await inTenant(c, (tx) =>
        service.listEvents(
          tx,
          { ...filter, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined },
          { limit, cursor: decodeCursor(cursor) },
        ),
      );
      return c.json(toPage(rows, limit, service.presentEvent), 200);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/events/{id}',
      operationId: 'getEvent',
      access: { credentials: ['user', 'api_key'] },
      tags,
      summary: 'One event',
      request: { params: eventIdParamSchema },
      responses: { 200: jsonResponse('The event.', dataOf(eventSchema)) },
    }),
    async (c) => {
      const event = await inTenant(c, (tx) => service.getEventOrThrow(tx, c.req.valid('param').id));
      return c.json({ data: service.presentEvent(event) }, 200);
    },
  );
}
