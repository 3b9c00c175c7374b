import { ConfigError, loadEnv } from '../env.js';
import { armShutdownDeadline, flushLogs, guardProcess, quietly } from '../process-guard.js';
import { prepareRuntime } from '../server.js';
import { startScheduleRunner, startSettlementWorker, startStreamWorker, startWebhookWorker } from './settlement.js';
import { startStatisticsKeeper } from './statistics.js';

// npm run worker — background work without the HTTP server. Any number may run beside the API
// processes: every payout and schedule occurrence is claimed through the database (FOR UPDATE SKIP LOCKED).
async function main() {
  const env = loadEnv();
  const { db, deps, logger, redis } = await prepareRuntime({ ...env, SEED_DEMO: false });
  const stops = [
    startSettlementWorker(db, deps, logger, env.SETTLEMENT_INTERVAL_MS),
    startStreamWorker(db, deps, logger, env.SETTLEMENT_INTERVAL_MS),
    ...(env.ENABLE_SCHEDULED_TRANSFERS ? [startScheduleRunner(db, deps, logger, env.SCHEDULE_INTERVAL_MS)] : []),
    ...(env.ENABLE_WEBHOOKS ? [startWebhookWorker(db, deps, logger, env.WEBHOOK_INTERVAL_MS)] : []),
    await startStatisticsKeeper(db, logger),
  ];
  const stop = () => Promise.all(stops.map((s) => s()));
  logger.info({ settlementMs: env.SETTLEMENT_INTERVAL_MS, schedules: env.ENABLE_SCHEDULED_TRANSFERS }, 'worker started');
  let stopping = false;
  const shutdown = async (reason = 'signal', exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    // A pass that never finishes, or a log line into a closed pipe, must not keep a dying worker alive.
    armShutdownDeadline(env.SHUTDOWN_TIMEOUT_MS, () => logger.error('shutdown timed out; exiting'));
    quietly(() => logger.info({ reason }, 'worker shutting down'));
    await stop();
    await db.close().catch(() => {});
    await redis?.quit().catch(() => {});
    await flushLogs(logger, 250);
    process.exit(exitCode);
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  guardProcess(logger, (reason, exitCode) => void shutdown(reason, exitCode));
  // Keep the process alive: the worker's timer is unref'd so the API can exit cleanly.
  setInterval(() => {}, 1 << 30);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
