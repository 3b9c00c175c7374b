import {
  createScheduledTransferBodySchema,
  dataOf,
  idParamSchema,
  listOf,
  paginationQuerySchema,
  scheduledTransferSchema,
  scheduleExecutionSchema,
  scheduleListQuerySchema,
  schedulePreviewQuerySchema,
  schedulePreviewSchema,
} from '@payos/contracts';
import { parseAmountParam } from '../../core/amount.js';
import { audited } from '../../http/audit.js';
import { AMOUNT_ERRORS } from '../../http/money.js';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import * as service from './schedules.service.js';

const tags = ['Scheduled transfers'];

export function registerScheduleRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'post',
      path: '/v1/scheduled-transfers',
      operationId: 'createScheduledTransfer',
      access: {
        credentials: ['user', 'api_key', 'agent'],
        role: 'member',
        agent: { permission: 'transactions.initiate', account: { body: 'fromAccountId' } },
      },
      errors: [
        'resource_missing',
        ...AMOUNT_ERRORS,
        'self_transfer',
        'invalid_state',
        'account_suspended',
        'limit_exceeded',
        'unsupported_corridor',
        'travel_rule_data_required',
        'rates_unavailable',
      ],
      tags,
      summary:
        'Schedule a one-off or recurring transfer (internal, or a payout to a payment method); one an approval policy matches waits in `requires_approval`',
      request: { body: jsonBody(createScheduledTransferBodySchema) },
      responses: { 201: jsonResponse('The schedule.', dataOf(scheduledTransferSchema)) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const input = { ...body, amount: parseAmountParam(body.amount, body.currency) };
      const schedule = await audited(
        c,
        { action: 'scheduled_transfer.created', objectType: 'scheduled_transfer' },
        async (tx) => service.presentSchedule(await service.createSchedule(tx, c.get('deps'), c.get('actor'), input)),
        (s) => s.id,
      );
      return c.json({ data: schedule }, 201);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/scheduled-transfers/preview',
      operationId: 'previewSchedule',
      access: { credentials: ['user', 'api_key'] },
      tags,
      summary: 'The next five run dates a rule would produce (for a create form)',
      request: { query: schedulePreviewQuerySchema },
      responses: { 200: jsonResponse('Run dates.', dataOf(schedulePreviewSchema)) },
    }),
    async (c) => {
      return c.json({ data: service.preview(c.req.valid('query'), c.get('deps').clock.now()) }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/scheduled-transfers',
      operationId: 'listScheduledTransfers',
      access: { credentials: ['user', 'api_key'] },
      errors: ['invalid_cursor'],
      tags,
      summary: 'Schedules, newest first',
      request: { query: scheduleListQuerySchema },
      responses: { 200: jsonResponse('Schedules.', listOf(scheduledTransferSchema)) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await inTenant(c, (tx) => service.listPage(tx, { status: q.status, accountId: q.accountId }, q)), 200);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/scheduled-transfers/{id}',
      operationId: 'getScheduledTransfer',
      access: { credentials: ['user', 'api_key'] },
      tags,
      summary: 'A schedule with its upcoming run dates and its ten latest executions',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The schedule.', dataOf(scheduledTransferSchema)) },
    }),
    async (c) => {
      const data = await inTenant(c, async (tx) =>
        service.scheduleWithExecutions(tx, await service.getScheduleOrThrow(tx, c.req.valid('param').id)),
      );
      return c.json({ data }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/scheduled-transfers/{id}/executions',
      operationId: 'listScheduleExecutions',
      access: { credentials: ['user', 'api_key'] },
      errors: ['invalid_cursor'],
      tags,
      summary: 'Every execution of a schedule (with attempts, errors and the transfer made), newest first',
      request: { params: idParamSchema, query: paginationQuerySchema },
      responses: { 200: jsonResponse('Executions.', listOf(scheduleExecutionSchema)) },
    }),
    async (c) => {
      const page = await inTenant(c, async (tx) => {
        const schedule = await service.getScheduleOrThrow(tx, c.req.valid('param').id);
        return service.executionsPage(tx, schedule.id, c.req.valid('query'));
      });
      return c.json(page, 200);
    },
  );

  for (const action of ['pause', 'resume', 'cancel'] as const) {
    app.openapi(
      declare({
        method: 'post',
        path: `/v1/scheduled-transfers/{id}/${action}`,
        operationId: `${action}ScheduledTransfer`,
        access: { credentials: ['user', 'api_key'], role: 'member' },
        errors: ['invalid_state'],
        tags,
        summary: {
          pause: 'Pause an active schedule',
          resume: 'Resume a paused schedule (dates missed while paused are skipped)',
          cancel: 'Cancel a schedule for good',
        }[action],
        request: { params: idParamSchema },
        responses: { 200: jsonResponse('The schedule.', dataOf(scheduledTransferSchema)) },
      }),
      async (c) => {
        const schedule = await audited(
          c,
          { action: `scheduled_transfer.${action === 'cancel' ? 'cancelled' : `${action}d`}`, objectType: 'scheduled_transfer' },
          async (tx) => service.presentSchedule(await service.changeStatus(tx, c.get('deps'), c.req.valid('param').id, action)),
          (s) => s.id,
        );
        return c.json({ data: schedule }, 200);
      },
    );
  }

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/scheduled-transfers/{id}/run-now',
      operationId: 'runScheduledTransferNow',
      access: { credentials: ['user', 'api_key'], role: 'member' },
      errors: ['invalid_state', 'rates_unavailable'],
      tags,
      summary: 'Execute one extra occurrence now; the execution says whether it succeeded',
      request: { params: idParamSchema },
      responses: { 201: jsonResponse('The execution.', dataOf(scheduleExecutionSchema)) },
    }),
    async (c) => {
      const execution = await audited(
        c,
        { action: 'scheduled_transfer.run_now', objectType: 'scheduled_transfer' },
        (tx) => service.runNow(tx, c.get('deps'), c.get('actor'), c.req.valid('param').id),
        (e) => e.scheduleId,
      );
      return c.json({ data: execution }, 201);
    },
  );
}
