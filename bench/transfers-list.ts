import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { adminConnection, migrate, openDatabase, withOwner } from '@payos/db';
import { createApp, createLogger } from '../apps/api/src/app.js';
import { createRateLimiters } from '../apps/api/src/http/middleware/rate-limit.js';
import { sha256Hex } from '../apps/api/src/lib/crypto.js';
import { loadGet } from './load-run.js';

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('bench:transfers-list measures real PostgreSQL: set DATABASE_URL.');
  process.exit(1);
}
const rows = Number(process.env.BENCH_ROWS ?? 100_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const reuse = process.env.BENCH_REUSE_DATABASE;
const keep = process.env.BENCH_KEEP_DATABASE === '1' || reuse !== undefined;
const POOL_SIZE = 20; // the API's default (DATABASE_POOL_SIZE)
const ACCOUNTS = 50;
const HISTORY_DAYS = 29;
const BATCH = 100_000;

const admin = await adminConnection(adminUrl);
const dbName = reuse ?? `payos_bench_list_${process.pid}`;
if (reuse && !/^[a-z0-9_]+$/.test(reuse)) throw new Error('BENCH_REUSE_DATABASE: a database name');
if (!reuse) await admin.query(`CREATE DATABASE ${dbName}`);
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;
const apiDb = await openDatabase({ databaseUrl: url.toString(), poolSize: POOL_SIZE, queryTimeoutMs: 30_000 });
const db = await openDatabase({ databaseUrl: url.toString(), poolSize: 2, acquireTimeoutMs: 120_000 });
let failed = false;

try {
  await migrate(db);
  const key = reuse ? await keyOf() : await seed();
  const { app } = createApp({
    db: apiDb,
    config: { version: 'bench', isProduction: false, jwtSecret: 'bench'.repeat(8), corsOrigins: [], trustProxy: false },
    logger: createLogger('silent'),
    limiters: createRateLimiters({ perMinute: 0, strictPerMinute: 0, authPerMinute: 0 }),
  });
  const server = await new Promise<{ base: string; close: () => void }>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ base: `http://127.0.0.1:${info.port}`, close: () => s.close() }),
    );
  });
  const headers = { authorization: `Bearer ${key}` };
  // A page about halfway through the history, reached as a client would: through nextCursor.
  const [middle] = await withOwner(db, (tx) =>
    tx.query<{ created_at: Date; id: string }>(`SELECT created_at, id FROM transfers ORDER BY created_at DESC, id DESC OFFSET $1 LIMIT 1`, [
      Math.floor(rows / 2),
    ]),
  );
  const cursor = middle && Buffer.from(JSON.stringify({ t: middle.created_at.toISOString(), id: middle.id })).toString('base64url');
  const pages = [
    { name: 'first page', path: '/v1/transfers?limit=25' },
    ...(cursor ? [{ name: 'middle page', path: `/v1/transfers?limit=25&cursor=${cursor}` }] : []),
  ];
  const results: string[] = [];
  for (const page of pages) {
    await run(server.base, headers, page.path, connections, 2); // warm-up: JIT, connections, prepared statements
    const cpu = await cpuMeter();
    const loaded = await run(server.base, headers, page.path, connections, seconds);
    const spent = await cpu.stop();
    const single = await run(server.base, headers, page.path, 1, Math.max(2, seconds / 2));
    if (loaded.total !== loaded.ok || single.total !== single.ok || loaded.errors + single.errors > 0) failed = true;
    results.push(
      `${page.name.padEnd(12)} ${connections} conns: ${loaded.okPerSecond.toFixed(0).padStart(6)} req/s  p50 ${loaded.p50.toFixed(1).padStart(5)} ms` +
        `  p99 ${loaded.p99.toFixed(1).padStart(5)} ms   CPU per request: API ${(spent.apiMicros / loaded.total).toFixed(0)} µs` +
        `, PostgreSQL ${spent.databaseMicros === undefined ? 'n/a' : `${(spent.databaseMicros / loaded.total).toFixed(0)} µs`}` +
        `   1 conn: mean ${single.mean.toFixed(2)} ms` +
        (loaded.total !== loaded.ok ? `  failures ${JSON.stringify(loaded.statuses)}` : ''),
    );
  }
  server.close();
  console.log(
    `\nbench:transfers-list — ${rows.toLocaleString('en-US')} transfers, GET /v1/transfers?limit=25, ${seconds} s, pool ${POOL_SIZE}`,
  );
  for (const line of results) console.log(line);
  console.log(`target: p99 < 20 ms at 32 connections (issue #16)${keep ? `; database kept: ${dbName}` : ''}\n`);
  if (failed) {
    console.error('bench:transfers-list: some requests failed; the figures do not measure the list.');
    process.exitCode = 1;
  }
} finally {
  await Promise.allSettled([apiDb.close(), db.close()]);
  if (!keep) await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}

