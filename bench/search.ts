import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { adminConnection, migrate, openDatabase, type Queryable, withOwner, withTenant } from '@payos/db';
import { createApp, createLogger } from '../apps/api/src/app.js';
import { createRateLimiters } from '../apps/api/src/http/middleware/rate-limit.js';
import { sha256Hex } from '../apps/api/src/lib/crypto.js';
import { search } from '../apps/api/src/modules/search/search.service.js';
import { loadGet } from './load-run.js';

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('bench:search measures real PostgreSQL: set DATABASE_URL.');
  process.exit(1);
}
const rows = Number(process.env.BENCH_ROWS ?? 100_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 4);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 4);
const reuse = process.env.BENCH_REUSE_DATABASE;
const keep = process.env.BENCH_KEEP_DATABASE === '1' || reuse !== undefined;
const TARGET_P99_MS = 100;
const POOL_SIZE = 20;
const HISTORY_DAYS = 365;
const WRITE_SAMPLE = 10_000;

const FIRST_NAMES = ['Maria', 'Carlos', 'Ana', 'João', 'Lucía', 'Pedro', 'Camila', 'Diego', 'Valentina', 'Mateo', 'Sofía', 'Andrés'];
const LAST_NAMES = ['Garcia', 'Martinez', 'Souza', 'Rodríguez', 'Silva', 'López', 'Pereira', 'Gómez', 'Costa', 'Fernández'];
const COMPANIES = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Wonka',
  'Stark',
  'Cyberdyne',
  'Tyrell',
  'Massive',
];
const PURPOSES = ['Payroll', 'Invoice', 'Rent', 'Supplier', 'Consulting', 'Logistics', 'Marketing', 'Hosting', 'Insurance', 'Travel'];

const admin = await adminConnection(adminUrl);
const dbName = reuse ?? `payos_bench_search_${process.pid}`;
if (reuse && !/^[a-z0-9_]+$/.test(reuse)) throw new Error('BENCH_REUSE_DATABASE: a database name');
if (!reuse) await admin.query(`CREATE DATABASE ${dbName}`);
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;
const apiDb = await openDatabase({ databaseUrl: url.toString(), poolSize: POOL_SIZE, queryTimeoutMs: 60_000 });
const db = await openDatabase({ databaseUrl: url.toString(), poolSize: 2, acquireTimeoutMs: 600_000, queryTimeoutMs: 0 });
let failed = false;

type Seeded = { key: string; tenantId: string };

try {
  await migrate(db);
  const seeded = reuse ? await seededOf() : await seed();
  const samples = await samplesOf(seeded.tenantId);
  const queries: { kind: string; q: string }[] = [
    { kind: 'common word (“payroll”)', q: 'payroll' },
    { kind: 'two-letter prefix (“co”)', q: 'co' },
    { kind: 'two words (“acme invoice”)', q: 'acme invoice' },
    // The worst case of the word check: both words common, never in one description.
    { kind: 'words never together', q: 'payroll hosting' },
    { kind: 'five one-letter words', q: 'a b c d e' },
    { kind: 'invoice number', q: samples.invoice },
    { kind: 'amount (“1,234.56”)', q: samples.amount },
    { kind: 'id prefix (8 characters)', q: samples.transferId.slice(0, 8) },
    { kind: 'whole id', q: samples.transferId },
    { kind: 'account name (“garcia”)', q: 'garcia' },
    { kind: 'no match (“zzqxv”)', q: 'zzqxv' },
  ];
  if (process.env.BENCH_EXPLAIN === '1') await explain(seeded.tenantId, queries);

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
  const headers = { authorization: `Bearer ${seeded.key}` };
  const lines: string[] = [];
  for (const { kind, q } of queries) {
    const path = `/v1/search?q=${encodeURIComponent(q)}`;
    const found = (await (await fetch(`${server.base}${path}`, { headers })).json()) as { data?: unknown[]; hasMore?: boolean };
    await loadGet(server.base, headers, path, 1, 1); // warm-up: connections, prepared statements
    const one = await loadGet(server.base, headers, path, 1, seconds);
    const many = await loadGet(server.base, headers, path, connections, seconds);
    if (one.total !== one.ok || many.total !== many.ok || one.errors + many.errors > 0) failed = true;
    if (one.p99 > TARGET_P99_MS) failed = true;
    lines.push(
      `${kind.padEnd(30)} ${String(found.data?.length ?? '?').padStart(2)} results${found.hasMore ? '+' : ' '}` +
        `   1 conn: p50 ${one.p50.toFixed(1).padStart(5)} ms  p99 ${one.p99.toFixed(1).padStart(5)} ms  (${one.okPerSecond.toFixed(0)} req/s)` +
        `   ${connections} conns: p50 ${many.p50.toFixed(1).padStart(5)} ms  p99 ${many.p99.toFixed(1).padStart(5)} ms  (${many.okPerSecond.toFixed(0)} req/s)` +
        (one.total !== one.ok || many.total !== many.ok ? `  failures ${JSON.stringify({ ...one.statuses, ...many.statuses })}` : ''),
    );
  }
  server.close();
  const writes = reuse ? undefined : await writeCost(seeded.tenantId);

  console.log(
    `\nbench:search — GET /v1/search, ${rows.toLocaleString('en-US')} transfers in the searched environment ` +
      `(+ ${(rows / 5).toLocaleString('en-US')} in its live environment and ${(rows / 5).toLocaleString('en-US')} in another tenant), ${seconds} s each`,
  );
  for (const line of lines) console.log(line);
  if (writes) {
    const us = (n: number) => `${n.toFixed(0)} µs`;
    console.log(
      `writes, per transfer: ${WRITE_SAMPLE.toLocaleString('en-US')} in one statement ${us(writes.batch.with)} with the search triggers, ` +
        `${us(writes.batch.without)} without; one per statement ${us(writes.single.with)} with, ${us(writes.single.without)} without. ` +
        `search_terms: ${writes.terms.toLocaleString('en-US')} rows`,
    );
  }
  console.log(`target: p99 < ${TARGET_P99_MS} ms at 1 connection (issue #20 §7)${keep ? `; database kept: ${dbName}` : ''}\n`);
  if (failed) {
    console.error('bench:search: a request failed or a p99 missed the target.');
    process.exitCode = 1;
  }
} finally {
  await Promise.allSettled([apiDb.close(), db.close()]);
  if (!keep) await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}

