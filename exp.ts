import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { createApp, createLogger } from './apps/api/src/app.ts';
import { createRateLimiters } from './apps/api/src/http/middleware/rate-limit.ts';
import { sha256Hex } from './apps/api/src/lib/crypto.ts';
import { migrate, openDatabase, withOwner, withTenant } from './packages/db/src/index.ts';

const admin = postgres('postgres://root@127.0.0.1:5432/postgres', { max: 1, onnotice: () => {} });
await admin.unsafe('DROP DATABASE IF EXISTS payos_exp');
await admin.unsafe('CREATE DATABASE payos_exp');
const db = await openDatabase({ databaseUrl: 'postgres://root@127.0.0.1:5432/payos_exp', poolSize: 20 });
await migrate(db);
const t = randomUUID(),
  u = randomUUID(),
  key = 'pk_test_bench' + randomUUID().replaceAll('-', '');
await withOwner(db, async (tx) => {
  await tx.query(`INSERT INTO tenants (id, name) VALUES ($1, 'B')`, [t]);
  await tx.query(`INSERT INTO users (tenant_id, id, email, name, role, password_hash) VALUES ($1,$2,'e@x.com','B','owner','x')`, [t, u]);
  await tx.query(
    `INSERT INTO api_keys (tenant_id, id, name, environment, prefix, key_hash, created_by) VALUES ($1,$2,'k','test',$3,$4,$5)`,
    [t, randomUUID(), key.slice(0, 20), sha256Hex(key), u],
  );
});
const { app, deps } = createApp({
  db,
  config: { version: 'x', isProduction: false, jwtSecret: 'x'.repeat(40), corsOrigins: [], trustProxy: false },
  logger: createLogger('silent'),
  limiters: createRateLimiters({ perMinute: 0, strictPerMinute: 0, authPerMinute: 0 }),
});
async function run(name: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 500; i++) await fn();
  const end = Date.now() + 3000;
  let n = 0;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (Date.now() < end) {
        await fn();
        n++;
      }
    }),
  );
  console.log(name.padEnd(30), (n / 3).toFixed(0), 'ops/s');
}
const h = { authorization: `Bearer ${key}` };
await run('resolve key', () => deps.credentials.resolve(key, undefined));
await run('withTenant getTenant', () =>
  withTenant(
    db,
    { tenantId: t, environment: 'test' },
    (tx) => tx.query('SELECT id, name, status, metadata, created_at, updated_at FROM tenants'),
    { readOnly: true },
  ),
);
await run('app /v1/organization', async () => {
  const r = await app.request('/v1/organization', { headers: h });
  await r.text();
});
await run('app /v1/nope (auth+404)', async () => {
  const r = await app.request('/v1/nope', { headers: h });
  await r.text();
});
await db.close();
await admin.unsafe('DROP DATABASE payos_exp WITH (FORCE)');
await admin.end();
