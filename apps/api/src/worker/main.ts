import { ConfigError, loadEnv } from '../env.js';
import { guardProcess } from '../process-guard.js';
import { prepareRuntime } from '../server.js';
import { startScheduleRunner, startSettlementWorker, startStreamWorker } from './settlement.js';

// npm run worker — background work without the HTTP server. Any number may run beside the API
// processes: every payout and schedule occurrence is claimed through the database (FOR UPDATE SKIP LOCKED).
async function main() {
  const env = loadEnv();
  const { db, deps, logger, redis } = await prepareRuntime({ ...env, SEED_DEMO: false });
  const stops = [
    startSettlementWorker(db, deps, logger, env.SETTLEMENT_INTERVAL_MS),
    startStreamWorker(db, deps, logger, env.SETTLEMENT_INTERVAL_MS),
    ...(env.ENABLE_SCHEDULED_TRANSFERS ? [startScheduleRunner(db, deps, logger, env.SCHEDULE_INTERVAL_MS)] : []),
  ];
  const stop = () => Promise.all(stops.map((s) => s()));
  logger.info({ settlementMs: env.SETTLEMENT_INTERVAL_MS, schedules: env.ENABLE_SCHEDULED_TRANSFERS }, 'worker started');
  let stopping = false;
  const shutdown = async (_reason?: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    // A pass that never finishes must not keep a dying worker alive.
    setTimeout(() => process.exit(exitCode || 1), 10_000).unref();
    await stop();
    await db.close().catch(() => {});
    await redis?.quit().catch(() => {});
    process.exit(exitCode);
  };
  process.on('SIGTERM', () => shutdown());
  process.on('SIGINT', () => shutdown());
  guardProcess(logger, (reason, exitCode) => void shutdown(reason, exitCode));
  // Keep the process alive: the worker's timer is unref'd so the API can exit cleanly.
  setInterval(() => {}, 1 << 30);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
