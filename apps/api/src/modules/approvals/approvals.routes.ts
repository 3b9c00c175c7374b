import {
  approvalListSchema,
  approvalPolicyListSchema,
  approvalPolicySchema,
  approvalSchema,
  createApprovalPolicyBodySchema,
  dataOf,
  denyTransferBodySchema,
  idParamSchema,
  listApprovalsQuerySchema,
  paginationQuerySchema,
  transferSchema,
  updateApprovalPolicyBodySchema,
} from '@payos/contracts';
import { decodeCursor, toPage } from '../../core/cursor.js';
import { audit, audited } from '../../http/audit.js';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import * as service from './approvals.service.js';

const tags = ['Approvals'];

/** Policies are the compliance team's: owners and admins, signed in. */
const MANAGE = { credentials: ['user'], role: 'admin' } as const;
/**
 * Deciding is for people only — never an API key or an agent — and at least an admin (the lowest role a
 * policy can ask for); a policy asking for an owner is checked by the handler (approver_role_required).
 */
const DECIDE = { credentials: ['user'], role: 'admin' } as const;
const DECIDE_ERRORS = [
  'resource_missing',
  'invalid_state',
  'account_suspended',
  'self_approval',
  'approver_role_required',
  'already_decided',
] as const;

export function registerApprovalRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'post',
      path: '/v1/approval-policies',
      operationId: 'createApprovalPolicy',
      access: MANAGE,
      errors: ['amount_must_be_string', 'role_above_own'],
      tags,
      summary: 'Create an approval policy: transfers it matches wait, held, for people to approve them',
      request: { body: jsonBody(createApprovalPolicyBodySchema) },
      responses: { 201: jsonResponse('The policy.', dataOf(approvalPolicySchema)) },
    }),
    async (c) => {
      const policy = await audited(
        c,
        { action: 'approval_policy.created', objectType: 'approval_policy' },
        (tx) => service.createPolicy(tx, c.get('deps'), c.get('actor'), c.req.valid('json')),
        (p) => p.id,
      );
      return c.json({ data: service.presentPolicy(policy) }, 201);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/approval-policies',
      operationId: 'listApprovalPolicies',
      access: MANAGE,
      errors: ['invalid_cursor'],
      tags,
      summary: 'Approval policies, newest first',
      request: { query: paginationQuerySchema },
      responses: { 200: jsonResponse('Policies.', approvalPolicyListSchema) },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const rows = await inTenant(c, (tx) => service.listPolicies(tx, { limit, cursor: decodeCursor(cursor) }));
      return c.json(toPage(rows, limit, service.presentPolicy), 200);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/approval-policies/{id}',
      operationId: 'getApprovalPolicy',
      access: MANAGE,
      tags,
      summary: 'An approval policy',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The policy.', dataOf(approvalPolicySchema)) },
    }),
    async (c) => {
      const policy = await inTenant(c, (tx) => service.getPolicyOrThrow(tx, c.req.valid('param').id));
      return c.json({ data: service.presentPolicy(policy) }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'patch',
      path: '/v1/approval-policies/{id}',
      operationId: 'updateApprovalPolicy',
      access: MANAGE,
      errors: ['resource_missing', 'amount_must_be_string', 'role_above_own'],
      tags,
      summary: 'Change an approval policy (transfers already waiting keep what it asked when they were created)',
      request: { params: idParamSchema, body: jsonBody(updateApprovalPolicyBodySchema) },
      responses: { 200: jsonResponse('The policy.', dataOf(approvalPolicySchema)) },
    }),
    async (c) => {
      const policy = await inTenant(c, async (tx) => {
        const before = service.presentPolicy(await service.getPolicyOrThrow(tx, c.req.valid('param').id));
        const after = service.presentPolicy(await service.updatePolicy(tx, c.get('deps'), c.get('actor'), before.id, c.req.valid('json')));
        audit(c, tx, 'approval_policy.updated', 'approval_policy', after.id, null, { before, after });
        return after;
      });
      return c.json({ data: policy }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'delete',
      path: '/v1/approval-policies/{id}',
      operationId: 'deleteApprovalPolicy',
      access: MANAGE,
      errors: ['resource_missing', 'role_above_own'],
      tags,
      summary: 'Delete an approval policy (transfers already waiting still need their approvals)',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The deleted policy.', dataOf(approvalPolicySchema)) },
    }),
    async (c) => {
      const policy = await audited(
        c,
        { action: 'approval_policy.deleted', objectType: 'approval_policy' },
        (tx) => service.deletePolicy(tx, c.get('actor'), c.req.valid('param').id),
        (p) => p.id,
      );
      return c.json({ data: service.presentPolicy(policy) }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/approvals',
      operationId: 'listApprovals',
      access: { credentials: ['user'] },
      errors: ['invalid_cursor'],
      tags,
      summary:
        'Approvals, newest first. By default the inbox: pending approvals the caller’s role may decide (each says whether the caller can decide it now)',
      request: { query: listApprovalsQuerySchema },
      responses: { 200: jsonResponse('Approvals.', approvalListSchema) },
    }),
    async (c) => {
      const { limit, cursor, ...filter } = c.req.valid('query');
      const page = await inTenant(c, async (tx) => {
        const { rows, present } = await service.listApprovals(
          tx,
          c.get('actor'),
          filter,
          { limit, cursor: decodeCursor(cursor) },
          c.get('deps').clock.now(),
        );
        return toPage(rows, limit, present);
      });
      return c.json(page, 200);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/approvals/{id}',
      operationId: 'getApproval',
      access: { credentials: ['user'] },
      tags,
      summary: 'An approval with what it decides on (a transfer, a schedule or a stream) and its decisions',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The approval.', dataOf(approvalSchema)) },
    }),
    async (c) => {
      const approval = await inTenant(c, (tx) =>
        service.getApprovalOrThrow(tx, c.get('actor'), c.req.valid('param').id, c.get('deps').clock.now()),
      );
      return c.json({ data: approval }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/transfers/{id}/approve',
      operationId: 'approveTransfer',
      access: DECIDE,
      errors: [...DECIDE_ERRORS],
      tags,
      summary:
        'Approve a transfer waiting for approval; the last approval the policy asks for moves it on (a payout to the rail, an internal transfer completed)',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The transfer.', dataOf(transferSchema)) },
    }),
    async (c) => {
      const transfer = await audited(
        c,
        { action: 'transfer.approved', objectType: 'transfer' },
        (tx) => service.approveTransfer(tx, c.get('deps'), c.get('actor'), c.req.valid('param').id),
        (t) => t.id,
      );
      return c.json({ data: transfer }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/transfers/{id}/deny',
      operationId: 'denyTransfer',
      access: DECIDE,
      errors: [...DECIDE_ERRORS],
      tags,
      summary: 'Deny a transfer waiting for approval: it ends `denied` and its held funds return to available',
      request: { params: idParamSchema, body: jsonBody(denyTransferBodySchema) },
      responses: { 200: jsonResponse('The denied transfer.', dataOf(transferSchema)) },
    }),
    async (c) => {
      const { reason } = c.req.valid('json');
      const transfer = await audited(
        c,
        { action: 'transfer.denied', objectType: 'transfer' },
        (tx) => service.denyTransfer(tx, c.get('deps'), c.get('actor'), c.req.valid('param').id, reason),
        (t) => t.id,
        reason,
      );
      return c.json({ data: transfer }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/approvals/{id}/approve',
      operationId: 'approveApproval',
      access: DECIDE,
      errors: [...DECIDE_ERRORS],
      tags,
      summary:
        'Approve what an approval decides on — a transfer, a schedule or a stream; the last approval its policy asks for moves it on (a transfer as /v1/transfers/{id}/approve does, a schedule to `active`, a stream to flowing)',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The approval, with its object after the decision.', dataOf(approvalSchema)) },
    }),
    async (c) => {
      const approval = await inTenant(c, async (tx) => {
        const decided = await service.approveApproval(tx, c.get('deps'), c.get('actor'), c.req.valid('param').id);
        const { objectType, objectId } = service.approvalObjectOf(decided);
        audit(c, tx, `${objectType}.approved`, objectType, objectId);
        return decided;
      });
      return c.json({ data: approval }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/approvals/{id}/deny',
      operationId: 'denyApproval',
      access: DECIDE,
      errors: [...DECIDE_ERRORS],
      tags,
      summary:
        'Deny what an approval decides on: a transfer ends `denied` with its held funds back to available, a schedule `denied` before any run, a stream `denied` with its funding refunded',
      request: { params: idParamSchema, body: jsonBody(denyTransferBodySchema) },
      responses: { 200: jsonResponse('The approval, with its object after the decision.', dataOf(approvalSchema)) },
    }),
    async (c) => {
      const { reason } = c.req.valid('json');
      const approval = await inTenant(c, async (tx) => {
        const decided = await service.denyApproval(tx, c.get('deps'), c.get('actor'), c.req.valid('param').id, reason);
        const { objectType, objectId } = service.approvalObjectOf(decided);
        audit(c, tx, `${objectType}.denied`, objectType, objectId, reason);
        return decided;
      });
      return c.json({ data: approval }, 200);
    },
  );
}
