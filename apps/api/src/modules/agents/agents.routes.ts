import { z } from '@hono/zod-openapi';
import { idParamSchema } from '@payos/contracts';
import { audited } from '../../http/audit.js';
import { decimalString } from '../../http/money.js';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { listSchema, paginationQuerySchema } from '../../http/pagination.js';
import { dataOf, jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import { requireReasonInLive, verificationBodySchema } from '../../http/verification.js';
import { AGENT_PERMISSIONS } from './agents.permissions.js';
import * as service from './agents.service.js';

const tags = ['Agents'];

const usdLimit = decimalString()
  .regex(/^\d{1,13}(\.\d{1,2})?$/, 'must be a USD amount such as 1000.00')
  .nullable()
  .optional()
  .openapi({ example: '500.00' });
const limitsSchema = z
  .strictObject({ perTransaction: usdLimit, daily: usdLimit, monthly: usdLimit })
  .openapi({ description: 'USD; null removes a limit.' });
const permissionsSchema = z
  .array(z.enum(AGENT_PERMISSIONS))
  .max(AGENT_PERMISSIONS.length)
  .transform((p) => [...new Set(p)])
  .openapi({ example: ['accounts.view', 'transactions.initiate'] });

const agentSchema = z
  .object({
    id: z.uuid().openapi({ example: '0f7e6d5c-4b3a-4291-8f7e-6d5c4b3a2918' }),
    accountId: z.uuid(),
    name: z.string().openapi({ example: 'Payroll Autopilot' }),
    description: z.string().nullable(),
    type: z.enum(['payment', 'treasury', 'compliance', 'custom']).openapi({ example: 'payment' }),
    status: z.enum(['active', 'suspended', 'deleted']).openapi({ example: 'active' }),
    suspendedReason: z.string().nullable().openapi({ example: null, description: 'manual, or account_suspended.' }),
    kyaTier: z.number().int().openapi({ example: 2 }),
    permissions: z.array(z.string()),
    limits: z.object({ perTransaction: z.string().nullable(), daily: z.string().nullable(), monthly: z.string().nullable() }),
    tokenPrefix: z.string().openapi({ example: 'agent_Zx81Kq0vNs3t', description: 'Non-secret start of the token.' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Agent');
const agentWithTokenSchema = agentSchema.extend({
  token: z.string().openapi({ example: 'agent_Zx81Kq0vNs3t…', description: 'Shown once; use it as `Authorization: Bearer agent_…`.' }),
});

const limitRow = z.object({
  kyaTier: z.string(),
  agent: z.string().nullable(),
  accountTier: z.string(),
  effective: z.string(),
  cappedBy: z.enum(['kya_tier', 'agent', 'account_tier']),
  used: z.string().optional(),
  remaining: z.string().optional(),
});
const limitsReportSchema = z
  .object({ currency: z.literal('USD'), perTransaction: limitRow, daily: limitRow, monthly: limitRow })
  .openapi('AgentLimits');

const activitySchema = z
  .object({
    id: z.uuid(),
    action: z.string().openapi({ example: 'createTransfer' }),
    method: z.string().openapi({ example: 'POST' }),
    path: z.string().openapi({ example: '/v1/transfers' }),
    objectId: z.string().nullable(),
    statusCode: z.number().int().openapi({ example: 201 }),
    result: z.enum(['succeeded', 'refused', 'failed']),
    errorCode: z.string().nullable().openapi({ example: null }),
    requestId: z.string().nullable(),
    at: z.string(),
  })
  .openapi('AgentActivity');

const createBodySchema = z
  .strictObject({
    accountId: z.uuid().openapi({ description: 'A business account the agent acts for.' }),
    name: z.string().trim().min(1).max(200).openapi({ example: 'Payroll Autopilot' }),
    description: z.string().trim().max(1000).optional(),
    type: z.enum(['payment', 'treasury', 'compliance', 'custom']).optional().openapi({ example: 'payment' }),
    permissions: permissionsSchema.optional(),
    limits: limitsSchema.optional(),
  })
  .openapi('CreateAgentRequest');

const updateBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().max(1000).nullable().optional(),
    permissions: permissionsSchema.optional(),
    limits: limitsSchema.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'provide at least one field')
  .openapi('UpdateAgentRequest');

export function registerAgentRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'post',
      path: '/v1/agents',
      operationId: 'createAgent',
      access: { credentials: ['user', 'api_key'], role: 'member', idempotent: 'secret' },
      errors: ['resource_missing', 'invalid_account_type', 'invalid_state', 'amount_must_be_string'],
      tags,
      summary: 'Create an agent for a business account (its token is returned once)',
      request: { body: jsonBody(createBodySchema) },
      responses: { 201: jsonResponse('The agent with its token.', dataOf(agentWithTokenSchema)) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const data = await audited(
        c,
        { action: 'agent.created', objectType: 'agent' },
        async (tx) => {
          const { agent, token } = await service.createAgent(tx, c.get('deps'), c.get('actor'), body);
          return { ...service.presentAgent(agent), token };
        },
        (a) => a.id,
      );
      return c.json({ data }, 201);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/agents',
      operationId: 'listAgents',
      access: { credentials: ['user', 'api_key'] },
      errors: ['invalid_cursor'],
      tags,
      summary: 'Agents, newest first',
      request: {
        query: paginationQuerySchema.extend({ accountId: z.uuid().optional(), status: z.enum(['active', 'suspended']).optional() }),
      },
      responses: { 200: jsonResponse('Agents.', listSchema(agentSchema)) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await inTenant(c, (tx) => service.listPage(tx, { accountId: q.accountId, status: q.status }, q));
      return c.json(page, 200);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/agents/{id}',
      operationId: 'getAgent',
      access: { credentials: ['user', 'api_key'] },
      tags,
      summary: 'One agent',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The agent.', dataOf(agentSchema)) },
    }),
    async (c) => {
      const data = await inTenant(c, async (tx) => service.presentAgent(await service.getAgentOrThrow(tx, c.req.valid('param').id)));
      return c.json({ data }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'patch',
      path: '/v1/agents/{id}',
      operationId: 'updateAgent',
      access: { credentials: ['user', 'api_key'], role: 'member' },
      errors: ['amount_must_be_string', 'invalid_state'],
      tags,
      summary: 'Rename, describe, set permissions or own limits',
      request: { params: idParamSchema, body: jsonBody(updateBodySchema) },
      responses: { 200: jsonResponse('The agent.', dataOf(agentSchema)) },
    }),
    async (c) => {
      const data = await audited(
        c,
        { action: 'agent.updated', objectType: 'agent' },
        async (tx) => service.presentAgent(await service.updateAgent(tx, c.get('deps'), c.req.valid('param').id, c.req.valid('json'))),
        (a) => a.id,
      );
      return c.json({ data }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'delete',
      path: '/v1/agents/{id}',
      operationId: 'deleteAgent',
      access: { credentials: ['user', 'api_key'], role: 'member' },
      errors: ['invalid_state'],
      tags,
      summary: 'Delete an agent; its token stops working at once',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The deleted agent.', dataOf(agentSchema)) },
    }),
    async (c) => {
      const data = await audited(
        c,
        { action: 'agent.deleted', objectType: 'agent' },
        async (tx) => service.presentAgent(await service.changeAgent(tx, c.get('deps'), c.req.valid('param').id, 'delete')),
        (a) => a.id,
      );
      return c.json({ data }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/agents/{id}/verify',
      operationId: 'verifyAgent',
      access: {
        credentials: ['user'],
        role: 'admin',
        live: { credentials: ['user'], role: 'admin', why: 'KYA verification is an owner/admin decision and records a reason.' },
      },
      errors: ['invalid_state'],
      tags,
      summary: 'Set the KYA tier (simulated Know-Your-Agent in test; in live an owner/admin decision with a recorded reason)',
      request: { params: idParamSchema, body: jsonBody(verificationBodySchema) },
      responses: { 200: jsonResponse('The agent.', dataOf(agentSchema)) },
    }),
    async (c) => {
      const data = await audited(
        c,
        { action: 'agent.verified', objectType: 'agent' },
        async (tx) =>
          service.presentAgent(await service.changeAgent(tx, c.get('deps'), c.req.valid('param').id, 'verify', c.req.valid('json').tier)),
        (a) => a.id,
        requireReasonInLive(c, c.req.valid('json').reason),
      );
      return c.json({ data }, 200);
    },
  );

  for (const action of ['suspend', 'activate'] as const) {
    app.openapi(
      declare({
        method: 'post',
        path: `/v1/agents/{id}/${action}`,
        operationId: `${action}Agent`,
        access: { credentials: ['user', 'api_key'], role: 'member' },
        errors: ['invalid_state', 'account_suspended'],
        tags,
        summary:
          action === 'suspend' ? 'Suspend an agent: its calls are refused' : 'Activate a suspended agent (its account must be active)',
        request: { params: idParamSchema },
        responses: { 200: jsonResponse('The agent.', dataOf(agentSchema)) },
      }),
      async (c) => {
        const data = await audited(
          c,
          { action: `agent.${action}d`, objectType: 'agent' },
          async (tx) => service.presentAgent(await service.changeAgent(tx, c.get('deps'), c.req.valid('param').id, action)),
          (a) => a.id,
        );
        return c.json({ data }, 200);
      },
    );
  }

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/agents/{id}/rotate-token',
      operationId: 'rotateAgentToken',
      access: { credentials: ['user', 'api_key'], role: 'member', idempotent: 'secret' },
      errors: ['invalid_state'],
      tags,
      summary: 'Issue a new token; the old one stops working at once',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The agent with its new token.', dataOf(agentWithTokenSchema)) },
    }),
    async (c) => {
      const data = await audited(
        c,
        { action: 'agent.token_rotated', objectType: 'agent' },
        async (tx) => {
          const { agent, token } = await service.rotateToken(tx, c.get('deps'), c.req.valid('param').id);
          return { ...service.presentAgent(agent), token };
        },
        (a) => a.id,
      );
      return c.json({ data }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/agents/{id}/limits',
      operationId: 'getAgentLimits',
      access: { credentials: ['user', 'api_key'] },
      tags,
      summary: 'KYA tier, own and account limits, the effective one and what caps it, usage and what remains',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('Limits in USD.', dataOf(limitsReportSchema)) },
    }),
    async (c) => {
      const data = await inTenant(c, async (tx) =>
        service.agentLimits(tx, c.get('deps'), await service.getAgentOrThrow(tx, c.req.valid('param').id)),
      );
      return c.json({ data }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/agents/{id}/activity',
      operationId: 'listAgentActivity',
      access: { credentials: ['user', 'api_key'] },
      errors: ['invalid_cursor'],
      tags,
      summary: 'Every call the agent made, with its result, newest first',
      request: {
        params: idParamSchema,
        query: paginationQuerySchema.extend({
          result: z.enum(['succeeded', 'refused', 'failed']).optional(),
          action: z.string().max(60).optional().openapi({ example: 'createTransfer' }),
        }),
      },
      responses: { 200: jsonResponse('Activity.', listSchema(activitySchema)) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await inTenant(c, async (tx) => {
        const agent = await service.getAgentOrThrow(tx, c.req.valid('param').id);
        return service.activityPage(tx, agent.id, { result: q.result, action: q.action }, q);
      });
      return c.json(page, 200);
    },
  );
}
