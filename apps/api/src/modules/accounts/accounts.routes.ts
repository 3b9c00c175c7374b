import { createRoute } from '@hono/zod-openapi';
import { requireRole } from '../../http/middleware/auth.js';
import type { Router } from '../../http/openapi.js';
import { decodeCursor, listSchema, paginationQuerySchema, toPage } from '../../http/pagination.js';
import { commonErrors, dataOf, jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import { idParamSchema } from '../auth/auth.schemas.js';
import * as repo from './accounts.repo.js';
import {
  accountBalancesSchema,
  accountSchema,
  createAccountBodySchema,
  listAccountsQuerySchema,
  updateAccountBodySchema,
} from './accounts.schemas.js';
import * as service from './accounts.service.js';

const tags = ['Accounts'];
const writer = requireRole('member');

export function registerAccountRoutes(app: Router) {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/accounts',
      operationId: 'createAccount',
      tags,
      summary: 'Open an account for one of your customers (a person or a business)',
      middleware: [writer],
      request: { body: jsonBody(createAccountBodySchema) },
      responses: { 201: jsonResponse('The account, with no balances yet.', dataOf(accountSchema)), ...commonErrors },
    }),
    async (c) => {
      const account = await inTenant(c, (tx) => service.createAccount(tx, c.get('deps'), c.get('actor'), c.req.valid('json')));
      return c.json({ data: service.presentAccount(account, []) }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/accounts',
      operationId: 'listAccounts',
      tags,
      summary: 'Accounts, filtered and paginated on the server',
      request: { query: paginationQuerySchema.extend(listAccountsQuerySchema.shape) },
      responses: { 200: jsonResponse('Accounts, newest first, with balances.', listSchema(accountSchema)), ...commonErrors },
    }),
    async (c) => {
      const { limit, cursor, ...filter } = c.req.valid('query');
      const { rows, balances } = await inTenant(c, async (tx) => {
        const rows = await repo.listAccounts(tx, filter, { limit, cursor: decodeCursor(cursor) });
        return {
          rows,
          balances: await repo.balancesOf(
            tx,
            rows.slice(0, limit).map((r) => r.id),
          ),
        };
      });
      return c.json(
        toPage(rows, limit, (row) => service.presentAccount(row, balances)),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/accounts/{id}',
      operationId: 'getAccount',
      tags,
      summary: 'One account with its balances',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The account.', dataOf(accountSchema)), ...commonErrors },
    }),
    async (c) => {
      const { account, balances } = await inTenant(c, async (tx) => {
        const account = await service.getAccountOrThrow(tx, c.req.valid('param').id);
        return { account, balances: await repo.balancesOf(tx, [account.id]) };
      });
      return c.json({ data: service.presentAccount(account, balances) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/accounts/{id}',
      operationId: 'updateAccount',
      tags,
      summary: 'Update name, email, country or metadata',
      middleware: [writer],
      request: { params: idParamSchema, body: jsonBody(updateAccountBodySchema) },
      responses: { 200: jsonResponse('The updated account.', dataOf(accountSchema)), ...commonErrors },
    }),
    async (c) => {
      const { account, balances } = await inTenant(c, async (tx) => {
        const account = await service.updateAccount(tx, c.get('deps'), c.req.valid('param').id, c.req.valid('json'));
        return { account, balances: await repo.balancesOf(tx, [account.id]) };
      });
      return c.json({ data: service.presentAccount(account, balances) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/accounts/{id}/balances',
      operationId: 'getAccountBalances',
      tags,
      summary: 'Per-currency balances: available, pending (held for transfers in flight), in streams, total',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('Balances.', accountBalancesSchema), ...commonErrors },
    }),
    async (c) => {
      const balances = await inTenant(c, async (tx) => {
        const account = await service.getAccountOrThrow(tx, c.req.valid('param').id);
        return repo.balancesOf(tx, [account.id]);
      });
      return c.json({ data: { accountId: c.req.valid('param').id, balances: balances.map(service.presentBalance) } }, 200);
    },
  );
}
