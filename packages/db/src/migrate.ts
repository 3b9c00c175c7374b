import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './client.js';

type Migration = { version: number; name: string; sql: string; checksum: string };

const here = dirname(fileURLToPath(import.meta.url));
// Source layout: packages/db/src → ../migrations. Bundled API: dist/main.js → ./migrations.
const CANDIDATE_DIRS = [join(here, '../migrations'), join(here, 'migrations')];

export function migrationsDir(): string {
  const found = process.env.PAYOS_MIGRATIONS_DIR ?? CANDIDATE_DIRS.find((dir) => existsSync(dir));
  if (!found) throw new Error(`Migrations directory not found (looked in ${CANDIDATE_DIRS.join(', ')})`);
  return found;
}

export function loadMigrations(dir = migrationsDir()): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.replace(/\.sql$/, ''),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

// Arbitrary constant: serialises migrations when several API instances start at once.
const MIGRATION_LOCK_KEY = 72_630_001;

/**
 * Applies pending numbered migrations, each in its own transaction, identically on PGlite and
 * PostgreSQL. An applied migration whose file changed is an error: migrations are never edited.
 */
export async function migrate(db: Database, log: (line: string) => void = () => {}): Promise<string[]> {
  const migrations = loadMigrations();
  const applied: string[] = [];
  await db.exec(`
    CREATE SCHEMA IF NOT EXISTS payos_internal;
    CREATE TABLE IF NOT EXISTS payos_internal.schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    );`);
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const done = await tx.query<{ version: number; checksum: string }>('SELECT version, checksum FROM payos_internal.schema_migrations');
    const checksums = new Map(done.map((row) => [row.version, row.checksum]));
    for (const migration of migrations) {
      const previous = checksums.get(migration.version);
      if (previous !== undefined) {
        if (previous !== migration.checksum) {
          throw new Error(`Migration ${migration.name} changed after it was applied; add a new migration instead.`);
        }
        continue;
      }
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO payos_internal.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
      applied.push(migration.name);
      log(`applied migration ${migration.name}`);
    }
  });
  return applied;
}

export async function isMigrated(db: Database): Promise<boolean> {
  const expected = loadMigrations().length;
  try {
    const rows = await db.query<{ count: string }>('SELECT count(*)::text AS count FROM payos_internal.schema_migrations');
    return Number(rows[0]?.count) === expected;
  } catch {
    return false;
  }
}
