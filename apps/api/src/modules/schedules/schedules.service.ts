import { randomUUID } from 'node:crypto';
import {
  type CreatePayoutRequest,
  type List,
  SCHEDULE_RECENT_EXECUTIONS,
  SCHEDULE_UPCOMING_RUNS,
  type ScheduledTransfer,
  type ScheduleExecution,
  type SchedulePreview,
} from '@payos/contracts';
import type { Claimed, Database, Queryable } from '@payos/db';
import { type Amount, type Currency, formatAmount, Money } from '@payos/money';
import type { Actor } from '../../core/actor.js';
import { decodeCursor, toPage } from '../../core/cursor.js';
import { AppError, businessRule, invalidRequest, notFound } from '../../core/errors.js';
import { getAccountOrThrow } from '../accounts/accounts.service.js';
import { agentActorFor } from '../agents/agents.service.js';
import { cancelPendingRequestOf, creationApprovalNeeded, insertRequests, requestRow } from '../approvals/matching.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvent } from '../events/events.service.js';
import { getSendingMethodOrThrow } from '../payment-methods/payment-methods.service.js';
import { createInternalTransfer } from '../transfers/internal.service.js';
import { createPayout, type PayoutDeps } from '../transfers/payout.service.js';
import { checkPayoutControls } from '../transfers/controls.js';
import { assertAgentSendsFrom, canonicalId, canonicalIdOrUndefined, presentTravelRule } from '../transfers/transfers.service.js';
import {
  dayOfMonthOf,
  dayOfWeekOf,
  daysInMonthOf,
  type Frequency,
  firstIndexOnOrAfter,
  isValidTimeZone,
  localToday,
  occurrenceDate,
  type RecurrenceRule,
  runInstant,
  upcoming,
} from './recurrence.js';
import { getPolicies } from '../settings/settings.service.js';
import * as repo from './schedules.repo.js';

export type { ScheduleRow } from './schedules.repo.js';

const HOUR_MS = 60 * 60 * 1000;

/**
 * The delay before the retry that follows failed attempt `attempt` (1-based) under the tenant
 * environment's `schedules.retry` setting (default: 3 retries, 24 h, 48 h, 96 h; the last interval
 * repeats when there are more retries than intervals), or undefined when no retry is left.
 */
export function retryDelayMs(retry: { maxAttempts: number; intervalsHours: number[] }, attempt: number): number | undefined {
  if (attempt > retry.maxAttempts) return undefined;
  const hours = retry.intervalsHours[Math.min(attempt, retry.intervalsHours.length) - 1];
  return hours === undefined ? undefined : hours * HOUR_MS;
}

export type ScheduleInput = {
  fromAccountId: string;
  toAccountId?: string;
  paymentMethodId?: string;
  /** Parsed for `currency` by the caller (the route: parseAmountParam). */
  amount: Amount;
  currency: Currency;
  frequency: Frequency;
  interval?: number;
  dayOfWeek?: number;
  dayOfMonth?: number;
  startDate: string;
  endDate?: string;
  maxOccurrences?: number;
  timezone?: string;
  description?: string;
  /** Travel rule data, for a payout schedule: each run's payout carries it. */
  originator?: CreatePayoutRequest['originator'];
  beneficiary?: CreatePayoutRequest['beneficiary'];
};

export const ruleOf = (s: repo.ScheduleRow): RecurrenceRule => ({
  frequency: s.frequency,
  interval: s.interval_count,
  dayOfMonth: s.day_of_month,
  startDate: s.start_date,
  endDate: s.end_date,
  maxOccurrences: s.max_occurrences,
  timezone: s.timezone,
});

/**
 * Checks a recurrence and fills its defaults. The first run is on startDate, so a given dayOfWeek
 * (weekly) or dayOfMonth (monthly) must be startDate's — or, for a dayOfMonth past the end of
 * startDate's month, startDate must be that month's last day. Errors: 400 with the offending param.
 */
