import {
  agentActivityQuerySchema,
  agentActivitySchema,
  agentLimitsSchema,
  agentListQuerySchema,
  agentSchema,
  agentWithTokenSchema,
  createAgentBodySchema,
  dataOf,
  idParamSchema,
  listOf,
  updateAgentBodySchema,
  verificationBodySchema,
} from '@payos/contracts';
import { audited } from '../../http/audit.js';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import { requireReasonInLive } from '../../http/verification.js';
import * as service from './agents.service.js';

const tags = ['Agents'];

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
      request: { body: jsonBody(createAgentBodySchema) },
      responses: { 201: jsonResponse('The agent with its token.', dataOf(agentWithTokenSchema)) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const data = await audited(
        c,
        { action: 'agent.created', objectType: 'agent' },
        async (tx) => {
          const { agent, token } = await service.createAgent(tx, c.get('deps'), c.get('actor'), body);
          return service.presentAgentWithToken(agent, token);
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
      request: { query: agentListQuerySchema },
      responses: { 200: jsonResponse('Agents.', listOf(agentSchema)) },
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
      request: { params: idParamSchema, body: jsonBody(updateAgentBodySchema) },
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
          const { agent, token } = await service.rotateToken(tx, c.get('deps'), c.get('actor'), c.req.valid('param').id);
          return service.presentAgentWithToken(agent, token);
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
      errors: ['rates_unavailable'],
      tags,
      summary: 'KYA tier, own and account limits, the effective one and what caps it, usage and what remains',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('Limits in USD.', dataOf(agentLimitsSchema)) },
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
      request: { params: idParamSchema, query: agentActivityQuerySchema },
      responses: { 200: jsonResponse('Activity.', listOf(agentActivitySchema)) },
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
