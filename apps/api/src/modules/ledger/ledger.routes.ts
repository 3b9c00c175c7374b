import { dataOf, type LedgerVerification, ledgerVerificationSchema } from '@payos/contracts';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import * as service from './ledger.service.js';

export function registerLedgerRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'get',
      path: '/v1/ledger/verification',
      operationId: 'verifyLedger',
      access: { credentials: ['user'], role: 'admin' },
      tags: ['Ledger'],
      summary: 'Recompute every balance of this environment from its entries (owner/admin)',
      responses: { 200: jsonResponse('The verification result.', dataOf(ledgerVerificationSchema)) },
    }),
    async (c) => {
      const data: LedgerVerification = await inTenant(c, (tx) => service.verifyLedger(tx));
      return c.json({ data }, 200);
    },
  );
}