export function validateRule(input: RuleInput, now: Date): RecurrenceRule & { dayOfWeek: number | null } {
  const timezone = input.timezone ?? 'UTC';
  if (!isValidTimeZone(timezone))
    throw invalidRequest('parameter_invalid', `${timezone} is not an IANA time zone such as America/Mexico_City.`, 'timezone');
  if (input.startDate < localToday(now, timezone)) {
    throw invalidRequest('parameter_invalid', `startDate is in the past in ${timezone}.`, 'startDate');
  }
  if (input.endDate && input.endDate < input.startDate)
    throw invalidRequest('parameter_invalid', 'endDate is before startDate.', 'endDate');
  const weekly = input.frequency === 'weekly' || input.frequency === 'biweekly';
  if (input.dayOfWeek !== undefined) {
    if (!weekly) throw invalidRequest('parameter_invalid', 'dayOfWeek applies to weekly and biweekly schedules.', 'dayOfWeek');
    if (input.dayOfWeek !== dayOfWeekOf(input.startDate)) {
      throw invalidRequest(
        'parameter_invalid',
        'The first run is on startDate: dayOfWeek must be startDate’s day (0 = Sunday).',
        'dayOfWeek',
      );
    }
  }
  if (input.dayOfMonth !== undefined) {
    if (input.frequency !== 'monthly') throw invalidRequest('parameter_invalid', 'dayOfMonth applies to monthly schedules.', 'dayOfMonth');
    const startDay = dayOfMonthOf(input.startDate);
    const lastDay = daysInMonthOf(input.startDate);
    if (input.dayOfMonth !== startDay && !(input.dayOfMonth > lastDay && startDay === lastDay)) {
      throw invalidRequest('parameter_invalid', 'The first run is on startDate: dayOfMonth must be startDate’s day.', 'dayOfMonth');
    }
  }
  if (input.frequency === 'once' && (input.interval ?? 1) !== 1)
    throw invalidRequest('parameter_invalid', 'A one-off schedule has no interval.', 'interval');
  return {
    frequency: input.frequency,
    interval: input.interval ?? 1,
    dayOfMonth: input.frequency === 'monthly' ? (input.dayOfMonth ?? dayOfMonthOf(input.startDate)) : null,
    dayOfWeek: weekly ? (input.dayOfWeek ?? dayOfWeekOf(input.startDate)) : null,
    startDate: input.startDate,
    endDate: input.endDate ?? null,
    maxOccurrences: input.maxOccurrences ?? null,
    timezone,
  };
}

type RuleInput = Pick<
  ScheduleInput,
  'frequency' | 'interval' | 'dayOfWeek' | 'dayOfMonth' | 'startDate' | 'endDate' | 'maxOccurrences' | 'timezone'
>;

/** The dates a rule would run on first (for a create form). Errors: those of validateRule. */
export function preview(input: RuleInput, now: Date): SchedulePreview {
  return { upcomingRuns: upcoming(validateRule(input, now), 0, SCHEDULE_UPCOMING_RUNS) };
}

export function presentSchedule(s: repo.ScheduleRow, extras: { recentExecutions?: ScheduleExecution[] } = {}): ScheduledTransfer {
  const live = s.status === 'active' || s.status === 'paused' || s.status === 'requires_approval';
  return {
    id: s.id,
    status: s.status,
    fromAccountId: s.from_account_id,
    toAccountId: s.to_account_id,
    paymentMethodId: s.payment_method_id,
    amount: formatAmount(s.amount, s.currency),
    currency: s.currency,
    description: s.description,
    frequency: s.frequency,
    interval: s.interval_count,
    dayOfWeek: s.day_of_week,
    dayOfMonth: s.day_of_month,
    startDate: s.start_date,
    endDate: s.end_date,
    maxOccurrences: s.max_occurrences,
    timezone: s.timezone,
    occurrencesRun: s.occurrences_run,
    nextRunAt: s.status === 'active' && s.next_run_at ? s.next_run_at.toISOString() : null,
    upcomingRuns: live ? upcoming(ruleOf(s), s.next_index, SCHEDULE_UPCOMING_RUNS) : [],
    initiatedBy: { type: s.initiated_by_type, id: s.initiated_by_id, name: s.initiated_by_name },
    travelRule: presentTravelRule(s.travel_rule),
    ...(extras.recentExecutions ? { recentExecutions: extras.recentExecutions } : {}),
    createdAt: s.created_at.toISOString(),
    updatedAt: s.updated_at.toISOString(),
  };
}

