import { searchQuerySchema, searchResultListSchema } from '@payos/contracts';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import * as service from './search.service.js';

const tags = ['Search'];

export function registerSearchRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'get',
      path: '/v1/search',
      operationId: 'search',
      // Every user (viewers read everything they can search) and API keys (a partner's own back office).
      // Agents never: a search spans every account of the environment, and an agent's reach is its own
      // account — its scoped lists (accounts, transfers, streams…) already answer what it may see.
      access: { credentials: ['user', 'api_key'] },
      tags,
      summary:
        'Search accounts, transfers, payment methods, agents, scheduled transfers and streams by words, id (or its first characters) and amount',
      description:
        'Words match the start of words of names, descriptions, e-mails and recipients (`pay` finds “November payroll”; every word must match); accents and case do not count; no character is a wildcard. An id matches from 4 characters on. An amount matches exactly (`1,250.50`, `1250.5`, `1.250,50`, `1250.50 USD`). Results are grouped by type, at most `limit` of each: exact id matches first, then newest first. Not paginated: `hasMore` says a type had more (narrow the query); `nextCursor` is always null.',
      request: { query: searchQuerySchema },
      responses: { 200: jsonResponse('What matched, grouped by type.', searchResultListSchema) },
    }),
    async (c) => {
      const { q, limit } = c.req.valid('query');
      const { data, hasMore } = await inTenant(c, (tx) => service.search(tx, q, limit));
      return c.json({ data, hasMore, nextCursor: null }, 200);
    },
  );
}
