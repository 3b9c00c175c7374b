import { openDatabase, withOwner } from '@payos/db';
import { loadEnv } from '../../env.js';
import { verifyLedger } from './ledger.service.js';

// npm run ledger:verify — every tenant and environment: balances, transactions and the limit usage
// counters. A cross-tenant maintenance job, so it runs as the owner role, explicitly. Exit code 1 when
// anything is off.
const env = loadEnv();
const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.PAYOS_DATA_DIR, poolSize: 2 });
try {
  const result = await withOwner(db, (tx) => verifyLedger(tx, 1000));
  console.log(JSON.stringify(result, null, 2));
  if (!result.ok) process.exitCode = 1;
  if (result.discrepancies.some((d) => d.kind === 'usage_mismatch')) {
    // The counters are derived data: the ledger entries are right, and the counters can be rewritten from them.
    console.error('Limit usage counters differ from the ledger; as the owner, SELECT limit_usage_rebuild() rewrites them.');
  }
} finally {
  await db.close();
}
