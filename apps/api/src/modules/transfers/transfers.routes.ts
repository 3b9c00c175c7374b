import {
  createTransferBodySchema,
  dataOf,
  idParamSchema,
  listAccountTransfersQuerySchema,
  listTransfersQuerySchema,
  returnPayoutBodySchema,
  transferListSchema,
  transferSchema,
} from '@payos/contracts';
import { withTenant } from '@payos/db';
import { Money } from '@payos/money';
import type { Context } from 'hono';
import type { z } from 'zod';
import { parseAmountParam } from '../../core/amount.js';
import { AppError, invalidRequest } from '../../core/errors.js';
import { audited } from '../../http/audit.js';
import { idempotentTransaction, replayResponse } from '../../http/middleware/idempotency.js';
import { AMOUNT_ERRORS } from '../../http/money.js';
import type { Router } from '../../http/openapi.js';
import { agentAccountOf, declare } from '../../http/operation.js';
import { jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import { getAccountOrThrow } from '../accounts/accounts.service.js';
import { recordLimitRefused } from '../agents/agents.service.js';
import { internalTransferCommand, submitInternalTransfer } from './internal.service.js';
import { BlockedTransferError, recordRefusal } from './controls.js';
import { createPayout } from './payout.service.js';
import { forceReturn } from './returns.service.js';
import * as service from './transfers.service.js';

const tags = ['Transfers'];

type ListQuery = z.output<typeof listTransfersQuerySchema>;

function filterOf(q: ListQuery): service.TransferFilter {
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

/**
 * A 200 whose body is JSON text already written to the response schema (a transfers page built by
 * the database), sent as c.json sends an object (the cast: the route's typed response is that schema).
 */
const jsonText = (c: Context, text: string) => c.body(text, 200, { 'Content-Type': 'application/json' }) as never;

export function registerTransferRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'post',
      path: '/v1/transfers',
      operationId: 'createTransfer',
      access: {
        // Internal transfers claim their key inside their group-commit batch; payouts as usual.
        idempotent: 'handler',
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
        'travel_rule_data_required',
        'cooling_off_limit',
        'transfer_blocked',
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
      const amount = parseAmountParam(body.amount, body.currency);
      const deps = c.get('deps');
      const actor = c.get('actor');
      // An agent's transfer refused by a limit is an event of the agent (agent.limit_refused), recorded
      // on its own once the refusal is final; the refusal itself is answered unchanged.
      const recordLimitRefusal = async (error: unknown): Promise<never> => {
        if (actor.agent && error instanceof AppError && error.code === 'limit_exceeded') {
          await withTenant(deps.db, actor, (tx) => recordLimitRefused(tx, actor.id, deps.clock.now()));
        }
        // A risk rule's block leaves its refusal record, written now that the payout's transaction has rolled back.
        if (error instanceof BlockedTransferError) await recordRefusal(deps.db, actor, error, c.get('requestId'));
        throw error;
      };
      if (body.type === 'internal') {
        // Group commit: the transfer is decided and written with the tenant's concurrent ones, its
        // Idempotency-Key claimed in the same transaction; the answer comes once that has committed.
        const command = internalTransferCommand(
          actor,
          { ...body, amount },
          { audit: { requestId: c.get('requestId') }, idempotency: c.get('idempotency') },
        );
        const result = await submitInternalTransfer(deps, command).catch(recordLimitRefusal);
        // A replay is the stored text of an earlier typed response (hence the cast).
        if (result.replayed) return replayResponse(c, result) as never;
        return c.json({ data: result.transfer }, 201);
      }
      // As the idempotency middleware would: the key claimed in the payout's own transaction (the cast: a replay, as above).
      return idempotentTransaction(c, c.get('idempotency'), { encrypt: false }, async () => {
        const transfer = await audited(
          c,
          { action: 'transfer.created', objectType: 'transfer' },
          (tx) => createPayout(tx, deps, actor, { ...body, amount }),
          (t) => t.id,
        );
        return c.json({ data: transfer }, 201);
      }).catch(recordLimitRefusal) as never;
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
        (tx) => service.cancelTransfer(tx, c.get('deps'), c.get('actor'), c.req.valid('param').id),
        (t) => t.id,
      );
      return c.json({ data: transfer }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/test-helpers/transfers/{id}/return',
      operationId: 'returnPayout',
      access: {
        credentials: ['user', 'api_key'],
        role: 'member',
        environments: ['test'],
        testOnly: 'It simulates the rail sending a payout back; in live only the rail returns payouts.',
      },
      errors: ['invalid_state'],
      tags,
      summary: 'Test mode: make the rail send a completed payout back now (completed → returned, the sender credited back)',
      request: { params: idParamSchema, body: jsonBody(returnPayoutBodySchema) },
      responses: { 200: jsonResponse('The returned transfer.', dataOf(transferSchema)) },
    }),
    async (c) => {
      const actor = c.get('actor');
      const by = { scope: actor, actor: { kind: actor.kind, id: actor.id, name: actor.name } };
      const transfer = await audited(
        c,
        { action: 'transfer.returned', objectType: 'transfer' },
        (tx) => forceReturn(tx, c.get('deps'), by, c.req.valid('param').id, c.req.valid('json')),
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
      request: { query: listTransfersQuerySchema },
      responses: { 200: jsonResponse('Transfers.', transferListSchema) },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const own = agentAccountOf(c.get('actor'));
      // An agent lists only its own account's transfers.
      if (own && query.accountId && query.accountId.toLowerCase() !== own)
        return c.json({ data: [], hasMore: false, nextCursor: null }, 200);
      const page = await inTenant(c, (tx) => service.listPageJson(tx, { ...filterOf(query), ...(own && { accountId: own }) }, query));
      return jsonText(c, page);
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
      const own = agentAccountOf(c.get('actor'));
      const transfer = await inTenant(c, async (tx) =>
        service.presentWithTimeline(tx, await service.getTransferOrThrow(tx, c.req.valid('param').id, own)),
      );
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
      request: { params: idParamSchema, query: listAccountTransfersQuerySchema },
      responses: { 200: jsonResponse('Transfers.', transferListSchema) },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const page = await inTenant(c, async (tx) => {
        const account = await getAccountOrThrow(tx, c.req.valid('param').id);
        return service.listPageJson(tx, { ...filterOf(query), accountId: account.id }, query);
      });
      return jsonText(c, page);
    },
  );
}
