import { createRefundBodySchema, dataOf, idParamSchema, listRefundsQuerySchema, refundListSchema, refundSchema } from '@payos/contracts';
import { parseDecimalParam } from '../../core/amount.js';
import { decodeCursor, toPage } from '../../core/cursor.js';
import { audited } from '../../http/audit.js';
import { AMOUNT_ERRORS } from '../../http/money.js';
import type { Router } from '../../http/openapi.js';
import { agentAccountOf, declare } from '../../http/operation.js';
import { jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import * as service from './refunds.service.js';

const tags = ['Refunds'];

export function registerRefundRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'post',
      path: '/v1/refunds',
      operationId: 'createRefund',
      access: {
        credentials: ['user', 'api_key', 'agent'],
        role: 'member',
        // The handler checks the transfer is one the agent's account received (404 / 403 otherwise).
        agent: { permission: 'refunds.create', account: 'scoped' },
      },
      errors: [
        'resource_missing',
        ...AMOUNT_ERRORS,
        'not_refundable',
        'invalid_state',
        'refund_window_expired',
        'amount_exceeds_refundable',
        'account_suspended',
        'insufficient_funds',
        'limit_exceeded',
        'rates_unavailable',
      ],
      tags,
      summary: 'Refund a completed internal transfer, in full or in part: its recipient pays its sender back',
      request: { body: jsonBody(createRefundBodySchema) },
      responses: { 201: jsonResponse('The refund.', dataOf(refundSchema)) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const input = { ...body, amount: body.amount === undefined ? undefined : parseDecimalParam(body.amount) };
      const { refund } = await audited(
        c,
        { action: 'refund.created', objectType: 'refund' },
        (tx) => service.createRefund(tx, c.get('deps'), c.get('actor'), input),
        (r) => r.refund.id,
      );
      return c.json({ data: service.presentRefund(refund) }, 201);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/refunds',
      operationId: 'listRefunds',
      access: { credentials: ['user', 'api_key', 'agent'], agent: { permission: 'accounts.view', account: 'scoped' } },
      errors: ['invalid_cursor'],
      tags,
      summary: 'Refunds, filtered on the server, newest first',
      request: { query: listRefundsQuerySchema },
      responses: { 200: jsonResponse('Refunds.', refundListSchema) },
    }),
    async (c) => {
      const { limit, cursor, status, accountId, transferId, from, to } = c.req.valid('query');
      const own = agentAccountOf(c.get('actor'))?.toLowerCase();
      // An agent lists only its own account's refunds.
      if (own && accountId && accountId.toLowerCase() !== own) return c.json({ data: [], hasMore: false, nextCursor: null }, 200);
      const filter = {
        status,
        accountId: own ?? accountId?.toLowerCase(),
        transferId: transferId?.toLowerCase(),
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
      };
      const rows = await inTenant(c, (tx) => service.listRefunds(tx, filter, { limit, cursor: decodeCursor(cursor) }));
      return c.json(toPage(rows, limit, service.presentRefund), 200);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/refunds/{id}',
      operationId: 'getRefund',
      access: { credentials: ['user', 'api_key', 'agent'], agent: { permission: 'accounts.view', account: 'scoped' } },
      tags,
      summary: 'A refund',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The refund.', dataOf(refundSchema)) },
    }),
    async (c) => {
      const own = agentAccountOf(c.get('actor'));
      const refund = await inTenant(c, (tx) => service.getRefundOrThrow(tx, c.req.valid('param').id, own));
      return c.json({ data: service.presentRefund(refund) }, 200);
    },
  );
}
