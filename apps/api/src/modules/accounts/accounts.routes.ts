import { createRoute } from '@hono/zod-openapi';
import type { Queryable } from '@payos/db';
import type { Context } from 'hono';
import type { AppEnv } from '../../context.js';
import { audit, audited } from '../../http/audit.js';
import { requireRole } from '../../http/middleware/auth.js';
import type { Router } from '../../http/openapi.js';
import { decodeCursor, decodeSeqCursor, encodeSeqCursor, listSchema, paginationQuerySchema, toPage } from '../../http/pagination.js';
import { commonErrors, dataOf, jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import { agentAccountOf } from '../agents/agents.gate.js';
import { suspendAgentsOfAccount } from '../agents/agents.service.js';
import { idParamSchema } from '../auth/auth.schemas.js';
import * as repo from './accounts.repo.js';
import {
  accountBalancesSchema,
  accountSchema,
  createAccountBodySchema,
  ledgerEntrySchema,
  listAccountsQuerySchema,
  listLedgerEntriesQuerySchema,
  updateAccountBodySchema,
  verifyAccountBodySchema,
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
      const account = await audited(
        c,
        { action: 'account.created', objectType: 'account' },
        (tx) => service.createAccount(tx, c.get('deps'), c.get('actor'), c.req.valid('json')),
        (a) => a.id,
      );
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
        // An agent sees only the account it acts for.
        const rows = await repo.listAccounts(
          tx,
          { ...filter, onlyId: agentAccountOf(c.get('actor')) },
          { limit, cursor: decodeCursor(cursor) },
        );
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
        audit(c, tx, 'account.updated', 'account', account.id);
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

  const stateChange = (
    path: string,
    operationId: string,
    action: string,
    summary: string,
    run: (tx: Queryable, c: Context<AppEnv>, id: string) => Promise<repo.AccountRow>,
    body?: typeof verifyAccountBodySchema,
  ) =>
    app.openapi(
      createRoute({
        method: 'post',
        path,
        operationId,
        tags,
        summary,
        middleware: [writer],
        request: { params: idParamSchema, ...(body && { body: jsonBody(body) }) },
        responses: { 200: jsonResponse('The account.', dataOf(accountSchema)), ...commonErrors },
      }),
      async (c) => {
        const id = (c.req.valid as (target: 'param') => { id: string })('param').id;
        const { account, balances } = await inTenant(c, async (tx) => {
          const account = await run(tx, c, id);
          audit(c, tx, action, 'account', account.id);
          return { account, balances: await repo.balancesOf(tx, [account.id]) };
        });
        return c.json({ data: service.presentAccount(account, balances) }, 200);
      },
    );

  stateChange(
    '/v1/accounts/{id}/verify',
    'verifyAccount',
    'account.verified',
    'Set the verification tier (simulated KYC/KYB)',
    (tx, c, id) => service.verifyAccount(tx, c.get('deps'), id, (c.req.valid as (t: 'json') => { tier: number })('json').tier),
    verifyAccountBodySchema,
  );
  stateChange(
    '/v1/accounts/{id}/suspend',
    'suspendAccount',
    'account.suspended',
    'Suspend: the account can receive but not send',
    async (tx, c, id) => {
      const account = await service.suspendAccount(tx, c.get('deps'), id);
      await suspendAgentsOfAccount(tx, c.get('deps'), id);
      return account;
    },
  );
  stateChange('/v1/accounts/{id}/activate', 'activateAccount', 'account.activated', 'Lift a suspension', (tx, c, id) =>
    service.activateAccount(tx, c.get('deps'), id),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/accounts/{id}',
      operationId: 'closeAccount',
      tags,
      summary: 'Close an account (only with a zero total balance in every currency)',
      middleware: [writer],
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The closed account.', dataOf(accountSchema)), ...commonErrors },
    }),
    async (c) => {
      const account = await audited(
        c,
        { action: 'account.closed', objectType: 'account' },
        (tx) => service.closeAccount(tx, c.get('deps'), c.req.valid('param').id),
        (a) => a.id,
      );
      return c.json({ data: service.presentAccount(account, []) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/accounts/{id}/ledger-entries',
      operationId: 'listAccountLedgerEntries',
      tags,
      summary: "The account's ledger entries, newest first, with the balance after each",
      request: { params: idParamSchema, query: paginationQuerySchema.extend(listLedgerEntriesQuerySchema.shape) },
      responses: { 200: jsonResponse('Ledger entries.', listSchema(ledgerEntrySchema)), ...commonErrors },
    }),
    async (c) => {
      const { limit, cursor, currency, from, to } = c.req.valid('query');
      const afterSeq = decodeSeqCursor(cursor);
      const rows = await inTenant(c, async (tx) => {
        const account = await service.getAccountOrThrow(tx, c.req.valid('param').id);
        return repo.listLedgerEntries(
          tx,
          account.id,
          { currency, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined },
          { limit, afterSeq },
        );
      });
      const hasMore = rows.length > limit;
      const page = rows.slice(0, limit);
      return c.json(
        { data: page.map(service.presentLedgerEntry), hasMore, nextCursor: hasMore ? encodeSeqCursor(page.at(-1)?.seq ?? '0') : null },
        200,
      );
    },
  );
}
