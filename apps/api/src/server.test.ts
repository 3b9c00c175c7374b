import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, isRealPostgres } from '../../../tests/harness.js';
import { ConfigError, loadEnv } from './env.js';
import { prepareRuntime } from './server.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'payos-env-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const configError = (env: NodeJS.ProcessEnv) => {
  try {
    loadEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
};

describe('configuration', () => {
  it('stops on a bad value with one line naming the variable', () => {
    const message = configError({ PORT: 'eighty', PAYOS_DATA_DIR: tempDir() });
    expect(message).toMatch(/^Invalid configuration: PORT /);
    expect(message).not.toContain('\n');
    expect(configError({ DATABASE_URL: 'mysql://x', PAYOS_DATA_DIR: tempDir() })).toMatch(/DATABASE_URL/);
    expect(configError({ LOG_LEVEL: 'loud', PAYOS_DATA_DIR: tempDir() })).toMatch(/LOG_LEVEL/);
    expect(configError({ RATE_LIMIT_PER_MINUTE: '-1', PAYOS_DATA_DIR: tempDir() })).toMatch(/RATE_LIMIT_PER_MINUTE/);
  });

  it('production requires JWT_SECRET and DATABASE_URL, and refuses disabled rate limits', () => {
    expect(configError({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x' })).toMatch(/JWT_SECRET/);
    expect(configError({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(40) })).toMatch(/DATABASE_URL/);
    expect(
      configError({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(40), DATABASE_URL: 'postgres://db/x', RATE_LIMIT_PER_MINUTE: '0' }),
    ).toMatch(/RATE_LIMIT_PER_MINUTE/);
    const ok = loadEnv({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(40), DATABASE_URL: 'postgres://db/x' });
    expect(ok.ENABLE_SCHEDULED_TRANSFERS).toBe(false);
  });

  it('refuses a webhook lease that an attempt can outlast (it would be sent twice at once)', () => {
    const dir = tempDir();
    expect(configError({ PAYOS_DATA_DIR: dir, WEBHOOK_LEASE_MS: '20000' })).toMatch(/WEBHOOK_LEASE_MS.*25000/);
    expect(configError({ PAYOS_DATA_DIR: dir, WEBHOOK_TIMEOUT_MS: '2000', WEBHOOK_LEASE_MS: '8000' })).toMatch(/WEBHOOK_LEASE_MS.*9000/);
    expect(loadEnv({ PAYOS_DATA_DIR: dir, WEBHOOK_TIMEOUT_MS: '1000', WEBHOOK_LEASE_MS: '7000' }).WEBHOOK_LEASE_MS).toBe(7000);
  });

  it('generates a development JWT secret once and keeps it in the data directory', () => {
    const dir = tempDir();
    const first = loadEnv({ PAYOS_DATA_DIR: dir });
    const second = loadEnv({ PAYOS_DATA_DIR: dir });
    expect(first.JWT_SECRET).toHaveLength(64);
    expect(second.JWT_SECRET).toBe(first.JWT_SECRET);
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8')).toBe(first.JWT_SECRET);
    expect(first.corsOrigins).toEqual(['http://localhost:3000', 'http://localhost:3001', 'http://localhost:5173']);
  });
});

describe('start-up', () => {
  it('refuses to start when the application role is a superuser', async () => {
    const database = isRealPostgres ? await createTestDatabase() : undefined;
    let role = 'postgres'; // PGlite's built-in superuser
    if (database) {
      role = 'payos_probe_super';
      await database.db.exec(`DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} NOLOGIN SUPERUSER; END IF;
      END $$`);
    }
    try {
      const env = loadEnv({
        PAYOS_DATA_DIR: tempDir(),
        DATABASE_APP_ROLE: role,
        LOG_LEVEL: 'silent',
        ...(database?.url && { DATABASE_URL: database.url }),
      });
      await expect(prepareRuntime(env)).rejects.toThrow(/superuser or has BYPASSRLS.*Refusing to start/);
    } finally {
      await database?.drop();
    }
  });
});
