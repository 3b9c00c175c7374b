import { z } from 'zod';
import {
  amountInputSchema,
  countSchema,
  currencySchema,
  idSchema,
  initiatedBySchema,
  int,
  type Meta,
  moneySchema,
  paginationQuerySchema,
  text,
  timestampSchema,
} from './common.js';
import { beneficiaryInputSchema, originatorInputSchema, travelRuleSchema } from './transfers.js';

/** Scheduled transfers: one-off or recurring internal transfers and payouts, and their executions. */

export const FREQUENCIES = ['once', 'daily', 'weekly', 'biweekly', 'monthly'] as const;
export const frequencySchema = z.enum(FREQUENCIES).meta({ example: 'monthly' });
export type Frequency = z.output<typeof frequencySchema>;

/** `requires_approval`: an approval policy matched at creation, no run until approved; `denied` / `expired` end it. */
export const SCHEDULE_STATUSES = ['requires_approval', 'active', 'paused', 'completed', 'cancelled', 'denied', 'expired'] as const;
export const scheduleStatusSchema = z.enum(SCHEDULE_STATUSES).meta({ example: 'active' });
export type ScheduleStatus = z.output<typeof scheduleStatusSchema>;

/** How many upcoming run dates a schedule (and a preview) shows. */
export const SCHEDULE_UPCOMING_RUNS = 5;
/** How many executions a schedule's detail carries; the rest are paged under /executions. */
export const SCHEDULE_RECENT_EXECUTIONS = 10;
export const MAX_SCHEDULE_OCCURRENCES = 10_000;

/** A calendar date in a response: YYYY-MM-DD. */
const dateSchema = (meta: Meta = {}) =>
  z.iso
    .date()
    .max(10)
    .meta({ example: '2026-12-31', ...meta });

