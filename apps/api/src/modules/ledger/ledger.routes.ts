import { z } from '@hono/zod-openapi';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { dataOf, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import { verifyLedger } from './ledger.repo.js';

const verificationSchema = z
  .object({
    ok: z.boolean().openapi({ example: true }),
    balancesChecked: z.number().int().openapi({ example: 42 }),
    discrepancies: z.array(z.record(z.string(), z.unknown())).openapi({ example: [] }),
  })
  .openapi('LedgerVerification');

export function registerLedgerRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'get',
      path: '/v1/ledger/verification',
      operationId: 'verifyLedger',
      access: { credentials: ['user'], role: 'admin' },
      tags: ['Ledger'],
      summary: 'Recompute every balance of this environment from its entries (owner/admin)',
      responses: { 200: jsonResponse('The verification result.', dataOf(verificationSchema)) },
    }),
    async (c) => c.json({ data: await inTenant(c, (tx) => verifyLedger(tx)) }, 200),
  );
}