export const presentOccurrence = (o: repo.OccurrenceRow): ScheduleExecution => ({
  id: o.id,
  scheduleId: o.schedule_id,
  kind: o.kind,
  occurrenceDate: o.occurrence_date,
  scheduledFor: o.scheduled_for.toISOString(),
  status: o.status,
  attempts: o.attempts,
  nextAttemptAt: o.next_attempt_at?.toISOString() ?? null,
  transferId: o.transfer_id,
  error: o.last_error_code ? { code: o.last_error_code, message: o.last_error_message } : null,
  createdAt: o.created_at.toISOString(),
  updatedAt: o.updated_at.toISOString(),
});

/**
 * Creates a schedule. Ids are taken in canonical form; the destination must be usable by the sending
 * account — another account of the tenant, or one of the sending account's own payment methods — and an
 * agent schedules only from its own account. Each run checks all of it again (see `attempt`).
 * A schedule whose creator and amount per run match an approval policy (a payout's or an internal
 * transfer's, by its destination) is created `requires_approval`, with no next run until it is
 * approved (approveSchedule); its runs are then not matched against the policies again.
 * Errors: 400 rule / destination (exactly one of toAccountId, paymentMethodId; not the source
 * account; travel rule data on an internal schedule); 404 naming fromAccountId, toAccountId or
 * paymentMethodId (another account's method too); 422 account_suspended, travel_rule_data_required (a payout schedule
 * at or above the threshold without it: each run would be refused); 503 rates_unavailable (USD figures).
 */
export async function createSchedule(tx: Queryable, deps: Pick<PayoutDeps, 'clock' | 'fx'>, actor: Actor, input: ScheduleInput) {
  const now = deps.clock.now();
  const fromAccountId = canonicalId(input.fromAccountId);
  const toAccountId = canonicalIdOrUndefined(input.toAccountId);
  const paymentMethodId = canonicalIdOrUndefined(input.paymentMethodId);
  const { amount } = input;
  if (Boolean(toAccountId) === Boolean(paymentMethodId)) {
    throw invalidRequest('parameter_invalid', 'A schedule needs exactly one of toAccountId or paymentMethodId.', 'toAccountId');
  }
  if (toAccountId === fromAccountId) {
    throw invalidRequest('self_transfer', 'fromAccountId and toAccountId must be different accounts.', 'toAccountId');
  }
  assertAgentSendsFrom(actor, fromAccountId);
  const rule = validateRule(input, now);
  const from = await getAccountOrThrow(tx, fromAccountId, 'fromAccountId');
  if (from.status === 'closed') throw notFound('account', 'fromAccountId');
  // Refused now rather than at every run (each run checks it again).
  if (from.verification_status === 'suspended') {
    throw businessRule('account_suspended', 'This account is suspended and cannot send money: it cannot schedule transfers either.');
  }
  if (toAccountId) {
    const to = await getAccountOrThrow(tx, toAccountId, 'toAccountId');
    if (to.status === 'closed') throw notFound('account', 'toAccountId');
  } else {
    await getSendingMethodOrThrow(tx, from.id, paymentMethodId as string);
  }
  const parties = { originator: input.originator, beneficiary: input.beneficiary };
  if (toAccountId && (parties.originator || parties.beneficiary)) {
    throw invalidRequest('parameter_invalid', 'Travel rule data applies to payouts: give it with a paymentMethodId.', 'originator');
  }
  // The travel rule, as each run's payout will meet it (checked again then). Cooling-off is a run's:
  // by then the payment method may have cooled off.
  const travelRule = paymentMethodId
    ? await checkPayoutControls(tx, deps, actor, { amount, currency: input.currency, paymentMethod: undefined, parties, now })
    : null;
  const first = occurrenceDate(rule, 0) as string;
  const need = await creationApprovalNeeded(tx, deps.fx.provider, {
    type: paymentMethodId ? 'payout' : 'internal',
    initiator: actor.kind,
    amount,
    currency: input.currency,
  });
  const schedule = await repo.insertSchedule(tx, {
    tenantId: actor.tenantId,
    environment: actor.environment,
    id: randomUUID(),
    status: need ? 'requires_approval' : 'active',
    from_account_id: from.id,
    to_account_id: toAccountId ?? null,
    payment_method_id: paymentMethodId ?? null,
    amount: amount.toFixed(),
    currency: input.currency,
    description: input.description ?? null,
    frequency: rule.frequency,
    interval_count: rule.interval,
    day_of_week: rule.dayOfWeek,
    day_of_month: rule.dayOfMonth ?? null,
    start_date: rule.startDate,
    end_date: rule.endDate ?? null,
    max_occurrences: rule.maxOccurrences ?? null,
    timezone: rule.timezone,
    next_occurrence_date: first,
    next_run_at: need ? null : runInstant(first, rule.timezone),
    initiated_by_type: actor.kind,
    initiated_by_id: actor.id,
    initiated_by_name: actor.name,
    travel_rule: travelRule,
    created_at: now,
  });
  if (need) await insertRequests(tx, actor, [requestRow({ type: 'schedule', id: schedule.id }, need, actor, now)]);
  recordEvent(tx, { type: 'schedule.created', objectType: 'schedule', objectId: schedule.id, object: presentSchedule(schedule), at: now });
  return schedule;
}