/** The bench tenant (test environment, `rows` transfers) with an API key; its live environment and another tenant as neighbours. */
async function seed(): Promise<Seeded> {
  const started = performance.now();
  const tenantId = randomUUID();
  const key = `pk_test_bench${randomUUID().replaceAll('-', '')}`;
  await fill(tenantId, 'test', rows, key);
  await fill(tenantId, 'live', Math.floor(rows / 5));
  await fill(randomUUID(), 'test', Math.floor(rows / 5));
  // What autovacuum does on a server: statistics, and the visibility map index-only scans need.
  await db.exec('VACUUM ANALYZE');
  await withOwner(db, (tx) => tx.query(`CREATE TABLE bench_search_key (tenant_id uuid NOT NULL, key text NOT NULL)`));
  await withOwner(db, (tx) => tx.query(`INSERT INTO bench_search_key VALUES ($1, $2)`, [tenantId, key]));
  console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { key, tenantId };
}

async function seededOf(): Promise<Seeded> {
  const [row] = await withOwner(db, (tx) => tx.query<{ tenant_id: string; key: string }>('SELECT tenant_id, key FROM bench_search_key'));
  if (!row) throw new Error(`${dbName} holds no bench key: write it with BENCH_KEEP_DATABASE=1 first`);
  return { key: row.key, tenantId: row.tenant_id };
}

