import { serve } from '@hono/node-server';
import { ConfigError, loadEnv } from './env.js';
import { endNotificationFeeds } from './modules/notifications/notifications.feed.js';
import { endStreamFeeds } from './modules/streams/streams.feed.js';
import { armShutdownDeadline, flushLogs, guardProcess, quietly } from './process-guard.js';
import { demoBanner, prepareRuntime } from './server.js';
import { startScheduleRunner, startSettlementWorker, startStreamWorker, startWebhookWorker } from './worker/settlement.js';
import { startStatisticsKeeper } from './worker/statistics.js';

/** The last log lines get this long to leave before exit (a closed pipe never confirms them). */
const LOG_FLUSH_MS = 250;

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
        ...(env.ENABLE_WEBHOOKS ? [startWebhookWorker(db, deps, logger, env.WEBHOOK_INTERVAL_MS)] : []),
        await startStatisticsKeeper(db, logger),
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
    // The deadline first: nothing after it — a log line into a closed pipe included — can keep the process alive.
    armShutdownDeadline(env.SHUTDOWN_TIMEOUT_MS, () => logger.error('shutdown timed out; exiting'));
    quietly(() => logger.info({ signal }, 'shutting down: finishing in-flight requests'));
    server.close(async () => {
      await stopWorker();
      await db.close().catch((error: unknown) => quietly(() => logger.error({ err: error }, 'error closing database')));
      await redis?.quit().catch(() => {});
      quietly(() => logger.info('stopped'));
      await flushLogs(logger, LOG_FLUSH_MS);
      process.exit(exitCode);
    });
    // Live feeds (streams, every dashboard tab's notification bell) never end by themselves: end them, so their connections can close.
    endStreamFeeds(deps);
    endNotificationFeeds(deps);
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