export async function getScheduleOrThrow(tx: Queryable, id: string, lock = false) {
  const schedule = await repo.findSchedule(tx, canonicalId(id), lock);
  if (!schedule) throw notFound('scheduled transfer');
  return schedule;
}

/** The schedules among `ids` (an approval inbox's). */
export const schedulesByIds = repo.findSchedules;

export async function scheduleWithExecutions(tx: Queryable, schedule: repo.ScheduleRow): Promise<ScheduledTransfer> {
  const recent = await repo.listOccurrences(tx, schedule.id, { limit: SCHEDULE_RECENT_EXECUTIONS });
  return presentSchedule(schedule, { recentExecutions: recent.slice(0, SCHEDULE_RECENT_EXECUTIONS).map(presentOccurrence) });
}

export async function listPage(
  tx: Queryable,
  filter: repo.ScheduleFilter,
  page: { limit: number; cursor?: string },
): Promise<List<ScheduledTransfer>> {
  const rows = await repo.listSchedules(tx, filter, { limit: page.limit, cursor: decodeCursor(page.cursor) });
  return toPage(rows, page.limit, (row) => presentSchedule(row));
}

export async function executionsPage(
  tx: Queryable,
  scheduleId: string,
  page: { limit: number; cursor?: string },
): Promise<List<ScheduleExecution>> {
  const rows = await repo.listOccurrences(tx, scheduleId, { limit: page.limit, cursor: decodeCursor(page.cursor) });
  return toPage(rows, page.limit, presentOccurrence);
}

/** Statuses a schedule never leaves. */
const ENDED: ReadonlySet<string> = new Set(['completed', 'cancelled', 'denied', 'expired']);

const invalidState = (action: string, status: string) =>
  businessRule('invalid_state', `Cannot ${action} a schedule that is ${status}.`, { status });

/**
 * pause (active only) / resume (paused only; dates missed while paused are skipped) / cancel (not
 * ended; one waiting for approval too, its request cancelled). Errors: 404; 422 invalid_state.
 */
export async function changeStatus(tx: Queryable, deps: Pick<PayoutDeps, 'clock'>, id: string, action: 'pause' | 'resume' | 'cancel') {
  const schedule = await getScheduleOrThrow(tx, id, true);
  const now = deps.clock.now();
  if (action === 'pause') {
    if (schedule.status !== 'active') throw invalidState(action, schedule.status);
    await repo.setStatus(tx, id, 'paused', now);
  } else if (action === 'cancel') {
    if (ENDED.has(schedule.status)) throw invalidState(action, schedule.status);
    if (schedule.status === 'requires_approval') await cancelPendingRequestOf(tx, { type: 'schedule', id: schedule.id }, now);
    await repo.setStatus(tx, id, 'cancelled', now);
  } else {
    if (schedule.status !== 'paused') throw invalidState(action, schedule.status);
    const rule = ruleOf(schedule);
    const index = firstIndexOnOrAfter(rule, schedule.next_index, localToday(now, rule.timezone));
    const date = occurrenceDate(rule, index);
    await repo.advance(tx, id, {
      index,
      date,
      runAt: date ? runInstant(date, rule.timezone) : null,
      status: date ? 'active' : 'completed',
      ranOne: false,
      now,
    });
  }
  const changed = await getScheduleOrThrow(tx, id);
  const type = action === 'pause' ? 'schedule.paused' : action === 'cancel' ? 'schedule.cancelled' : 'schedule.resumed';
  recordEvent(tx, {
    type,
    objectType: 'schedule',
    objectId: changed.id,
    object: presentSchedule(changed),
    previous: presentSchedule(schedule),
    at: now,
  });
  return changed;
}