/** One tenant environment: accounts, payment methods, agents, schedules, streams and `count` transfers, all through the triggers. */
async function fill(tenantId: string, environment: 'test' | 'live', count: number, key?: string) {
  const userId = randomUUID();
  await withOwner(db, async (tx) => {
    await tx.query(`INSERT INTO tenants (id, name) VALUES ($1, 'Search bench') ON CONFLICT DO NOTHING`, [tenantId]);
    await tx.query(
      `INSERT INTO users (tenant_id, id, email, name, role, password_hash) VALUES ($1, $2, $3, 'Bench', 'owner', 'x') ON CONFLICT DO NOTHING`,
      [tenantId, userId, `${tenantId}.${environment}@bench.example`],
    );
    if (key) {
      await tx.query(
        `INSERT INTO api_keys (tenant_id, id, name, environment, prefix, key_hash, created_by) VALUES ($1, $2, 'bench', $3, $4, $5, $6)`,
        [tenantId, randomUUID(), environment, key.slice(0, 20), sha256Hex(key), userId],
      );
    }
    await tx.query(
      `INSERT INTO accounts (tenant_id, environment, id, type, name, email, created_at)
       SELECT $1, $2, gen_random_uuid(), CASE WHEN g % 3 = 0 THEN 'business' ELSE 'person' END,
              CASE WHEN g % 3 = 0 THEN ($4::text[])[1 + g % 12] || ' ' || g
                   ELSE ($3::text[])[1 + g % 12] || ' ' || ($5::text[])[1 + (g / 12) % 10] || ' ' || g END,
              'holder' || g || '@bench.example', now() - make_interval(days => g)
         FROM generate_series(1, 300) g`,
      [tenantId, environment, FIRST_NAMES, COMPANIES, LAST_NAMES],
    );
    const scope = `tenant_id = '${tenantId}' AND environment = '${environment}'`;
    await tx.query(
      `WITH a AS (SELECT array_agg(id ORDER BY id) AS ids FROM accounts WHERE ${scope} AND type <> 'system')
       INSERT INTO payment_methods (tenant_id, environment, id, account_id, type, rail, currency, label, details, masked, last4, created_at)
       SELECT $1, $2, gen_random_uuid(), a.ids[1 + g % 300], 'bank_account', 'spei', 'MXN',
              CASE WHEN g % 2 = 0 THEN 'Payroll ' || g END,
              jsonb_build_object('clabe', lpad(g::text, 18, '0'), 'holderName', ($3::text[])[1 + g % 12] || ' ' || ($4::text[])[1 + g % 10]),
              jsonb_build_object('clabe', '••••' || lpad((g % 10000)::text, 4, '0'), 'holderName', ($3::text[])[1 + g % 12] || ' ' || ($4::text[])[1 + g % 10]),
              lpad((g % 10000)::text, 4, '0'), now() - make_interval(days => g)
         FROM generate_series(1, 150) g, a`,
      [tenantId, environment, FIRST_NAMES, LAST_NAMES],
    );
    await tx.query(
      `WITH a AS (SELECT array_agg(id ORDER BY id) AS ids FROM accounts WHERE ${scope} AND type = 'business')
       INSERT INTO agents (tenant_id, environment, id, account_id, name, type, status, permissions, token_prefix, token_hash, created_at, updated_at)
       SELECT $1, $2, gen_random_uuid(), a.ids[1 + g % array_length(a.ids, 1)], ($3::text[])[1 + g % 10] || ' bot ' || g, 'payment',
              'active', '{}', 'agent_' || replace(gen_random_uuid()::text, '-', ''), 'x', now(), now()
         FROM generate_series(1, 20) g, a`,
      [tenantId, environment, PURPOSES],
    );
    await tx.query(
      `WITH a AS (SELECT array_agg(id ORDER BY id) AS ids FROM accounts WHERE ${scope} AND type <> 'system')
       INSERT INTO transfer_schedules (tenant_id, environment, id, status, from_account_id, to_account_id, amount, currency, description,
                                       frequency, start_date, timezone, initiated_by_type, created_at, updated_at)
       SELECT $1, $2, gen_random_uuid(), 'paused', a.ids[1 + g % 300], a.ids[1 + (g + 1) % 300], 100 + g, 'USD',
              ($3::text[])[1 + g % 10] || ' ' || ($4::text[])[1 + g % 12] || ' monthly', 'monthly', current_date, 'UTC', 'system',
              now() - make_interval(hours => g), now()
         FROM generate_series(1, 300) g, a`,
      [tenantId, environment, PURPOSES, COMPANIES],
    );
    await tx.query(
      `WITH a AS (SELECT array_agg(id ORDER BY id) AS ids FROM accounts WHERE ${scope} AND type <> 'system')
       INSERT INTO streams (tenant_id, environment, id, sender_account_id, receiver_account_id, currency, rate_per_second, funded, status,
                            health, description, category, initiated_by_type, created_at, updated_at)
       SELECT $1, $2, gen_random_uuid(), a.ids[1 + g % 300], a.ids[1 + (g + 7) % 300], 'USDC', 0.001, 1000, 'paused', 'healthy',
              'Salary ' || ($3::text[])[1 + g % 12], 'salary', 'system', now() - make_interval(hours => g), now()
         FROM generate_series(1, 60) g, a`,
      [tenantId, environment, FIRST_NAMES],
    );
  });
  await insertTransfers(tenantId, environment, 0, count);
}

/** `count` transfers from `start` on, in batches (each through the search triggers). */
async function insertTransfers(tenantId: string, environment: string, start: number, count: number) {
  const BATCH = 20_000;
  for (let from = start; from < start + count; from += BATCH) {
    await withOwner(db, (tx) => insertTransferBatch(tx, tenantId, environment, from, Math.min(start + count, from + BATCH)));
  }
}

