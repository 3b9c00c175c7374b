import {
  type AccountBalances,
  accountBalancesSchema,
  accountLimitsSchema,
  accountSchema,
  createAccountBodySchema,
  dataOf,
  type ErrorCode,
  idParamSchema,
  ledgerEntrySchema,
  listAccountsQuerySchema,
  listLedgerEntriesQuerySchema,
  listOf,
  reasonBodySchema,
  updateAccountBodySchema,
  verificationBodySchema,
} from '@payos/contracts';
import type { Queryable } from '@payos/db';
import type { Context } from 'hono';
import type { AppEnv } from '../../context.js';
import { decodeCursor, decodeSeqCursor, encodeSeqCursor, toPage } from '../../core/cursor.js';
import { audit, audited } from '../../http/audit.js';
import type { Router } from '../../http/openapi.js';
import { type Access, agentAccountOf, declare } from '../../http/operation.js';
import { jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import { requireReasonInLive } from '../../http/verification.js';
import { suspendAgentsOfAccount } from '../agents/agents.service.js';
import { accountLimits } from '../limits/limits.service.js';
import * as service from './accounts.service.js';

const tags = ['Accounts'];

export function registerAccountRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'post',
      path: '/v1/accounts',
      operationId: 'createAccount',
      access: { credentials: ['user', 'api_key'], role: 'member' },
      errors: ['account_email_taken'],
      tags,
      summary: 'Open an account for one of your customers (a person or a business)',
      request: { body: jsonBody(createAccountBodySchema) },
      responses: { 201: jsonResponse('The account, with no balances yet.', dataOf(accountSchema)) },
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
    declare({
      method: 'get',
      path: '/v1/accounts',
      operationId: 'listAccounts',
      access: { credentials: ['user', 'api_key', 'agent'], agent: { permission: 'accounts.view', account: 'scoped' } },
      errors: ['invalid_cursor'],
      tags,
      summary: 'Accounts, filtered and paginated on the server',
      request: { query: listAccountsQuerySchema },
      responses: { 200: jsonResponse('Accounts, newest first, with balances.', listOf(accountSchema)) },
    }),
    async (c) => {
      const { limit, cursor, ...filter } = c.req.valid('query');
      const { rows, balances } = await inTenant(c, (tx) =>
        // An agent sees only the account it acts for.
        service.listAccounts(tx, { ...filter, onlyId: agentAccountOf(c.get('actor')) }, { limit, cursor: decodeCursor(cursor) }),
      );
      return c.json(
        toPage(rows, limit, (row) => service.presentAccount(row, balances)),
        200,
      );
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/accounts/{id}',
      operationId: 'getAccount',
      access: { credentials: ['user', 'api_key', 'agent'], agent: { permission: 'accounts.view', account: { path: 'id' } } },
      tags,
      summary: 'One account with its balances',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The account.', dataOf(accountSchema)) },
    }),
    async (c) => {
      const { account, balances } = await inTenant(c, (tx) => service.getAccountWithBalancesOrThrow(tx, c.req.valid('param').id));
      return c.json({ data: service.presentAccount(account, balances) }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'patch',
      path: '/v1/accounts/{id}',
      operationId: 'updateAccount',
      access: { credentials: ['user', 'api_key'], role: 'member' },
      errors: ['account_email_taken', 'invalid_state'],
      tags,
      summary: 'Update name, email, country or metadata',
      request: { params: idParamSchema, body: jsonBody(updateAccountBodySchema) },
      responses: { 200: jsonResponse('The updated account.', dataOf(accountSchema)) },
    }),
    async (c) => {
      const { account, balances } = await inTenant(c, async (tx) => {
        const account = await service.updateAccount(tx, c.get('deps'), c.req.valid('param').id, c.req.valid('json'));
        audit(c, tx, 'account.updated', 'account', account.id);
        return service.withBalances(tx, account);
      });
      return c.json({ data: service.presentAccount(account, balances) }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/accounts/{id}/balances',
      operationId: 'getAccountBalances',
      access: { credentials: ['user', 'api_key', 'agent'], agent: { permission: 'accounts.view', account: { path: 'id' } } },
      tags,
      summary: 'Per-currency balances: available, pending (held for transfers in flight), in streams, total',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('Balances.', accountBalancesSchema) },
    }),
    async (c) => {
      const balances = await inTenant(c, (tx) => service.getAccountBalancesOrThrow(tx, c.req.valid('param').id));
      const body: AccountBalances = { data: { accountId: c.req.valid('param').id, balances: balances.map(service.presentBalance) } };
      return c.json(body, 200);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/accounts/{id}/limits',
      operationId: 'getAccountLimits',
      access: { credentials: ['user', 'api_key', 'agent'], agent: { permission: 'accounts.view', account: { path: 'id' } } },
      errors: ['rates_unavailable'],
      tags,
      summary: 'What the account may still send: its tier’s limits, usage over the rolling day and 30 days, and what remains (USD)',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('Limits in USD.', dataOf(accountLimitsSchema)) },
    }),
    async (c) => {
      const deps = c.get('deps');
      const data = await inTenant(c, (tx) => accountLimits(tx, c.req.valid('param').id, deps.clock.now(), deps.fx.provider));
      return c.json({ data }, 200);
    },
  );

  const stateChange = (
    path: string,
    operationId: string,
    action: string,
    summary: string,
    run: (tx: Queryable, c: Context<AppEnv>, id: string) => Promise<service.AccountRow>,
    options: {
      access?: Access;
      errors?: ErrorCode[];
      body?: typeof verificationBodySchema | typeof reasonBodySchema;
      /** The body may be omitted (in test); `requireReasonInLive` decides in live. */
      optionalBody?: boolean;
    } = {},
  ) =>
    app.openapi(
      declare({
        method: 'post',
        path,
        operationId,
        access: options.access ?? { credentials: ['user', 'api_key'], role: 'member' },
        errors: options.errors ?? ['invalid_state'],
        tags,
        summary,
        request: {
          params: idParamSchema,
          ...(options.body && { body: { ...jsonBody(options.body), required: !options.optionalBody } }),
        },
        responses: { 200: jsonResponse('The account.', dataOf(accountSchema)) },
      }),
      async (c) => {
        const id = (c.req.valid as (target: 'param') => { id: string })('param').id;
        const reason = options.body ? requireReasonInLive(c, (c.req.valid as (t: 'json') => { reason?: string })('json').reason) : null;
        const { account, balances } = await inTenant(c, async (tx) => {
          const account = await run(tx, c, id);
          audit(c, tx, action, 'account', account.id, reason);
          return service.withBalances(tx, account);
        });
        return c.json({ data: service.presentAccount(account, balances) }, 200);
      },
    );

  stateChange(
    '/v1/accounts/{id}/verify',
    'verifyAccount',
    'account.verified',
    'Set the verification tier: simulated, self-service KYC/KYB in test; in live an owner/admin decision with a recorded reason',
    (tx, c, id) => service.verifyAccount(tx, c.get('deps'), id, (c.req.valid as (t: 'json') => { tier: number })('json').tier),
    {
      body: verificationBodySchema,
      access: {
        credentials: ['user', 'api_key'],
        role: 'member',
        live: {
          credentials: ['user'],
          role: 'admin',
          why: 'verification is an owner/admin decision (never an API key or agent) with a recorded reason.',
        },
      },
    },
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
  stateChange(
    '/v1/accounts/{id}/activate',
    'activateAccount',
    'account.activated',
    'Lift a suspension (in live an owner/admin decision with a recorded reason)',
    (tx, c, id) => service.activateAccount(tx, c.get('deps'), id),
    {
      body: reasonBodySchema,
      optionalBody: true,
      access: {
        credentials: ['user', 'api_key'],
        role: 'member',
        live: { credentials: ['user'], role: 'admin', why: 'lifting a suspension is an owner/admin decision with a recorded reason.' },
      },
    },
  );

  app.openapi(
    declare({
      method: 'delete',
      path: '/v1/accounts/{id}',
      operationId: 'closeAccount',
      access: { credentials: ['user', 'api_key'], role: 'member' },
      errors: ['balance_not_zero', 'account_has_agents', 'account_has_streams', 'invalid_state'],
      tags,
      summary: 'Close an account (only with a zero total balance in every currency)',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The closed account.', dataOf(accountSchema)) },
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
    declare({
      method: 'get',
      path: '/v1/accounts/{id}/ledger-entries',
      operationId: 'listAccountLedgerEntries',
      access: { credentials: ['user', 'api_key', 'agent'], agent: { permission: 'accounts.view', account: { path: 'id' } } },
      errors: ['invalid_cursor'],
      tags,
      summary: "The account's ledger entries, newest first, with the balance after each",
      request: { params: idParamSchema, query: listLedgerEntriesQuerySchema },
      responses: { 200: jsonResponse('Ledger entries.', listOf(ledgerEntrySchema)) },
    }),
    async (c) => {
      const { limit, cursor, currency, from, to } = c.req.valid('query');
      const afterSeq = decodeSeqCursor(cursor);
      const rows = await inTenant(c, (tx) =>
        service.listLedgerEntries(
          tx,
          c.req.valid('param').id,
          { currency, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined },
          { limit, afterSeq },
        ),
      );
      const hasMore = rows.length > limit;
      const page = rows.slice(0, limit);
      return c.json(
        { data: page.map(service.presentLedgerEntry), hasMore, nextCursor: hasMore ? encodeSeqCursor(page.at(-1)?.seq ?? '0') : null },
        200,
      );
    },
  );
}
