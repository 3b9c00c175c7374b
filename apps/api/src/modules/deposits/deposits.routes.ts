import { createDepositBodySchema, dataOf, depositSchema, listDepositsQuerySchema, listOf } from '@payos/contracts';
import { parseAmountParam } from '../../core/amount.js';
import { decodeCursor, toPage } from '../../core/cursor.js';
import { audited } from '../../http/audit.js';
import { AMOUNT_ERRORS } from '../../http/money.js';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import * as service from './deposits.service.js';

const tags = ['Deposits'];

export function registerDepositRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'post',
      path: '/v1/deposits',
      operationId: 'createDeposit',
      access: {
        credentials: ['user', 'api_key'],
        role: 'member',
        environments: ['test'],
        testOnly: 'It simulates an on-ramp; no live on-ramp is connected yet, so money cannot enter live through the API.',
      },
      errors: ['resource_missing', ...AMOUNT_ERRORS, 'invalid_state', 'account_suspended'],
      tags,
      summary: 'Credit an account with money arriving from outside (simulated on-ramp)',
      request: { body: jsonBody(createDepositBodySchema) },
      responses: { 201: jsonResponse('The completed deposit.', dataOf(depositSchema)) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const input = { ...body, amount: parseAmountParam(body.amount, body.currency) };
      const deposit = await audited(
        c,
        { action: 'deposit.created', objectType: 'deposit' },
        (tx) => service.createDeposit(tx, c.get('deps'), c.get('actor'), input),
        (d) => d.id,
      );
      return c.json({ data: service.presentDeposit(deposit) }, 201);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/deposits',
      operationId: 'listDeposits',
      access: { credentials: ['user', 'api_key'] },
      errors: ['invalid_cursor'],
      tags,
      summary: 'Deposits, newest first',
      request: { query: listDepositsQuerySchema },
      responses: { 200: jsonResponse('Deposits.', listOf(depositSchema)) },
    }),
    async (c) => {
      const { limit, cursor, accountId } = c.req.valid('query');
      const rows = await inTenant(c, (tx) => service.listDeposits(tx, { accountId }, { limit, cursor: decodeCursor(cursor) }));
      return c.json(toPage(rows, limit, service.presentDeposit), 200);
    },
  );
}
