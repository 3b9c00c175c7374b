import type { Database } from '@payos/db';
import type { Logger } from 'pino';
import type { PayoutDeps } from '../modules/payouts/payouts.service.js';
import { settleDuePayouts } from '../modules/payouts/payouts.service.js';

/**
 * Runs settlement passes every `intervalMs`, never two at once in this process (other processes are
 * kept apart by the database's SKIP LOCKED claims). Returns a stop function that waits for the
 * current pass to finish.
 */
export function startSettlementWorker(db: Database, deps: PayoutDeps, logger: Logger, intervalMs: number) {
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = settleDuePayouts(db, deps)
      .then((settled) => {
        if (settled > 0) logger.info({ settled }, 'settled payouts');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'settlement pass failed'))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