/**
 * The last approval a waiting schedule needed came (approvals.service, under the schedule's row lock):
 * it becomes active. A one-off runs on its date, or at once when that has passed meanwhile; a
 * recurring schedule's dates that passed while it waited are skipped, as after a resume (it completes
 * when none is left). Its runs are not matched against the approval policies again.
 */
export async function approveSchedule(tx: Queryable, scope: Scope, schedule: repo.ScheduleRow, now: Date): Promise<repo.ScheduleRow> {
  const rule = ruleOf(schedule);
  const index = rule.frequency === 'once' ? 0 : firstIndexOnOrAfter(rule, 0, localToday(now, rule.timezone));
  const date = occurrenceDate(rule, index);
  await repo.approve(tx, schedule.id, {
    index,
    date,
    runAt: date ? runInstant(date, rule.timezone) : null,
    status: date ? 'active' : 'completed',
    now,
  });
  return scheduleChanged(tx, scope, 'schedule.approved', schedule, now);
}

/** A waiting schedule was denied, or no decision came in time: it ends without a run. */
export async function endUnapprovedSchedule(
  tx: Queryable,
  scope: Scope,
  schedule: repo.ScheduleRow,
  status: 'denied' | 'expired',
  now: Date,
): Promise<repo.ScheduleRow> {
  await repo.setStatus(tx, schedule.id, status, now);
  return scheduleChanged(tx, scope, status === 'denied' ? 'schedule.denied' : 'schedule.expired', schedule, now);
}

type Scope = { tenantId: string; environment: 'test' | 'live' };

async function scheduleChanged(
  tx: Queryable,
  scope: Scope,
  type: 'schedule.approved' | 'schedule.denied' | 'schedule.expired',
  before: repo.ScheduleRow,
  now: Date,
): Promise<repo.ScheduleRow> {
  const changed = (await repo.findSchedule(tx, before.id)) as repo.ScheduleRow;
  recordEvent(
    tx,
    {
      type,
      objectType: 'schedule',
      objectId: changed.id,
      object: presentSchedule(changed),
      previous: presentSchedule(before),
      at: now,
    },
    scope,
  );
  return changed;
}

/**
 * The schedule's creator, acting again for each run (their limits and identity on the transfer) — as
 * long as they may still act: an agent active and allowed (agentActorFor), a user still a member, an
 * API key neither revoked nor expired. Errors: 403 agent_suspended, agent_not_verified,
 * agent_permission_missing, schedule_creator_inactive.
 */
async function creatorOf(tx: Queryable, scope: Scope, s: repo.ScheduleRow, now: Date): Promise<Actor> {
  if (s.initiated_by_type === 'agent' && s.initiated_by_id) return agentActorFor(tx, scope, s.initiated_by_id);
  if ((s.initiated_by_type === 'user' || s.initiated_by_type === 'api_key') && s.initiated_by_id) {
    if (!(await repo.creatorActive(tx, { type: s.initiated_by_type, id: s.initiated_by_id }, now))) {
      throw new AppError(
        'permission_error',
        'schedule_creator_inactive',
        s.initiated_by_type === 'user'
          ? 'The user who created this schedule is no longer a member: it does not run. Cancel it, or create it again.'
          : 'The API key that created this schedule was revoked or has expired: it does not run. Cancel it, or create it again.',
      );
    }
  }
  return {
    ...scope,
    kind: s.initiated_by_type as Actor['kind'],
    id: s.initiated_by_id ?? 'system',
    name: s.initiated_by_name ?? 'Scheduled transfer',
    role: 'member',
  };
}

/**
 * One attempt at an occurrence, inside the caller's transaction. The transfer is made by the same
 * services as a request's, so every rule is checked again at run time — the accounts, the payment
 * method still being the sending account's own and active, the agent's standing and limits. It is
 * tried under a savepoint: a refusal rolls back only the attempt and is recorded — retried as the tenant
 * environment's `schedules.retry` setting says (by default after 24 h, 48 h, 96 h), then `failed`
 * (manual runs are not retried). A missing object (a removed payment method,
 * a closed account: a 404) does not come back, so that occurrence fails at once. Anything else (the
 * database going away, FX rates unavailable) propagates, so the whole transaction rolls back and the occurrence is tried
 * again later: never half-done, never done twice.
 */
