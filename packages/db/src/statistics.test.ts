import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, isRealPostgres, type TestDatabase } from '../../../tests/harness.js';
import { type Database, openDatabase } from './client.js';
import { analyzeGrownTables, autovacuumRuns } from './statistics.js';
import { withOwner } from './tenant.js';

let database: TestDatabase;
/** One connection, so a statement prepared in one transaction is there in the next (PGlite has one anyway). */
let session: Database;
const TENANT = '33333333-4444-5555-6666-777777777777';
const FROM = '33333333-4444-5555-6666-000000000001';
const TO = '33333333-4444-5555-6666-000000000002';

/** The plan the session's cached `lookup` statement runs with: which index, and what it looks up by. */
async function lookupPlan(): Promise<string> {
  const rows = await withOwner(session, (tx) => tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE lookup('${TENANT}', '${FROM}')`));
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

beforeAll(async () => {
  database = await createTestDatabase();
  session = database.url ? await openDatabase({ databaseUrl: database.url, poolSize: 1 }) : database.db;
  await withOwner(database.db, async (tx) => {
    await tx.query(`INSERT INTO tenants (id, name) VALUES ($1, 'Statistics')`, [TENANT]);
    await tx.query(
      `INSERT INTO accounts (tenant_id, environment, id, type, name) VALUES ($1, 'test', $2, 'business', 'From'), ($1, 'test', $3, 'business', 'To')`,
      [TENANT, FROM, TO],
    );
  });
  // What a foreign key's check of transfers is: one row by primary key, planned once and cached while
  // the table is empty, as a connection's first transfer does.
  await withOwner(session, (tx) =>
    tx.exec(`SET plan_cache_mode = force_generic_plan;
             PREPARE lookup (uuid, uuid) AS SELECT 1 FROM ONLY transfers x WHERE tenant_id = $1 AND id = $2 FOR KEY SHARE OF x`),
  );
});
afterAll(async () => {
  if (session !== database.db) await session.close();
  await database.drop();
});

describe('statistics where autovacuum does not keep them', () => {
  it('says whether the database analyzes by itself', async () => {
    const [setting] = isRealPostgres ? await database.db.query<{ autovacuum: string }>('SHOW autovacuum') : [];
    expect(await autovacuumRuns(database.db)).toBe(isRealPostgres && setting?.autovacuum === 'on');
  });

  it('a plan cached on an empty table is made again by primary key once the grown table is analyzed', async () => {
    const cachedEmpty = await lookupPlan();
    // The problem this solves: planned for an empty table, the lookup scans another index by tenant only.
    expect(cachedEmpty).not.toContain('transfers_pkey');

    await withOwner(database.db, (tx) =>
      tx.query(
        `INSERT INTO transfers (tenant_id, environment, id, type, status, from_account_id, to_account_id, amount, currency, total_debit,
                                initiated_by_type, created_at, updated_at)
         SELECT $1, 'test', gen_random_uuid(), 'internal', 'completed', $2, $3, 1, 'USD', 1, 'system', now(), now()
           FROM generate_series(1, 5000)`,
        [TENANT, FROM, TO],
      ),
    );
    expect(await lookupPlan()).toBe(cachedEmpty);

    const analyzed = await analyzeGrownTables(database.db);
    expect(analyzed).toContain('transfers');
    expect(analyzed).not.toContain('tenants');
    const replanned = await lookupPlan();
    expect(replanned).toContain('transfers_pkey');
    expect(replanned).toMatch(/Index Cond: \(\(tenant_id = \$1\) AND \(id = \$2\)\)/);

    // Analyzed tables are left alone until they grow again.
    expect(await analyzeGrownTables(database.db)).not.toContain('transfers');
  });
});
