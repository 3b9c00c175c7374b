import { openDatabase } from '../client.js';

/** Opens the configured database for a command-line tool: DATABASE_URL, else the PGlite data dir. */
export function openFromEnv() {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = process.env.PAYOS_DATA_DIR ?? '.payos-data';
  return openDatabase({ databaseUrl, dataDir, poolSize: 2 });
}
