import { z } from '@hono/zod-openapi';
import { idParamSchema } from '@payos/contracts';
import { audited } from '../../http/audit.js';
import { AMOUNT_ERRORS, amountInputSchema, currencySchema } from '../../http/money.js';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { listSchema, paginationQuerySchema } from '../../http/pagination.js';
import { dataOf, jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import { upcoming } from './recurrence.js';
import * as service from './schedules.service.js';

const tags = ['Scheduled transfers'];

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-12-01')
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'must be a real date',
  );
const frequencySchema = z.enum(['once', 'daily', 'weekly', 'biweekly', 'monthly']).openapi({ example: 'monthly' });
const statusSchema = z.enum(['active', 'paused', 'completed', 'cancelled']);

const ruleFields = {
  frequency: frequencySchema,
  interval: z.coerce.number().int().min(1).max(365).optional().openapi({ example: 1, description: 'Every N days/weeks/periods/months.' }),
  dayOfWeek: z.coerce.number().int().min(0).max(6).optional().openapi({ example: 5, description: '0 = Sunday; must be startDate’s day.' }),
  dayOfMonth: z.coerce
    .number()
    .int()
    .min(1)
    .max(31)
    .optional()
    .openapi({ example: 31, description: 'Monthly: months without this day use their last day.' }),
  startDate: isoDate.openapi({ example: '2026-12-31', description: 'The first run, in `timezone`.' }),
  endDate: isoDate.optional().openapi({ example: '2027-12-31', description: 'Inclusive.' }),
  maxOccurrences: z.coerce.number().int().min(1).max(10_000).optional().openapi({ example: 12 }),
  timezone: z.string().min(1).max(64).optional().openapi({ example: 'America/Mexico_City', description: 'IANA zone; default UTC.' }),
};

const createBodySchema = z
  .strictObject({
    fromAccountId: z.uuid().openapi({ example: '7d1f3c2e-5b6a-4c8d-9e0f-1a2b3c4d5e6f' }),
    toAccountId: z.uuid().optional().openapi({ description: 'Internal transfer to this account…' }),
    paymentMethodId: z.uuid().optional().openapi({ description: '…or a payout to this payment method.' }),
    amount: amountInputSchema,
    currency: currencySchema,
    description: z.string().trim().max(500).optional().openapi({ example: 'Office rent' }),
    ...ruleFields,
  })
  .openapi('CreateScheduledTransferRequest');

const executionSchema = z
  .object({
    id: z.uuid(),
    scheduleId: z.uuid(),
    kind: z.enum(['scheduled', 'manual']).openapi({ example: 'scheduled' }),
    occurrenceDate: z.string().openapi({ example: '2026-12-31' }),
    scheduledFor: z.string().openapi({ example: '2026-12-31T06:00:00.000Z' }),
    status: z.enum(['succeeded', 'retrying', 'failed']).openapi({ example: 'succeeded' }),
    attempts: z.number().int().openapi({ example: 1 }),
    nextAttemptAt: z.string().nullable().openapi({ example: null }),
    transferId: z.uuid().nullable(),
    error: z.object({ code: z.string(), message: z.string().nullable() }).nullable().openapi({ example: null }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ScheduleExecution');

const scheduleSchema = z
  .object({
    id: z.uuid().openapi({ example: '5c4b3a29-1807-4f6e-9d5c-4b3a29180f6e' }),
    status: statusSchema.openapi({ example: 'active' }),
    fromAccountId: z.uuid(),
    toAccountId: z.uuid().nullable(),
    paymentMethodId: z.uuid().nullable(),
    amount: z.string().openapi({ example: '2500.00' }),
    currency: z.string().openapi({ example: 'USDC' }),
    description: z.string().nullable().openapi({ example: 'Office rent' }),
    frequency: frequencySchema,
    interval: z.number().int(),
    dayOfWeek: z.number().int().nullable(),
    dayOfMonth: z.number().int().nullable(),
    startDate: z.string(),
    endDate: z.string().nullable(),
    maxOccurrences: z.number().int().nullable(),
    timezone: z.string().openapi({ example: 'America/Mexico_City' }),
    occurrencesRun: z.number().int().openapi({ example: 3 }),
    nextRunAt: z.string().nullable().openapi({ example: '2026-12-31T06:00:00.000Z', description: 'null once paused or ended.' }),
    upcomingRuns: z.array(z.string()).openapi({ example: ['2026-12-31', '2027-01-31', '2027-02-28'] }),
    initiatedBy: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
    recentExecutions: z.array(executionSchema).optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ScheduledTransfer');

const listQuerySchema = paginationQuerySchema.extend({
  status: statusSchema.optional(),
  accountId: z.uuid().optional().openapi({ description: 'Schedules sending from or to this account.' }),
});

const previewQuerySchema = z.object(ruleFields);

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
      ],
      tags,
      summary: 'Schedule a one-off or recurring transfer (internal, or a payout to a payment method)',
      request: { body: jsonBody(createBodySchema) },
      responses: { 201: jsonResponse('The schedule.', dataOf(scheduleSchema)) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const schedule = await audited(
        c,
        { action: 'scheduled_transfer.created', objectType: 'scheduled_transfer' },
        async (tx) => service.presentSchedule(await service.createSchedule(tx, c.get('deps'), c.get('actor'), body)),
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
      request: { query: previewQuerySchema },
      responses: { 200: jsonResponse('Run dates.', dataOf(z.object({ upcomingRuns: z.array(z.string()) }))) },
    }),
    async (c) => {
      const rule = service.validateRule(c.req.valid('query'), c.get('deps').clock.now());
      return c.json({ data: { upcomingRuns: upcoming(rule, 0, 5) } }, 200);
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
      request: { query: listQuerySchema },
      responses: { 200: jsonResponse('Schedules.', listSchema(scheduleSchema)) },
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
      responses: { 200: jsonResponse('The schedule.', dataOf(scheduleSchema)) },
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
      responses: { 200: jsonResponse('Executions.', listSchema(executionSchema)) },
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
        responses: { 200: jsonResponse('The schedule.', dataOf(scheduleSchema)) },
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
      errors: ['invalid_state'],
      tags,
      summary: 'Execute one extra occurrence now; the execution says whether it succeeded',
      request: { params: idParamSchema },
      responses: { 201: jsonResponse('The execution.', dataOf(executionSchema)) },
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
