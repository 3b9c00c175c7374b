import { z } from '@hono/zod-openapi';
import { idParamSchema } from '@payos/contracts';
import { audited } from '../../http/audit.js';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { dataOf, jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import { getAccountOrThrow } from '../accounts/accounts.service.js';
import * as repo from './payment-methods.repo.js';
import * as service from './payment-methods.service.js';

const tags = ['Payment methods'];

const paymentMethodSchema = z
  .object({
    id: z.uuid().openapi({ example: '4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8' }),
    accountId: z.uuid().openapi({ example: '7d1f3c2e-5b6a-4c8d-9e0f-1a2b3c4d5e6f' }),
    type: z.enum(['bank_account', 'wallet']).openapi({ example: 'bank_account' }),
    rail: z.enum(['spei', 'pix', 'ach', 'cbu', 'cop_bank', 'usdc']).openapi({ example: 'spei' }),
    currency: z.string().openapi({ example: 'MXN' }),
    label: z.string().nullable().openapi({ example: 'Payroll account' }),
    last4: z.string().openapi({ example: '9719' }),
    details: z.record(z.string(), z.string()).openapi({ example: { clabe: '••••9719', holderName: 'Maria Garcia' } }),
    status: z.enum(['active', 'removed']).openapi({ example: 'active' }),
    createdAt: z.string().openapi({ example: '2026-11-25T14:30:00.000Z' }),
  })
  .openapi('PaymentMethod');

const createBodySchema = z
  .strictObject({
    type: z.enum(['bank_account', 'wallet']).openapi({ example: 'bank_account' }),
    rail: z.enum(['spei', 'pix', 'ach', 'cbu', 'cop_bank', 'usdc']).openapi({ example: 'spei' }),
    details: z.record(z.string(), z.unknown()).openapi({
      example: { clabe: '032180000118359719', holderName: 'Maria Garcia' },
      description:
        'spei {clabe, holderName} · pix {pixKey, keyType: cpf|cnpj|email|phone|random, holderName} · ach {routingNumber, accountNumber, holderName} · cbu {cbu, holderName} · cop_bank {bankCode, accountNumber, accountType: savings|checking, holderName, documentId} · usdc {address, network: base|polygon|ethereum}',
    }),
    label: z.string().trim().min(1).max(100).optional().openapi({ example: 'Payroll account' }),
  })
  .openapi('CreatePaymentMethodRequest');

const pmParamsSchema = idParamSchema.extend({
  pmId: z.uuid().openapi({ param: { name: 'pmId', in: 'path' }, example: '4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8' }),
});

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
      request: { params: idParamSchema, body: jsonBody(createBodySchema) },
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
        200: jsonResponse('Payment methods.', z.object({ data: z.array(paymentMethodSchema), hasMore: z.boolean(), nextCursor: z.null() })),
      },
    }),
    async (c) => {
      const rows = await inTenant(c, async (tx) => {
        const account = await getAccountOrThrow(tx, c.req.valid('param').id);
        return repo.listPaymentMethods(tx, account.id);
      });
      return c.json({ data: rows.map(service.presentPaymentMethod), hasMore: false, nextCursor: null }, 200);
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
      request: { params: pmParamsSchema },
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
}
