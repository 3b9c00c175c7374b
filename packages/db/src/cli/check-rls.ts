import { randomBytes } from 'node:crypto';
import { adminConnection, type Database, openDatabase } from '../client.js';
import { migrate } from '../migrate.js';
import { checkRls } from '../rls-check.js';

/**
 * npm run check:rls — fails if any application table lacks RLS, FORCE or a tenant policy.
 * By default it inspects exactly what the numbered migrations produce: a fresh in-memory PGlite, or
 * (with DATABASE_URL) a scratch database on that server, dropped afterwards. With
 * RLS_CHECK_EXISTING=true it inspects DATABASE_URL's database as it is, without migrating it.
 */
async function run(db: Database, label: string, applyMigrations: boolean) {
  if (applyMigrations) await migrate(db);
  const { tablesChecked, problems } = await checkRls(db);
  if (problems.length > 0) {
    for (const p of problems) console.error(`RLS check (${label}): ${p.table}: ${p.problem}`);
    process.exitCode = 1;
  } else {
    console.log(`RLS check passed (${label}): ${tablesChecked} tables have RLS enabled, forced and a tenant policy.`);
  }
}

const url = process.env.DATABASE_URL;
if (!url) {
  const db = await openDatabase({});
  await run(db, 'fresh PGlite', true).finally(() => db.close());
} else if (process.env.RLS_CHECK_EXISTING === 'true') {
  const db = await openDatabase({ databaseUrl: url, poolSize: 1 });
  await run(db, 'existing database', false).finally(() => db.close());
} else {
  const name = `payos_rlscheck_${randomBytes(4).toString('hex')}`;
  const admin = await adminConnection(url);
  await admin.query(`CREATE DATABASE ${name}`);
  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: scratch.toString(), poolSize: 1 });
  try {
    await run(db, 'fresh PostgreSQL database', true);
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
