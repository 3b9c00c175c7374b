import type { Database } from '@payos/db';
import type { Logger } from 'pino';
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
 * Payout settlement passes every `intervalMs`, each followed by a pass over the payouts whose return
 * check fell due and one over the disputes whose auto-escalation did.
 */
export const startSettlementWorker = (db: Database, deps: PayoutDeps, logger: Logger, intervalMs: number) =>
  startLoop(
    'settlement',
    async () => (await settleDuePayouts(db, deps)) + (await checkDueReturns(db, deps)) + (await escalateDueDisputes(db, deps)),
    logger,
    intervalMs,
  );

/** Scheduled-transfer runner passes every `intervalMs` (ENABLE_SCHEDULED_TRANSFERS). */
export const startScheduleRunner = (db: Database, deps: PayoutDeps, logger: Logger, intervalMs: number) =>
  startLoop('schedules', () => runDueSchedules(db, deps), logger, intervalMs);

/** Stream depletion settlement and health bands, every `intervalMs`. */
export const startStreamWorker = (db: Database, deps: PayoutDeps, logger: Logger, intervalMs: number) =>
  startLoop('streams', () => settleStreams(db, deps), logger, intervalMs);

/** Webhook delivery passes every `intervalMs` (ENABLE_WEBHOOKS), back to back while there is a backlog. */
export const startWebhookWorker = (db: Database, deps: DeliveryDeps, logger: Logger, intervalMs: number) =>
  startLoop('webhooks', (stopping) => deliverDueWebhooks(db, deps, 500, stopping), logger, intervalMs, { drain: true });
