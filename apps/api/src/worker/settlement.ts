import type { Database } from '@payos/db';
import type { Logger } from 'pino';
import { expireDueApprovals } from '../modules/approvals/approvals.service.js';
import { escalateDueDisputes } from '../modules/disputes/disputes.service.js';
import { runDueSchedules } from '../modules/schedules/schedules.service.js';
import { settleStreams } from '../modules/streams/streams.service.js';
import type { PayoutDeps } from '../modules/transfers/payout.service.js';
import { checkDueReturns } from '../modules/transfers/returns.service.js';
import { settleDuePayouts } from '../modules/transfers/settlement.service.js';
import type { DeliveryDeps } from '../modules/webhooks/delivery.js';
import { deliverDueWebhooks } from '../modules/webhooks/delivery.js';
import { startLoop } from './loop.js';

/**
 * Payout settlement passes every `intervalMs`, with a pass over the payouts whose return check fell due
 * and one over the disputes whose auto-escalation did. Each job runs whatever the others did: a failing
 * one holds none of the others back; their errors are reported together for the loop to log.
 */
export const startSettlementWorker = (db: Database, deps: PayoutDeps, logger: Logger, intervalMs: number) =>
  startLoop(
    'settlement',
    () => eachOf([settleDuePayouts, checkDueReturns, escalateDueDisputes, expireDueApprovals].map((job) => () => job(db, deps))),
    logger,
    intervalMs,
  );

/** Runs every job in turn; how many items they handled, or their errors (all of them) once all ran. */
async function eachOf(jobs: (() => Promise<number>)[]): Promise<number> {
  let handled = 0;
  const errors: unknown[] = [];
  for (const job of jobs) {
    try {
      handled += await job();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} settlement jobs failed this pass`);
  return handled;
}

/** Scheduled-transfer runner passes every `intervalMs` (ENABLE_SCHEDULED_TRANSFERS). */
export const startScheduleRunner = (db: Database, deps: PayoutDeps, logger: Logger, intervalMs: number) =>
  startLoop('schedules', () => runDueSchedules(db, deps), logger, intervalMs);

/** Stream depletion settlement and health bands, every `intervalMs`. */
export const startStreamWorker = (db: Database, deps: PayoutDeps, logger: Logger, intervalMs: number) =>
  startLoop('streams', () => settleStreams(db, deps), logger, intervalMs);

/** Webhook delivery passes every `intervalMs` (ENABLE_WEBHOOKS), back to back while there is a backlog. */
export const startWebhookWorker = (db: Database, deps: DeliveryDeps, logger: Logger, intervalMs: number) =>
  startLoop('webhooks', (stopping) => deliverDueWebhooks(db, deps, 500, stopping), logger, intervalMs, { drain: true });
