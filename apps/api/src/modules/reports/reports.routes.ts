import { dataOf, overviewSchema } from '@payos/contracts';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import { overview } from './reports.service.js';

export function registerReportRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'get',
      path: '/v1/reports/overview',
      operationId: 'getOverview',
      access: { credentials: ['user', 'api_key'] },
      errors: ['rates_unavailable'],
      tags: ['Reports'],
      summary:
        'The home page in one call: balances, 30-day daily volume, volume by corridor, payouts and streams needing attention, recent transfers',
      responses: { 200: jsonResponse('The overview of this environment.', dataOf(overviewSchema)) },
    }),
    async (c) => {
      const data = await inTenant(c, (tx) => overview(tx, c.get('deps')));
      return c.json({ data }, 200);
    },
  );
}
