import type { Database } from './client.js';
import { withOwner } from './tenant.js';

/*
 * The planner's statistics, where nothing else keeps them.
 *
 * PostgreSQL plans a query from what it last learned of each table (ANALYZE). A plan is cached and
 * reused: a prepared statement's generic plan, and every foreign key's check, for the life of the
 * connection or until the table is analyzed again. A table never analyzed since it was created empty is
 * planned for as if it held a few pages, and then the planner cannot tell the primary key from any other
 * index that starts with tenant_id: the check of a transfer_events row against transfers, cached so,
 * walks the whole tenant's range of an index to find one row, and costs more with every transfer the
 * tenant makes (measured: a soak on a server with autovacuum off went from 455 to 224 requests/s in two
 * minutes; one ANALYZE brought it to 659).
 *
 * autovacuum re-analyzes a table once enough of it changed, and production needs it on
 * (docs/DEPLOYMENT.md). PGlite has no autovacuum, and a server can run with it off: there, the API and
 * the worker call analyzeGrownTables() every minute (worker/statistics.ts), which re-analyzes a table once
 * it has grown by a fifth since it was last analyzed. Growth is read from the table's size on disk
 * against what its statistics say, which both PostgreSQL and PGlite report (PGlite does not keep
 * pg_stat_user_tables' change counters).
 */

/** Whether the database keeps its own statistics (PostgreSQL with autovacuum on). */
export async function autovacuumRuns(db: Database): Promise<boolean> {
  if (db.kind === 'pglite') return false;
  const [row] = await db.query<{ autovacuum: string }>('SHOW autovacuum');
  return row?.autovacuum === 'on';
}

/**
 * ANALYZEs, as the owner, every table of the public schema that has grown by more than a fifth (and 8
 * pages) since its statistics were taken, or has data and none. Returns the tables analyzed.
 */
export async function analyzeGrownTables(db: Database): Promise<string[]> {
  const grown = await withOwner(db, (tx) =>
    tx.query<{ name: string }>(
      `SELECT quote_ident(c.relname) AS name
         FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
          AND pg_relation_size(c.oid) / current_setting('block_size')::int > greatest(c.relpages, 0) * 1.2 + 8
        ORDER BY c.relname`,
    ),
  );
  // One transaction per table: on PGlite an open transaction holds every request up.
  for (const { name } of grown) await withOwner(db, (tx) => tx.exec(`ANALYZE ${name}`));
  return grown.map((t) => t.name);
}
