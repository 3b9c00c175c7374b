import { migrate, openDatabase } from '@payos/db';
import { loadEnv } from '../env.js';
import { DEMO, seedDemo } from './demo.js';

// Re-creates the demo tenant. Stop `npm start` first when using the embedded database:
// a PGlite data directory belongs to one process at a time.
const env = loadEnv();
const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.PAYOS_DATA_DIR, poolSize: 2 });
try {
  await migrate(db);
  await seedDemo(db, { isProduction: env.NODE_ENV === 'production' });
  console.log(`Seeded ${DEMO.tenantName}: login ${DEMO.email} / ${DEMO.password}, API key ${DEMO.apiKey}`);
} finally {
  await db.close();
}