/** A calendar date in a request: YYYY-MM-DD, and a real one (no 30 February). */
const dateInputSchema = (meta: Meta) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-12-01')
    .refine(
      (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
      'must be a real date',
    )
    .max(10)
    .meta(meta);

/** An integer field of the rule; coerced, so the same fields serve the preview's query string. */
const ruleInt = (min: number, max: number, meta: Meta) =>
  z.coerce
    .number<number>()
    .int()
    .min(min)
    .max(max)
    .meta({ format: 'int32', ...meta });

const ruleFields = {
  frequency: frequencySchema,
  interval: ruleInt(1, 365, { example: 1, description: 'Every N days/weeks/periods/months.' }).optional(),
  dayOfWeek: ruleInt(0, 6, { example: 5, description: '0 = Sunday; must be startDate’s day.' }).optional(),
  dayOfMonth: ruleInt(1, 31, { example: 31, description: 'Monthly: months without this day use their last day.' }).optional(),
  startDate: dateInputSchema({ example: '2026-12-31', description: 'The first run, in `timezone`.' }),
  endDate: dateInputSchema({ example: '2027-12-31', description: 'Inclusive.' }).optional(),
  maxOccurrences: ruleInt(1, MAX_SCHEDULE_OCCURRENCES, { example: 12 }).optional(),
  timezone: z.string().min(1).max(64).optional().meta({ example: 'America/Mexico_City', description: 'IANA zone; default UTC.' }),
};

export const createScheduledTransferBodySchema = z
  .strictObject({
    fromAccountId: idSchema(),
    toAccountId: idSchema({ description: 'Internal transfer to this account…' }).optional(),
    paymentMethodId: idSchema({ description: '…or a payout to this payment method.' }).optional(),
    amount: amountInputSchema,
    currency: currencySchema,
    description: z.string().trim().max(500).optional().meta({ example: 'Office rent' }),
    originator: originatorInputSchema
      .optional()
      .meta({ description: 'Travel rule, for a payout schedule: each run’s payout carries it (required at or above the threshold).' }),
    beneficiary: beneficiaryInputSchema.optional(),
    ...ruleFields,
  })
  .meta({ id: 'CreateScheduledTransferRequest' });
export type CreateScheduledTransferRequest = z.input<typeof createScheduledTransferBodySchema>;

/** The rule alone: `GET /v1/scheduled-transfers/preview` answers the dates it would run on. */
export const schedulePreviewQuerySchema = z.object(ruleFields);
export type SchedulePreviewQuery = z.input<typeof schedulePreviewQuerySchema>;

export const scheduleListQuerySchema = paginationQuerySchema.extend({
  status: scheduleStatusSchema.optional(),
  accountId: idSchema({ description: 'Schedules sending from or to this account.' }).optional(),
});
export type ScheduleListQuery = z.input<typeof scheduleListQuerySchema>;

export const scheduleExecutionSchema = z
  .object({
    id: idSchema(),
    scheduleId: idSchema({ example: '5c4b3a29-1807-4f6e-9d5c-4b3a29180f6e' }),
    kind: z.enum(['scheduled', 'manual']).meta({ example: 'scheduled' }),
    occurrenceDate: dateSchema({ description: 'The local date (in the schedule’s time zone) this execution is for.' }),
    scheduledFor: timestampSchema({ example: '2026-12-31T06:00:00.000Z' }),
    status: z.enum(['succeeded', 'retrying', 'failed']).meta({ example: 'succeeded' }),
    attempts: int(1, 100, { example: 1, description: 'The first attempt and its retries (after 24 h, 48 h and 96 h).' }),
    nextAttemptAt: timestampSchema({ description: 'When a retrying execution is tried again.' }).nullable(),
    transferId: idSchema({ description: 'The transfer or payout made, once succeeded.' }).nullable(),
    error: z
      .object({
        code: z
          .string()
          .max(100)
          .regex(/^[a-z][a-z0-9_]*$/)
          .meta({ example: 'insufficient_funds' }),
        message: text(1000, { example: 'The account’s available balance is too low.' }).nullable(),
      })
      .nullable()
      .meta({ example: null, description: 'Why the last attempt was refused.' }),
    createdAt: timestampSchema(),
    updatedAt: timestampSchema(),
  })
  .meta({ id: 'ScheduleExecution' });
export type ScheduleExecution = z.output<typeof scheduleExecutionSchema>;

export const scheduledTransferSchema = z
  .object({
    id: idSchema({ example: '5c4b3a29-1807-4f6e-9d5c-4b3a29180f6e' }),
    status: scheduleStatusSchema,
    fromAccountId: idSchema(),
    toAccountId: idSchema().nullable(),
    paymentMethodId: idSchema().nullable(),
    amount: moneySchema({ example: '2500.00' }),
    currency: currencySchema,
    description: text(500, { example: 'Office rent' }).nullable(),
    frequency: frequencySchema,
    interval: int(1, 365, { example: 1 }),
    dayOfWeek: int(0, 6, { example: 5, description: '0 = Sunday (weekly and biweekly).' }).nullable(),
    dayOfMonth: int(1, 31, { example: 31, description: 'Monthly.' }).nullable(),
    startDate: dateSchema(),
    endDate: dateSchema({ example: '2027-12-31' }).nullable(),
    maxOccurrences: int(1, MAX_SCHEDULE_OCCURRENCES, { example: 12 }).nullable(),
    timezone: text(64, { example: 'America/Mexico_City' }),
    occurrencesRun: countSchema({ example: 3 }),
    nextRunAt: timestampSchema({ example: '2026-12-31T06:00:00.000Z', description: 'null once paused or ended.' }).nullable(),
    upcomingRuns: z
      .array(dateSchema())
      .max(SCHEDULE_UPCOMING_RUNS)
      .meta({ example: ['2026-12-31', '2027-01-31', '2027-02-28'] }),
    initiatedBy: initiatedBySchema,
    travelRule: travelRuleSchema
      .nullable()
      .meta({ description: 'The originator and beneficiary each run’s payout carries (masked as a payout’s); null when none was given.' }),
    recentExecutions: z
      .array(scheduleExecutionSchema)
      .max(SCHEDULE_RECENT_EXECUTIONS)
      .optional()
      .meta({ description: 'The latest executions (on GET /v1/scheduled-transfers/{id} only).' }),
    createdAt: timestampSchema(),
    updatedAt: timestampSchema(),
  })
  .meta({ id: 'ScheduledTransfer' });
export type ScheduledTransfer = z.output<typeof scheduledTransferSchema>;

export const schedulePreviewSchema = z.object({
  upcomingRuns: z
    .array(dateSchema())
    .max(SCHEDULE_UPCOMING_RUNS)
    .meta({ example: ['2026-12-31', '2027-01-31', '2027-02-28'] }),
});
export type SchedulePreview = z.output<typeof schedulePreviewSchema>;
