import {
  createDisputeBodySchema,
  dataOf,
  disputeListSchema,
  disputeSchema,
  disputeStatsSchema,
  idParamSchema,
  listDisputesQuerySchema,
  resolveDisputeBodySchema,
  respondDisputeBodySchema,
} from '@payos/contracts';
import { parseDecimalParam } from '../../core/amount.js';
import { decodeCursor, toPage } from '../../core/cursor.js';
import { audited } from '../../http/audit.js';
import { AMOUNT_ERRORS } from '../../http/money.js';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import * as service from './disputes.service.js';

const tags = ['Disputes'];
const decimal = (value: string | undefined, param: string) => (value === undefined ? undefined : parseDecimalParam(value, param));
/** Changing a dispute: any member user or API key of the tenant environment (it acts for both parties). */
const change = { credentials: ['user', 'api_key'], role: 'member' } as const;

export function registerDisputeRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'post',
      path: '/v1/disputes',
      operationId: 'createDispute',
      access: change,
      errors: [
        'resource_missing',
        ...AMOUNT_ERRORS,
        'not_refundable',
        'invalid_state',
        'dispute_window_expired',
        'dispute_exists',
        'amount_exceeds_refundable',
        'insufficient_funds',
      ],
      tags,
      summary: 'Dispute a completed internal transfer: the disputed amount is held on its recipient until the dispute is resolved',
      request: { body: jsonBody(createDisputeBodySchema) },
      responses: { 201: jsonResponse('The open dispute.', dataOf(disputeSchema)) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const input = {
        ...body,
        amountDisputed: decimal(body.amountDisputed, 'amountDisputed'),
        requestedAmount: decimal(body.requestedAmount, 'requestedAmount'),
      };
      const dispute = await audited(
        c,
        { action: 'dispute.created', objectType: 'dispute' },
        (tx) => service.createDispute(tx, c.get('deps'), c.get('actor'), input),
        (d) => d.id,
      );
      return c.json({ data: dispute }, 201);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/disputes',
      operationId: 'listDisputes',
      access: { credentials: ['user', 'api_key'] },
      errors: ['invalid_cursor'],
      tags,
      summary: 'Disputes, filtered on the server, newest first',
      request: { query: listDisputesQuerySchema },
      responses: { 200: jsonResponse('Disputes.', disputeListSchema) },
    }),
    async (c) => {
      const { limit, cursor, status, accountId, transferId, reason, dueSoon } = c.req.valid('query');
      const soon = new Date(c.get('deps').clock.now().getTime() + service.DUE_SOON_MS);
      const filter = {
        status,
        reason,
        accountId: accountId?.toLowerCase(),
        transferId: transferId?.toLowerCase(),
        dueBefore: dueSoon === 'true' ? soon : undefined,
        notDueBefore: dueSoon === 'false' ? soon : undefined,
      };
      const page = await inTenant(c, (tx) => service.listDisputes(tx, filter, { limit, cursor: decodeCursor(cursor) }));
      const listed = toPage(
        page.map((p) => ({ ...p.dispute, created_at: p.row.created_at })),
        limit,
        ({ created_at: _, ...dispute }) => dispute,
      );
      return c.json(listed, 200);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/disputes/stats',
      operationId: 'getDisputeStats',
      access: { credentials: ['user', 'api_key'] },
      tags,
      summary: 'Disputes by status, reason and resolution, the amount held by unresolved ones, and the average days to resolve',
      responses: { 200: jsonResponse('Dispute figures.', dataOf(disputeStatsSchema)) },
    }),
    async (c) => c.json({ data: await inTenant(c, (tx) => service.disputeStats(tx)) }, 200),
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/disputes/{id}',
      operationId: 'getDispute',
      access: { credentials: ['user', 'api_key'] },
      tags,
      summary: 'A dispute with its evidence and timeline',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The dispute.', dataOf(disputeSchema)) },
    }),
    async (c) => c.json({ data: await inTenant(c, (tx) => service.getDisputeOrThrow(tx, c.req.valid('param').id)) }, 200),
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/disputes/{id}/respond',
      operationId: 'respondDispute',
      access: change,
      errors: [...AMOUNT_ERRORS, 'invalid_state', 'dispute_response_overdue'],
      tags,
      summary: 'The respondent answers an open dispute: response, evidence, acceptance, counter-offer (open → under_review)',
      request: { params: idParamSchema, body: jsonBody(respondDisputeBodySchema) },
      responses: { 200: jsonResponse('The dispute.', dataOf(disputeSchema)) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const input = {
        ...body,
        counterOffer: body.counterOffer && { ...body.counterOffer, amount: decimal(body.counterOffer.amount, 'counterOffer.amount') },
      };
      const dispute = await audited(
        c,
        { action: 'dispute.responded', objectType: 'dispute' },
        (tx) => service.respondDispute(tx, c.get('deps'), c.get('actor'), c.req.valid('param').id, input),
        (d) => d.id,
      );
      return c.json({ data: dispute }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/disputes/{id}/resolve',
      operationId: 'resolveDispute',
      access: change,
      errors: [...AMOUNT_ERRORS, 'invalid_state'],
      tags,
      summary: 'Resolve a dispute: refund all or part of the disputed amount out of the hold, or nothing; the rest is released',
      request: { params: idParamSchema, body: jsonBody(resolveDisputeBodySchema) },
      responses: { 200: jsonResponse('The resolved dispute.', dataOf(disputeSchema)) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const input = { ...body, resolutionAmount: decimal(body.resolutionAmount, 'resolutionAmount') };
      const dispute = await audited(
        c,
        { action: 'dispute.resolved', objectType: 'dispute' },
        (tx) => service.resolveDispute(tx, c.get('deps'), c.get('actor'), c.req.valid('param').id, input),
        (d) => d.id,
      );
      return c.json({ data: dispute }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/disputes/{id}/escalate',
      operationId: 'escalateDispute',
      access: change,
      errors: ['invalid_state'],
      tags,
      summary: 'Escalate an open dispute or one under review',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The escalated dispute.', dataOf(disputeSchema)) },
    }),
    async (c) => {
      const dispute = await audited(
        c,
        { action: 'dispute.escalated', objectType: 'dispute' },
        (tx) => service.escalateDispute(tx, c.get('deps'), c.get('actor'), c.req.valid('param').id),
        (d) => d.id,
      );
      return c.json({ data: dispute }, 200);
    },
  );
}