async function attempt(
  tx: Queryable,
  deps: PayoutDeps,
  scope: { tenantId: string; environment: 'test' | 'live' },
  schedule: repo.ScheduleRow,
  occurrence: { id: string; attempt: number; retries: boolean; kind: 'scheduled' | 'manual'; caller?: Actor },
  now: Date,
) {
  const attempted = await repo.savepoint(tx);
  try {
    const input = {
      fromAccountId: schedule.from_account_id,
      amount: new Money(schedule.amount),
      currency: schedule.currency,
      description: schedule.description ?? 'Scheduled transfer',
      // The runs of a schedule approved at creation are what was approved; a run-now is an extra one.
      approvalGranted: occurrence.kind === 'scheduled' && schedule.approved_at !== null,
    };
    // A run-now is its caller's (their identity, limits and approval policies); a scheduled run, the creator's.
    const actor = occurrence.caller ?? (await creatorOf(tx, scope, schedule, now));
    const transfer = schedule.to_account_id
      ? await createInternalTransfer(tx, deps, actor, { ...input, toAccountId: schedule.to_account_id })
      : await createPayout(tx, deps, actor, {
          ...input,
          paymentMethodId: schedule.payment_method_id as string,
          ...(schedule.travel_rule && {
            originator: schedule.travel_rule.originator,
            beneficiary: { name: schedule.travel_rule.beneficiary.name, address: schedule.travel_rule.beneficiary.address ?? undefined },
          }),
        });
    await attempted.release();
    await repo.recordAttempt(tx, occurrence.id, {
      status: 'succeeded',
      attempts: occurrence.attempt,
      nextAttemptAt: null,
      transferId: transfer.id,
      error: null,
      now,
    });
    await recordExecutionEvent(tx, 'schedule.execution.succeeded', occurrence.id, now);
    return 'succeeded' as const;
  } catch (error) {
    // An outage (FX rates unavailable) is not the occurrence's fault: it propagates like the database
    // going away, and the occurrence is tried again on a later tick instead of in 24 h.
    if (!(error instanceof AppError) || error.type === 'unavailable_error') throw error;
    await attempted.rollback();
    // Gone for good: a removed object (404), a creator who may no longer act.
    const isPermanent = error.type === 'not_found_error' || error.code === 'schedule_creator_inactive';
    const delay =
      occurrence.retries && !isPermanent ? retryDelayMs((await getPolicies(tx)).schedules.retry, occurrence.attempt) : undefined;
    await repo.recordAttempt(tx, occurrence.id, {
      status: delay === undefined ? 'failed' : 'retrying',
      attempts: occurrence.attempt,
      nextAttemptAt: delay === undefined ? null : new Date(now.getTime() + delay),
      transferId: null,
      error: { code: error.code, message: error.message },
      now,
    });
    await recordExecutionEvent(tx, 'schedule.execution.failed', occurrence.id, now);
    return delay === undefined ? ('failed' as const) : ('retrying' as const);
  }
}

/**
 * An execution's outcome as an event of the execution (objectType schedule_execution: its status,
 * attempts, next retry, transfer or error), so each retry of one occurrence is a later sequence.
 */
async function recordExecutionEvent(
  tx: Queryable,
  type: 'schedule.execution.succeeded' | 'schedule.execution.failed',
  occurrenceId: string,
  at: Date,
) {
  const occurrence = (await repo.findOccurrence(tx, occurrenceId)) as repo.OccurrenceRow;
  recordEvent(tx, { type, objectType: 'schedule_execution', objectId: occurrence.id, object: presentOccurrence(occurrence), at });
}

/**
 * run-now: one extra occurrence, executed at once in the caller's transaction (not retried), **as the
 * caller** — their identity on the transfer, their limits, the approval policies matched on them: an
 * extra run is what they asked for, not what the schedule's creator (or its approval) covered. A
 * schedule still waiting for approval does not run. Errors: 404; 422 invalid_state.
 */
