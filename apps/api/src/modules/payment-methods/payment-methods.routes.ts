import {
  createPaymentMethodBodySchema,
  dataOf,
  idParamSchema,
  type PaymentMethodList,
  paymentMethodListSchema,
  paymentMethodParamsSchema,
  paymentMethodSchema,
  updatePaymentMethodBodySchema,
} from '@payos/contracts';
import { audited } from '../../http/audit.js';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import * as service from './payment-methods.service.js';

const tags = ['Payment methods'];

export function registerPaymentMethodRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'post',
      path: '/v1/accounts/{id}/payment-methods',
      operationId: 'createPaymentMethod',
      access: { credentials: ['user', 'api_key'], role: 'member' },
      errors: ['invalid_state'],
      tags,
      summary: 'Add an external destination (bank account or USDC wallet), validated per rail',
      request: { params: idParamSchema, body: jsonBody(createPaymentMethodBodySchema) },
      responses: { 201: jsonResponse('The payment method, masked.', dataOf(paymentMethodSchema)) },
    }),
    async (c) => {
      const pm = await audited(
        c,
        { action: 'payment_method.created', objectType: 'payment_method' },
        (tx) => service.createPaymentMethod(tx, c.get('deps'), c.get('actor'), c.req.valid('param').id, c.req.valid('json')),
        (p) => p.id,
      );
      return c.json({ data: service.presentPaymentMethod(pm) }, 201);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/accounts/{id}/payment-methods',
      operationId: 'listPaymentMethods',
      access: { credentials: ['user', 'api_key', 'agent'], agent: { permission: 'paymentMethods.view', account: { path: 'id' } } },
      tags,
      summary: "An account's active payment methods (at most 100), newest first",
      request: { params: idParamSchema },
      responses: {
        200: jsonResponse('Payment methods.', paymentMethodListSchema),
      },
    }),
    async (c) => {
      const rows = await inTenant(c, (tx) => service.listPaymentMethods(tx, c.req.valid('param').id));
      const body: PaymentMethodList = { data: rows.map(service.presentPaymentMethod), hasMore: false, nextCursor: null };
      return c.json(body, 200);
    },
  );

  app.openapi(
    declare({
      method: 'delete',
      path: '/v1/accounts/{id}/payment-methods/{pmId}',
      operationId: 'removePaymentMethod',
      access: { credentials: ['user', 'api_key'], role: 'member' },
      tags,
      summary: 'Remove a payment method (past transfers keep referring to it)',
      request: { params: paymentMethodParamsSchema },
      responses: { 200: jsonResponse('The removed payment method.', dataOf(paymentMethodSchema)) },
    }),
    async (c) => {
      const { id, pmId } = c.req.valid('param');
      const pm = await audited(
        c,
        { action: 'payment_method.removed', objectType: 'payment_method' },
        (tx) => service.removePaymentMethod(tx, c.get('deps'), id, pmId),
        (p) => p.id,
      );
      return c.json({ data: service.presentPaymentMethod(pm) }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'patch',
      path: '/v1/accounts/{id}/payment-methods/{pmId}',
      operationId: 'updatePaymentMethod',
      access: { credentials: ['user'], role: 'admin' },
      tags,
      summary: 'Allowlist a payment method: payouts to it skip the cooling-off cap on new beneficiaries (owners and admins)',
      request: { params: paymentMethodParamsSchema, body: jsonBody(updatePaymentMethodBodySchema) },
      responses: { 200: jsonResponse('The payment method.', dataOf(paymentMethodSchema)) },
    }),
    async (c) => {
      const { id, pmId } = c.req.valid('param');
      const { allowlisted } = c.req.valid('json');
      const pm = await audited(
        c,
        { action: allowlisted ? 'payment_method.allowlisted' : 'payment_method.unallowlisted', objectType: 'payment_method' },
        (tx) => service.setAllowlisted(tx, id, pmId, allowlisted),
        (p) => p.id,
      );
      return c.json({ data: service.presentPaymentMethod(pm) }, 200);
    },
  );
}
