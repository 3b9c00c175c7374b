import { serve } from '@hono/node-server';
import { ConfigError, loadEnv } from './env.js';
import { guardProcess } from './process-guard.js';
import { demoBanner, prepareRuntime } from './server.js';
import { startScheduleRunner, startSettlementWorker, startStreamWorker } from './worker/settlement.js';

const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main() {
  const env = loadEnv();
  const runtime = await prepareRuntime(env);
  const { app, db, redis, logger, deps } = runtime;
  // Background work runs in-process unless a separate `npm run worker` does it (RUN_SETTLEMENT_WORKER=false).
  const stops = env.RUN_SETTLEMENT_WORKER
    ? [
        startSettlementWorker(db, deps, logger, env.SETTLEMENT_INTERVAL_MS),
        startStreamWorker(db, deps, logger, env.SETTLEMENT_INTERVAL_MS),
        ...(env.ENABLE_SCHEDULED_TRANSFERS ? [startScheduleRunner(db, deps, logger, env.SCHEDULE_INTERVAL_MS)] : []),
      ]
    : [];
  const stopWorker = () => Promise.all(stops.map((stop) => stop()));
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    const url = `http://localhost:${info.port}`;
    const database = env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${env.PAYOS_DATA_DIR}`;
    console.log(
      [
        '',
        `PayOS API listening on ${url}`,
        `  Docs:          ${url}/docs   (OpenAPI: ${url}/openapi.json)`,
        `  Health:        ${url}/health`,
        `  Database:      ${database}${runtime.seeded ? ' — demo data seeded' : ''}`,
        ...(env.NODE_ENV === 'production' ? [] : [demoBanner(url)]),
        '',
      ].join('\n'),
    );
  });

  let stopping = false;
  const shutdown = (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    server.close(async () => {
      await stopWorker();
      await db.close().catch((error: unknown) => logger.error({ err: error }, 'error closing database'));
      await redis?.quit().catch(() => {});
      logger.info('stopped');
      process.exit(exitCode);
    });
    // Idle keep-alive sockets would otherwise hold close() open until they time out.
    (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  guardProcess(logger, shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