/** A tenant with an API key, ACCOUNTS accounts and `rows` transfers of history; returns the key. */
async function seed(): Promise<string> {
  const tenantId = randomUUID();
  const userId = randomUUID();
  const key = `pk_test_bench${randomUUID().replaceAll('-', '')}`;
  const started = performance.now();
  await withOwner(db, async (tx) => {
    await tx.query(`INSERT INTO tenants (id, name) VALUES ($1, 'List bench')`, [tenantId]);
    await tx.query(`INSERT INTO users (tenant_id, id, email, name, role, password_hash) VALUES ($1, $2, $3, 'Bench', 'owner', 'x')`, [
      tenantId,
      userId,
      `${tenantId}@bench.example`,
    ]);
    await tx.query(
      `INSERT INTO api_keys (tenant_id, id, name, environment, prefix, key_hash, created_by) VALUES ($1, $2, 'bench', 'test', $3, $4, $5)`,
      [tenantId, randomUUID(), key.slice(0, 20), sha256Hex(key), userId],
    );
    await tx.query(
      `INSERT INTO accounts (tenant_id, environment, id, type, name)
       SELECT $1, 'test', gen_random_uuid(), 'business', 'Bench ' || g FROM generate_series(1, $2) g`,
      [tenantId, ACCOUNTS],
    );
  });
  const spacingSeconds = (HISTORY_DAYS * 86_400) / rows;
  for (let start = 0; start < rows; start += BATCH) {
    await withOwner(db, (tx) =>
      tx.query(
        `WITH a AS (SELECT array_agg(id ORDER BY id) AS ids FROM accounts WHERE tenant_id = $1 AND type = 'business'),
         h AS MATERIALIZED (
           SELECT g, gen_random_uuid() AS id, a.ids, array_length(a.ids, 1) AS n,
                  now() - make_interval(secs => g * $4::float8) AS at, g % 20 = 7 AS payout, g % 10 = 3 AS described
             FROM generate_series($2::int, $3::int - 1) AS g, a),
         t AS (INSERT INTO transfers (tenant_id, environment, id, type, status, from_account_id, to_account_id, amount, currency,
                                      fees, fee_total, total_debit, destination_amount, destination_currency, rate,
                                      description, metadata, initiated_by_type, initiated_by_name, created_at, updated_at)
               SELECT $1, 'test', id, CASE WHEN payout THEN 'payout' ELSE 'internal' END, 'completed',
                      ids[1 + g % n], ids[1 + (g + 1) % n], 10 + g % 1000, 'USD',
                      CASE WHEN payout THEN '[{"type": "platform", "amount": "0.05"}, {"type": "cross_currency", "amount": "0.02"}]'::jsonb
                           ELSE '[]'::jsonb END,
                      CASE WHEN payout THEN 0.07 ELSE 0 END, 10 + g % 1000 + CASE WHEN payout THEN 0.07 ELSE 0 END,
                      CASE WHEN payout THEN (10 + g % 1000) * 17.15 END, CASE WHEN payout THEN 'MXN' END,
                      CASE WHEN payout THEN 17.15 END,
                      CASE WHEN described THEN 'Invoice ' || g || ' — "November" payroll' END,
                      CASE WHEN described THEN jsonb_build_object('invoice', 'INV-' || g, 'region', 'latam', '2024', 'año')
                           ELSE '{}'::jsonb END,
                      CASE WHEN payout THEN 'api_key' ELSE 'system' END, CASE WHEN payout THEN 'bench key' END, at, at
                 FROM h)
         INSERT INTO transfer_events (tenant_id, environment, id, transfer_id, status, at)
         SELECT $1, 'test', gen_random_uuid(), h.id, s.status, h.at + s.after
           FROM h CROSS JOIN (VALUES ('pending', interval '0'), ('completed', interval '1.5 ms')) AS s (status, after)`,
        [tenantId, start, Math.min(rows, start + BATCH), spacingSeconds],
      ),
    );
  }
  await withOwner(db, (tx) => tx.exec('ANALYZE'));
  console.log(`history: ${rows.toLocaleString('en-US')} transfers written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await withOwner(db, (tx) => tx.query(`CREATE TABLE bench_list_key (key text NOT NULL)`));
  await withOwner(db, (tx) => tx.query(`INSERT INTO bench_list_key VALUES ($1)`, [key]));
  return key;
}

/** The API key of a database written by an earlier run (kept with BENCH_KEEP_DATABASE=1). */
async function keyOf(): Promise<string> {
  const [row] = await withOwner(db, (tx) => tx.query<{ key: string }>('SELECT key FROM bench_list_key'));
  if (!row) throw new Error(`${dbName} holds no bench key: write it with BENCH_KEEP_DATABASE=1 first`);
  return row.key;
}

/** CPU time of the clock ticks PostgreSQL's backends have used, by pid (undefined: not readable here). */
async function backendTicks(): Promise<Map<number, number> | undefined> {
  const backends = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [dbName]);
  const ticks = new Map<number, number>();
  for (const { pid } of backends) {
    try {
      // /proc/<pid>/stat: utime and stime are the 14th and 15th fields, after the parenthesized name.
      const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch (error) {
      if (process.env.BENCH_DEBUG) console.error(pid, error);
      // another host, or a backend that just ended
    }
  }
  return ticks.size > 0 ? ticks : undefined;
}

/** Starts counting the API's and PostgreSQL's CPU; stop() gives microseconds of each since. */
async function cpuMeter() {
  const ticksPerSecond = 100; // USER_HZ, 100 on Linux
  const before = await backendTicks();
  const api = process.cpuUsage();
  return {
    stop: async () => {
      const { user, system } = process.cpuUsage(api);
      const after = await backendTicks();
      let databaseMicros: number | undefined;
      if (before && after) {
        databaseMicros = 0;
        for (const [pid, t] of after) databaseMicros += ((t - (before.get(pid) ?? 0)) * 1e6) / ticksPerSecond;
      }
      return { apiMicros: user + system, databaseMicros };
    },
  };
}

/** loadGet, with `mean` = seconds × connections / responses. */
async function run(base: string, headers: Record<string, string>, path: string, conns: number, durationSeconds: number) {
  const line = await loadGet(base, headers, path, conns, durationSeconds);
  return { ...line, mean: (durationSeconds * 1000 * conns) / Math.max(1, line.total) };
}
