/**
 * bench:http — on real PostgreSQL, the RLS-scoped read `GET /v1/api-keys` (with a user's access
 * token: the operation is for users only, an API key gets 403; tenant transaction) against a bare
 * Hono route running `SELECT 1` on a pool with the same settings and no tenant context. Prints req/s,
 * p50 and p99 for both and their ratio (target ≥ 50 %); exits 1 if any request failed.
 *
 *   DATABASE_URL=postgres://root@127.0.0.1:5432/postgres npm run bench
 *
 * A scratch database is created from DATABASE_URL's server and dropped afterwards.
 * BENCH_SECONDS (default 15) and BENCH_CONNECTIONS (default 50) tune the run.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { adminConnection, migrate, openDatabase, withOwner } from '@payos/db';
import { Hono } from 'hono';
import { createApp, createLogger } from '../apps/api/src/app.js';
import { createRateLimiters } from '../apps/api/src/http/middleware/rate-limit.js';
import { sha256Hex } from '../apps/api/src/lib/crypto.js';
import { signAccessToken } from '../apps/api/src/modules/auth/tokens.js';

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('bench:http measures real PostgreSQL: set DATABASE_URL (PGlite runs one transaction at a time).');
  process.exit(1);
}
const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const POOL_SIZE = 20;
const JWT_SECRET = 'bench'.repeat(8);

const admin = await adminConnection(adminUrl);
const dbName = `payos_bench_${process.pid}`;
await admin.query(`CREATE DATABASE ${dbName}`);
const benchUrl = new URL(adminUrl);
benchUrl.pathname = `/${dbName}`;

const db = await openDatabase({ databaseUrl: benchUrl.toString(), poolSize: POOL_SIZE });
const bareDb = await openDatabase({ databaseUrl: benchUrl.toString(), poolSize: POOL_SIZE });
try {
  await migrate(db);
  const accessToken = await seedBenchTenant();

  const { app } = createApp({
    db,
    config: { version: 'bench', isProduction: false, jwtSecret: JWT_SECRET, corsOrigins: [], trustProxy: false },
    logger: createLogger('silent'),
    limiters: createRateLimiters({ perMinute: 0, strictPerMinute: 0, authPerMinute: 0 }),
  });
  const bare = new Hono();
  bare.get('/select-1', async (c) => {
    await bareDb.query('SELECT 1');
    return c.json({ ok: true });
  });

  const tenantServer = await listen(app.fetch);
  const bareServer = await listen(bare.fetch);
  const scoped = await load(`http://127.0.0.1:${tenantServer.port}/v1/api-keys`, { authorization: `Bearer ${accessToken}` });
  const baseline = await load(`http://127.0.0.1:${bareServer.port}/select-1`, {});
  tenantServer.close();
  bareServer.close();

  const row = (name: string, r: Result) =>
    `${name.padEnd(38)} ${r.rps.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   errors ${r.errors}`;
  console.log(`\nbench:http — ${connections} connections × ${seconds} s, pool ${POOL_SIZE}, PostgreSQL`);
  console.log(row('GET /v1/api-keys (user token, RLS)', scoped));
  console.log(row('bare Hono SELECT 1 (no tenant)', baseline));
  console.log(`ratio scoped / bare: ${((scoped.rps / baseline.rps) * 100).toFixed(1)} %  (target ≥ 50 %)\n`);
  // A run that answered errors measured the error path, not the read: its figures mean nothing.
  if (scoped.errors + baseline.errors > 0) {
    console.error('bench:http: some requests failed (errors above); the figures do not measure the intended routes.');
    process.exitCode = 1;
  }
} finally {
  await db.close();
  await bareDb.close();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}

/** A tenant with an owner, a session and 10 API keys; returns the owner's access token. */
async function seedBenchTenant(): Promise<string> {
  const tenantId = randomUUID();
  const userId = randomUUID();
  const sessionId = randomUUID();
  await withOwner(db, async (tx) => {
    await tx.query(`INSERT INTO tenants (id, name) VALUES ($1, 'Bench')`, [tenantId]);
    await tx.query(`INSERT INTO users (tenant_id, id, email, name, role, password_hash) VALUES ($1, $2, $3, 'Bench', 'owner', 'x')`, [
      tenantId,
      userId,
      `bench-${tenantId}@example.com`,
    ]);
    await tx.query(
      `INSERT INTO sessions (tenant_id, id, user_id, expires_at, last_used_at) VALUES ($1, $2, $3, now() + interval '1 day', now())`,
      [tenantId, sessionId, userId],
    );
    // A realistic page: 10 keys to list.
    for (let i = 0; i < 10; i++) {
      const secret = `pk_test_bench${randomUUID().replaceAll('-', '')}`;
      await tx.query(
        `INSERT INTO api_keys (tenant_id, id, name, environment, prefix, key_hash, created_by) VALUES ($1, $2, $3, 'test', $4, $5, $6)`,
        [tenantId, randomUUID(), `key ${i}`, secret.slice(0, 20), sha256Hex(secret), userId],
      );
    }
  });
  // Valid for 15 minutes: longer than any run.
  return signAccessToken({ sub: userId, tid: tenantId, sid: sessionId }, JWT_SECRET, new Date());
}

function listen(fetch: (request: Request) => Response | Promise<Response>) {
  return new Promise<{ port: number; close: () => void }>((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ port: info.port, close: () => server.close() }),
    );
  });
}

type Result = { rps: number; p50: number; p99: number; errors: number };

/** Runs autocannon in its own process so the load generator does not share our event loop. */
async function load(url: string, headers: Record<string, string>): Promise<Result> {
  const cli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const headerArgs = Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]);
  const run = (duration: number) =>
    promisify(execFile)(process.execPath, [cli, '-c', String(connections), '-d', String(duration), '-j', ...headerArgs, url], {
      maxBuffer: 64 * 1024 * 1024,
    });
  await run(2); // warm-up: JIT, pool connections, caches
  const { stdout } = await run(seconds);
  const result = JSON.parse(stdout) as {
    requests: { average: number };
    latency: { p50: number; p99: number };
    errors: number;
    non2xx: number;
  };
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}
