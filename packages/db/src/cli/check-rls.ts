import { migrate } from '../migrate.js';
import { checkRls } from '../rls-check.js';
import { openFromEnv } from './open.js';

// Without DATABASE_URL the check migrates a fresh in-memory PGlite, so it always inspects
// exactly what the numbered migrations produce.
const db = await openFromEnv({ inMemory: !process.env.DATABASE_URL });
try {
  await migrate(db);
  const { tablesChecked, problems } = await checkRls(db);
  if (problems.length > 0) {
    for (const p of problems) console.error(`RLS check: ${p.table}: ${p.problem}`);
    process.exitCode = 1;
  } else {
    console.log(`RLS check passed: ${tablesChecked} tables have RLS enabled, forced and a tenant policy.`);
  }
} finally {
  await db.close();
}
