import { analyzeGrownTables, autovacuumRuns, type Database } from '@payos/db';
import type { Logger } from 'pino';
import { startLoop } from './loop.js';

/** How often tables are checked for growth: autovacuum's own default (autovacuum_naptime). */
const STATISTICS_INTERVAL_MS = 60_000;

/**
 * Keeps the planner's statistics where the database does not (PGlite; PostgreSQL with autovacuum off,
 * which is logged as a warning): every minute, tables that grew by a fifth are analyzed again, so plans
 * cached while they were small are made again (packages/db/src/statistics.ts says why it matters).
 * With autovacuum on, it does nothing.
 */
export async function startStatisticsKeeper(db: Database, logger: Logger, intervalMs = STATISTICS_INTERVAL_MS) {
  if (await autovacuumRuns(db)) return async () => {};
  if (db.kind === 'postgres') {
    logger.warn(
      'autovacuum is off on this PostgreSQL server: PayOS re-analyzes tables that grew, every minute, but nothing vacuums them; ' +
        'production needs autovacuum on (docs/DEPLOYMENT.md)',
    );
  }
  return startLoop('statistics', async () => (await analyzeGrownTables(db)).length, logger, intervalMs);
}
