import { z } from '@hono/zod-openapi';
import { idParamSchema, metadataSchema } from '@payos/contracts';
import { Money } from '@payos/money';
import { invalidRequest, notFound } from '../../core/errors.js';
import { audited } from '../../http/audit.js';
import { AMOUNT_ERRORS, amountInputSchema, currencySchema } from '../../http/money.js';
import type { Router } from '../../http/openapi.js';
import { agentAccountOf, declare } from '../../http/operation.js';
import { instantSchema, listSchema, paginationQuerySchema } from '../../http/pagination.js';
import { dataOf, jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import { getAccountOrThrow } from '../accounts/accounts.service.js';
import { cancelTransfer, createPayout } from '../payouts/payouts.service.js';
import type * as repo from './transfers.repo.js';
import * as service from './transfers.service.js';

const tags = ['Transfers'];
const statusSchema = z.enum(['pending', 'processing', 'completed', 'failed', 'cancelled']);

export const transferSchema = z
  .object({
    id: z.uuid().openapi({ example: 'e1d2c3b4-a596-4877-8695-a4b3c2d1e0f9' }),
    type: z.enum(['internal', 'payout']).openapi({ example: 'internal' }),
    status: statusSchema.openapi({ example: 'completed' }),
    fromAccountId: z.uuid(),
    toAccountId: z.uuid().nullable(),
    paymentMethodId: z.uuid().nullable(),
    amount: z.string().openapi({ example: '250.00' }),
    currency: z.string().openapi({ example: 'USDC' }),
    fees: z.object({
      total: z.string().openapi({ example: '0.00' }),
      breakdown: z.array(z.object({ type: z.string(), amount: z.string() })),
    }),
    totalDebit: z.string().openapi({ example: '250.00' }),
    destinationAmount: z.string().nullable().openapi({ example: null }),
    destinationCurrency: z.string().nullable().openapi({ example: null }),
    rate: z.string().nullable().openapi({ example: null }),
    quoteId: z.uuid().nullable().openapi({ example: null }),
    description: z.string().nullable().openapi({ example: 'November payroll' }),
    metadata: z.record(z.string(), z.string()),
    failureReason: z.string().nullable().openapi({ example: null }),
    initiatedBy: z.object({
      type: z.enum(['user', 'api_key', 'agent', 'system']).openapi({ example: 'api_key' }),
      id: z.string().nullable(),
      name: z.string().nullable().openapi({ example: 'Payroll backend' }),
    }),
    timeline: z.array(z.object({ status: z.string().openapi({ example: 'completed' }), note: z.string().nullable(), at: z.string() })),
    createdAt: z.string().openapi({ example: '2026-11-25T14:30:00.000Z' }),
    updatedAt: z.string().openapi({ example: '2026-11-25T14:30:00.000Z' }),
  })
  .openapi('Transfer');

const internalBodySchema = z.strictObject({
  type: z.literal('internal').openapi({ example: 'internal' }),
  fromAccountId: z.uuid().openapi({ example: '7d1f3c2e-5b6a-4c8d-9e0f-1a2b3c4d5e6f' }),
  toAccountId: z.uuid().openapi({ example: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d' }),
  amount: amountInputSchema,
  currency: currencySchema,
  description: z.string().trim().max(500).optional().openapi({ example: 'November payroll' }),
  metadata: metadataSchema.optional(),
});

const payoutBodySchema = z.strictObject({
  type: z.literal('payout').openapi({ example: 'payout' }),
  fromAccountId: z.uuid().openapi({ example: '7d1f3c2e-5b6a-4c8d-9e0f-1a2b3c4d5e6f' }),
  paymentMethodId: z
    .uuid()
    .optional()
    .openapi({ example: '4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8', description: 'Pay out to this payment method…' }),
  toAccountId: z.uuid().optional().openapi({ description: '…or convert into another currency on this account of the tenant.' }),
  destinationCurrency: currencySchema
    .optional()
    .openapi({ description: 'Currency the destination receives; required for an account destination unless a quoteId gives it.' }),
  amount: amountInputSchema,
  currency: currencySchema,
  quoteId: z
    .uuid()
    .optional()
    .openapi({ description: 'A valid quote of this tenant for exactly this amount and currencies; priced fresh when omitted.' }),
  description: z.string().trim().max(500).optional().openapi({ example: 'Supplier invoice 1042' }),
  metadata: metadataSchema.optional(),
});

const createTransferBodySchema = z.discriminatedUnion('type', [internalBodySchema, payoutBodySchema]).openapi('CreateTransferRequest');

const decimalFilter = z
  .string()
  .regex(/^\d{1,15}(\.\d{1,8})?$/, 'must be a plain decimal such as 100.00')
  .optional();

const listQuerySchema = paginationQuerySchema.extend({
  status: statusSchema.optional(),
  type: z.enum(['internal', 'payout']).optional(),
  accountId: z.uuid().optional(),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  minAmount: decimalFilter,
  maxAmount: decimalFilter,
  search: z.string().trim().min(1).max(100).optional().openapi({ description: 'Matches the description.' }),
});

type ListQuery = z.infer<typeof listQuerySchema>;

function filterOf(q: ListQuery): repo.TransferFilter {
  if (q.minAmount && q.maxAmount && new Money(q.minAmount).gt(q.maxAmount)) {
    throw invalidRequest('parameter_invalid', 'minAmount must not exceed maxAmount.', 'minAmount');
  }
  return {
    status: q.status,
    type: q.type,
    accountId: q.accountId,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    minAmount: q.minAmount,
    maxAmount: q.maxAmount,
    search: q.search,
  };
}

export function registerTransferRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'post',
      path: '/v1/transfers',
      operationId: 'createTransfer',
      access: {
        credentials: ['user', 'api_key', 'agent'],
        role: 'member',
        agent: { permission: 'transactions.initiate', account: { body: 'fromAccountId' } },
      },
      errors: [
        'resource_missing',
        ...AMOUNT_ERRORS,
        'amount_out_of_range',
        'self_transfer',
        'insufficient_funds',
        'limit_exceeded',
        'account_suspended',
        'invalid_state',
        'quote_expired',
        'quote_used',
        'quote_mismatch',
        'unsupported_corridor',
        'rates_unavailable',
        'agent_suspended',
      ],
      tags,
      summary:
        'Move money: internal (same currency, no fee, completed at once) or payout (to a payment method, or to another account in another currency, at a quoted rate; settled by the worker)',
      request: { body: jsonBody(createTransferBodySchema) },
      responses: { 201: jsonResponse('The transfer.', dataOf(transferSchema)) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const deps = c.get('deps');
      const transfer = await audited(
        c,
        { action: 'transfer.created', objectType: 'transfer' },
        (tx) =>
          body.type === 'internal'
            ? service.createInternalTransfer(tx, deps, c.get('actor'), body)
            : createPayout(tx, deps, c.get('actor'), body),
        (t) => t.id,
      );
      return c.json({ data: transfer }, 201);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/transfers/{id}/cancel',
      operationId: 'cancelTransfer',
      access: { credentials: ['user', 'api_key'], role: 'member' },
      errors: ['invalid_state'],
      tags,
      summary: 'Cancel a payout that is still pending; its held funds return to available',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The cancelled transfer.', dataOf(transferSchema)) },
    }),
    async (c) => {
      const transfer = await audited(
        c,
        { action: 'transfer.cancelled', objectType: 'transfer' },
        async (tx) => service.presentWithTimeline(tx, await cancelTransfer(tx, c.get('deps'), c.get('actor'), c.req.valid('param').id)),
        (t) => t.id,
      );
      return c.json({ data: transfer }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/transfers',
      operationId: 'listTransfers',
      access: { credentials: ['user', 'api_key', 'agent'], agent: { permission: 'accounts.view', account: 'scoped' } },
      errors: ['invalid_cursor'],
      tags,
      summary: 'Transfers, filtered on the server, newest first',
      request: { query: listQuerySchema },
      responses: { 200: jsonResponse('Transfers.', listSchema(transferSchema)) },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const own = agentAccountOf(c.get('actor'));
      // An agent lists only its own account's transfers.
      if (own && query.accountId && query.accountId.toLowerCase() !== own)
        return c.json({ data: [], hasMore: false, nextCursor: null }, 200);
      return c.json(await inTenant(c, (tx) => service.listPage(tx, { ...filterOf(query), ...(own && { accountId: own }) }, query)), 200);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/transfers/{id}',
      operationId: 'getTransfer',
      access: { credentials: ['user', 'api_key', 'agent'], agent: { permission: 'accounts.view', account: 'scoped' } },
      tags,
      summary: 'A transfer with its status timeline',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The transfer.', dataOf(transferSchema)) },
    }),
    async (c) => {
      const transfer = await inTenant(c, async (tx) => {
        const found = await service.getTransferOrThrow(tx, c.req.valid('param').id);
        const own = agentAccountOf(c.get('actor'));
        if (own && found.from_account_id !== own && found.to_account_id !== own) throw notFound('transfer');
        return service.presentWithTimeline(tx, found);
      });
      return c.json({ data: transfer }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/accounts/{id}/transfers',
      operationId: 'listAccountTransfers',
      access: { credentials: ['user', 'api_key', 'agent'], agent: { permission: 'accounts.view', account: { path: 'id' } } },
      errors: ['invalid_cursor'],
      tags,
      summary: "An account's transfers (sent or received), filtered on the server",
      request: { params: idParamSchema, query: listQuerySchema.omit({ accountId: true }) },
      responses: { 200: jsonResponse('Transfers.', listSchema(transferSchema)) },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const page = await inTenant(c, async (tx) => {
        const account = await getAccountOrThrow(tx, c.req.valid('param').id);
        return service.listPage(tx, { ...filterOf(query), accountId: account.id }, query);
      });
      return c.json(page, 200);
    },
  );
}
