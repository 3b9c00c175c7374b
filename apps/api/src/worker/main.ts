import { ConfigError, loadEnv } from '../env.js';
import { prepareRuntime } from '../server.js';
import { startSettlementWorker } from './settlement.js';

// npm run worker — background work without the HTTP server. Any number may run beside the API
// processes: every payout is claimed through the database (FOR UPDATE SKIP LOCKED).
async function main() {
  const env = loadEnv();
  const { db, deps, logger, redis } = await prepareRuntime({ ...env, SEED_DEMO: false });
  const stop = startSettlementWorker(db, deps, logger, env.SETTLEMENT_INTERVAL_MS);
  logger.info({ intervalMs: env.SETTLEMENT_INTERVAL_MS }, 'settlement worker started');
  const shutdown = async () => {
    await stop();
    await db.close();
    await redis?.quit().catch(() => {});
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  // Keep the process alive: the worker's timer is unref'd so the API can exit cleanly.
  setInterval(() => {}, 1 << 30);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