export async function runNow(tx: Queryable, deps: PayoutDeps, actor: Actor, id: string): Promise<ScheduleExecution> {
  const schedule = await getScheduleOrThrow(tx, id, true);
  if (ENDED.has(schedule.status) || schedule.status === 'requires_approval') throw invalidState('run', schedule.status);
  const now = deps.clock.now();
  const occurrenceId = randomUUID();
  await repo.claimOccurrence(tx, {
    tenantId: actor.tenantId,
    environment: actor.environment,
    id: occurrenceId,
    scheduleId: id,
    kind: 'manual',
    date: localToday(now, schedule.timezone),
    scheduledFor: now,
    now,
  });
  await attempt(tx, deps, actor, schedule, { id: occurrenceId, attempt: 1, retries: false, kind: 'manual', caller: actor }, now);
  return presentOccurrence((await repo.findOccurrence(tx, occurrenceId)) as repo.OccurrenceRow);
}

const SYSTEM = { type: 'system' as const, id: null, name: 'schedule runner' };
const scopeOf = (claimed: Claimed) => ({ tenantId: claimed.tenant_id, environment: claimed.environment });

/** A due schedule: its occurrence is inserted (at most once per date), attempted, and the schedule moves on. */
async function runOccurrence(tx: Queryable, deps: PayoutDeps, due: Claimed, now: Date) {
  const scope = scopeOf(due);
  const schedule = (await repo.findSchedule(tx, due.id)) as repo.ScheduleRow;
  const occurrenceId = randomUUID();
  const claimed = await repo.claimOccurrence(tx, {
    ...scope,
    id: occurrenceId,
    scheduleId: schedule.id,
    kind: 'scheduled',
    date: schedule.next_occurrence_date as string,
    scheduledFor: schedule.next_run_at as Date,
    now,
  });
  if (claimed) {
    const outcome = await attempt(tx, deps, scope, schedule, { id: occurrenceId, attempt: 1, retries: true, kind: 'scheduled' }, now);
    recordAudit(tx, {
      ...scope,
      actor: SYSTEM,
      action: outcome === 'succeeded' ? 'scheduled_transfer.executed' : 'scheduled_transfer.failed',
      objectType: 'scheduled_transfer',
      objectId: schedule.id,
      requestId: null,
      at: now,
    });
  }
  const rule = ruleOf(schedule);
  const nextIndex = schedule.next_index + 1;
  const nextDate = occurrenceDate(rule, nextIndex);
  await repo.advance(tx, schedule.id, {
    index: nextIndex,
    date: nextDate,
    runAt: nextDate ? runInstant(nextDate, rule.timezone) : null,
    status: nextDate ? 'active' : 'completed',
    ranOne: claimed,
    now,
  });
}

/** A due retry of a refused occurrence (a cancelled schedule's retries fail instead). */
async function retryOccurrence(tx: Queryable, deps: PayoutDeps, due: Claimed, now: Date) {
  const occurrence = (await repo.findOccurrence(tx, due.id)) as repo.OccurrenceRow;
  const schedule = (await repo.findSchedule(tx, occurrence.schedule_id)) as repo.ScheduleRow;
  if (schedule.status === 'cancelled') {
    await repo.recordAttempt(tx, occurrence.id, {
      status: 'failed',
      attempts: occurrence.attempts,
      nextAttemptAt: null,
      transferId: null,
      error: { code: 'schedule_cancelled', message: 'The schedule was cancelled before this retry.' },
      now,
    });
    await recordExecutionEvent(tx, 'schedule.execution.failed', occurrence.id, now);
    return;
  }
  await attempt(
    tx,
    deps,
    scopeOf(due),
    schedule,
    { id: occurrence.id, attempt: occurrence.attempts + 1, retries: true, kind: occurrence.kind },
    now,
  );
}

/**
 * One runner pass. Due schedules are claimed one at a time with FOR UPDATE SKIP LOCKED (as the owner
 * role, across tenants), then handled as their tenant under RLS in the same transaction: the due
 * occurrence is inserted — unique per (schedule, date), so it exists at most once whatever races
 * happen — attempted, and the schedule moves to its next date (or completes). Then due retries are
 * claimed the same way. Returns how many occurrences it attempted.
 */
export async function runDueSchedules(db: Database, deps: PayoutDeps, max = 100): Promise<number> {
  const passes = [
    { claim: repo.claimDueSchedule, run: runOccurrence },
    { claim: repo.claimDueRetry, run: retryOccurrence },
  ];
  let done = 0;
  for (const pass of passes) {
    while (done < max) {
      const now = deps.clock.now();
      if (!(await pass.claim(db, now, (tx, due) => pass.run(tx, deps, due, now)))) break;
      done++;
    }
  }
  return done;
}