function insertTransferBatch(tx: Queryable, tenantId: string, environment: string, from: number, to: number) {
  const spacingSeconds = (HISTORY_DAYS * 86_400) / Math.max(rows, 1);
  return tx.query(
    `WITH a AS (SELECT array_agg(id ORDER BY id) AS ids FROM accounts WHERE tenant_id = $1 AND environment = $2 AND type <> 'system')
     INSERT INTO transfers (tenant_id, environment, id, type, status, from_account_id, to_account_id, amount, currency, total_debit,
                            description, initiated_by_type, created_at, updated_at)
     SELECT $1, $2, gen_random_uuid(), 'internal', 'completed', a.ids[1 + g % 300], a.ids[1 + (g + 1) % 300],
            1 + ((g::bigint * 7919) % 500000) / 100.0, 'USD', 1 + ((g::bigint * 7919) % 500000) / 100.0,
            CASE WHEN g % 5 < 3 THEN ($5::text[])[1 + g % 10] || ' ' || ($6::text[])[1 + (g / 10) % 12] || ' INV-' || g END,
            'system', now() - make_interval(secs => g * $7::float8), now() - make_interval(secs => g * $7::float8)
       FROM generate_series($3::int, $4::int - 1) AS g, a`,
    [tenantId, environment, from, to, PURPOSES, COMPANIES, spacingSeconds],
  );
}

/** Real values to search for: an invoice number, an amount several transfers have, a transfer id. */
async function samplesOf(tenantId: string) {
  return withOwner(db, async (tx) => {
    const [invoice] = await tx.query<{ description: string }>(
      `SELECT description FROM transfers WHERE tenant_id = $1 AND environment = 'test' AND description IS NOT NULL ORDER BY created_at LIMIT 1 OFFSET 5000`,
      [tenantId],
    );
    const [amount] = await tx.query<{ amount: string }>(
      `SELECT amount::text FROM transfers WHERE tenant_id = $1 AND environment = 'test' AND amount > 1000 ORDER BY created_at DESC LIMIT 1 OFFSET 777`,
      [tenantId],
    );
    const [transfer] = await tx.query<{ id: string }>(
      `SELECT id FROM transfers WHERE tenant_id = $1 AND environment = 'test' ORDER BY created_at LIMIT 1 OFFSET 50000`,
      [tenantId],
    );
    const number = /INV-\d+/.exec(invoice?.description ?? '')?.[0] ?? 'INV-1';
    const [integer = '0', fraction = '00'] = Number(amount?.amount ?? '0')
      .toFixed(2)
      .split('.');
    return {
      invoice: number,
      amount: `${Number(integer).toLocaleString('en-US')}.${fraction}`,
      transferId: transfer?.id ?? randomUUID(),
    };
  });
}

/** The plan of each query as the API runs it (the application role, the tenant set), to see which indexes it uses. */
async function explain(tenantId: string, queries: { kind: string; q: string }[]) {
  for (const { kind, q } of queries) {
    const plan: string[] = [];
    await withTenant(apiDb, { tenantId, environment: 'test' }, (tx) => {
      // The service's one statement, explained instead of run: what it reads comes back as plan lines.
      const explaining = {
        query: async (text: string, params?: readonly unknown[]) => {
          const lines = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${text}`, params);
          plan.push(...lines.map((line) => line['QUERY PLAN']));
          return [];
        },
      } as unknown as Queryable;
      return search(explaining, q, 5);
    });
    console.log(`\n── ${kind}: ${q}\n${plan.join('\n')}`);
  }
}

/**
 * What the search triggers cost a write: WRITE_SAMPLE transfers inserted in one statement (a group-commit
 * batch) and SINGLE_WRITES one per statement (a payout), with the triggers and without them (disabled
 * inside the transaction); every transaction is rolled back. Microseconds per transfer.
 */
async function writeCost(tenantId: string) {
  const SINGLE_WRITES = 500;
  const ROLLBACK = new Error('rollback');
  const timed = async (withTriggers: boolean, batch: boolean) => {
    let ms = 0;
    await withOwner(db, async (tx) => {
      if (!withTriggers) await tx.exec('ALTER TABLE transfers DISABLE TRIGGER transfers_search_insert');
      const started = performance.now();
      if (batch) await insertTransferBatch(tx, tenantId, 'test', rows, rows + WRITE_SAMPLE);
      else for (let i = 0; i < SINGLE_WRITES; i++) await insertTransferBatch(tx, tenantId, 'test', rows + i, rows + i + 1);
      ms = performance.now() - started;
      throw ROLLBACK;
    }).catch((error: unknown) => {
      if (error !== ROLLBACK) throw error;
    });
    return (ms * 1000) / (batch ? WRITE_SAMPLE : SINGLE_WRITES);
  };
  await timed(true, true); // warm-up: caches, plans
  const batch = { without: await timed(false, true), with: await timed(true, true) };
  const single = { without: await timed(false, false), with: await timed(true, false) };
  const [count] = await withOwner(db, (tx) => tx.query<{ n: string }>('SELECT count(*)::text AS n FROM search_terms'));
  return { batch, single, terms: Number(count?.n ?? 0) };
}
