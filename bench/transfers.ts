/**
 * bench:transfers — how the cost of PayOS's write path grows, measured against a plain-SQL ledger on the
 * same PostgreSQL (DATABASE_URL; a scratch database, dropped afterwards). One run, in this order:
 *
 * 1. Baseline: a ledger written as a typical service would write it, over `pg` directly, in its own
 *    tables (baseline_accounts, _balances, _transfers, _entries). Per transfer, one statement at a time:
 *    BEGIN; INSERT the transfer; UPDATE the two balances in account-id order (the UPDATE takes the row
 *    lock, always in the same order; a CHECK keeps balances ≥ 0); INSERT the two entries; COMMIT.
 *    N clients in this process share a pg.Pool as large as the API's (20); random pairs of 50 accounts.
 * 2. Concurrency sweep, 1, 8, 32 and 128 connections: PayOS — POST /v1/transfers (internal) over HTTP
 *    with an API key and a fresh Idempotency-Key per request, random pairs of 50 funded accounts, the API
 *    in this process as before (pool of 20, rate limits off), the load from a child process
 *    (bench/load.mjs) — and the baseline: transfers/s, p50, p99, and PayOS/baseline at each level
 *    (issue #16's target: ≥ 1.0× at 32 connections).
 * 3. Size sweep: a tenant whose history already holds 10k, 100k, then 1M transfers (BENCH_MAX_ROWS caps
 *    it), written set-based with generate_series and complete — each transfer with its two events, its
 *    ledger transaction and two entries, among the same 50 accounts, within the last 29 days (so the
 *    limit check's 30-day usage reads them) — timed. At each size, 32 connections: GET
 *    /v1/transfers?limit=25 (p99) and internal transfers (transfers/s); each must stay within 20 % of the
 *    smallest size's figure.
 * 4. Hot accounts: every transfer among 10 accounts, 32 connections, PayOS and baseline: transfers/s,
 *    p99, failures by HTTP status (PayOS) or SQLSTATE (baseline). A deadlock is a failure of the run.
 * After every phase: ledger:verify (every PayOS balance recomputed from its entries, as owner) and the
 * same check of the baseline's ledger. At the end: a summary table with the ratios, and PostgreSQL's own
 * deadlock count for the scratch database. Exit code 1 if a ledger check fails or a deadlock occurred.
 *
 * BENCH_SECONDS (10) per measurement, each after a warm-up of BENCH_WARMUP_SECONDS (2).
 * BENCH_QUICK=1: a smoke run — sizes 1k, 3k, 10k, and unless set otherwise 2 s measurements, 1 s warm-ups.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Http2Bindings, type HttpBindings, serve } from '@hono/node-server';
import { adminConnection, analyzeGrownTables, autovacuumRuns, migrate, openDatabase, withOwner, withTenant } from '@payos/db';
import { Money } from '@payos/money';
import pg from 'pg';
import { createApp, createLogger } from '../apps/api/src/app.js';
import { systemClock } from '../apps/api/src/core/clock.js';
import { createRateLimiters } from '../apps/api/src/http/middleware/rate-limit.js';
import { sha256Hex } from '../apps/api/src/lib/crypto.js';
import { createAccount, verifyAccount } from '../apps/api/src/modules/accounts/accounts.service.js';
import { createSystemAccounts, systemAccountId, verifyLedger } from '../apps/api/src/modules/ledger/ledger.repo.js';
import * as ledger from '../apps/api/src/modules/ledger/ledger.service.js';

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('bench:transfers measures real PostgreSQL: set DATABASE_URL.');
  process.exit(1);
}
const quick = process.env.BENCH_QUICK === '1';
const seconds = Number(process.env.BENCH_SECONDS ?? (quick ? 2 : 10));
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? (quick ? 1 : 2));
const LEVELS = [1, 8, 32, 128];
const TARGET_LEVEL = 32;
const POOL_SIZE = 20; // the API's (DATABASE_POOL_SIZE default); the baseline gets the same
const ACCOUNTS = 50;
const HOT_ACCOUNTS = 10;
const maxRows = Number(process.env.BENCH_MAX_ROWS ?? Number.POSITIVE_INFINITY);
// Multiples of ACCOUNTS: the history runs whole cycles of transfers among the accounts (see writeHistory).
const SIZES = [
  ...new Set(
    (quick ? [1_000, 3_000, 10_000] : [10_000, 100_000, 1_000_000]).map((n) => Math.floor(Math.min(n, maxRows) / ACCOUNTS) * ACCOUNTS),
  ),
].filter((n) => n > 0);
if (SIZES.length === 0) {
  console.error(`BENCH_MAX_ROWS must be at least ${ACCOUNTS}.`);
  process.exit(1);
}
const HISTORY_BATCH = 100_000;
const HISTORY_DAYS = 29;

// ---------------------------------------------------------------------------------------------------
// Figures and printing

/** One measurement: successful transfers (or requests) per second, latency of every attempt, failures. */
type Figures = { perSecond: number; p50: number; p99: number; total: number; failures: Record<string, number> };
/** Something a measurement can drive: PayOS over HTTP, or the baseline in this process. */
type Target = { run: (connections: number, seconds: number) => Promise<Figures> };

/** Warm-up, then the measurement: the one way every phase measures. */
async function measure(target: Target, connections: number): Promise<Figures> {
  if (warmupSeconds > 0) await target.run(connections, warmupSeconds);
  // A server without autovacuum: what the API's statistics keeper does every minute, done here before
  // each measurement (packages/db/src/statistics.ts).
  if (keepStatistics) await analyzeGrownTables(db);
  return target.run(connections, seconds);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const num = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(1)} ms`;
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');
const failureText = (f: Figures) =>
  Object.entries(f.failures)
    .map(([code, n]) => `${code}×${n}`)
    .join(' ') || 'none';
const failureCount = (f: Figures) => Object.values(f.failures).reduce((a, b) => a + b, 0);

/** Prints rows under a header, the first column left-aligned and the others right-aligned. */
function printTable(title: string, header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  console.log(`\n${title}\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}`);
  for (const row of rows) console.log(line(row));
}

// ---------------------------------------------------------------------------------------------------
// Scratch database, the API, PayOS tenants

const admin = await adminConnection(adminUrl);
const dbName = `payos_bench_transfers_${process.pid}`;
await admin.query(`CREATE DATABASE ${dbName}`);
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;
// The API's pool, as prepareRuntime opens it with the environment's defaults (DATABASE_POOL_SIZE,
// DATABASE_QUERY_TIMEOUT_MS); it serves the API only. The bench's own setup, history and ledger checks
// go through a small pool of their own, which waits for its connections instead of failing after 2 s.
const apiDb = await openDatabase({ databaseUrl: url.toString(), poolSize: POOL_SIZE, queryTimeoutMs: 30_000 });
const db = await openDatabase({ databaseUrl: url.toString(), poolSize: 2, acquireTimeoutMs: 120_000 });
const baselinePool = new pg.Pool({ connectionString: url.toString(), max: POOL_SIZE });
const keepStatistics = !(await autovacuumRuns(db));
let exitCode = 0;
let closed = false;
const closeConnections = async () => {
  if (closed) return;
  closed = true;
  await Promise.allSettled([apiDb.close(), db.close(), baselinePool.end()]);
};

/** Requests the API has received and not yet answered: a measurement ends when they are done. */
let inFlight = 0;

async function apiIdle() {
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 10));
}

async function startApi() {
  await migrate(db);
  const { app } = createApp({
    db: apiDb,
    config: { version: 'bench', isProduction: false, jwtSecret: 'bench'.repeat(8), corsOrigins: [], trustProxy: false },
    logger: createLogger('silent'),
    limiters: createRateLimiters({ perMinute: 0, strictPerMinute: 0, authPerMinute: 0 }),
  });
  return new Promise<{ base: string; close: () => void }>((resolve) => {
    const fetch = async (request: Request, env: HttpBindings | Http2Bindings) => {
      inFlight++;
      try {
        return await app.fetch(request, env);
      } finally {
        inFlight--;
      }
    };
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ base: `http://127.0.0.1:${info.port}`, close: () => s.close() }),
    );
  });
}

type Tenant = { tenantId: string; key: string; ids: string[] };

/** A tenant with an API key and `count` verified (tier 3) accounts holding 10,000,000 USD each. */
async function tenantWithAccounts(name: string, count: number): Promise<Tenant> {
  const tenantId = randomUUID();
  const userId = randomUUID();
  const key = `pk_test_bench${randomUUID().replaceAll('-', '')}`;
  await withOwner(db, async (tx) => {
    await tx.query(`INSERT INTO tenants (id, name) VALUES ($1, $2)`, [tenantId, name]);
    await tx.query(`INSERT INTO users (tenant_id, id, email, name, role, password_hash) VALUES ($1, $2, $3, 'Bench', 'owner', 'x')`, [
      tenantId,
      userId,
      `${tenantId}@bench.example`,
    ]);
    await tx.query(
      `INSERT INTO api_keys (tenant_id, id, name, environment, prefix, key_hash, created_by) VALUES ($1, $2, 'bench', 'test', $3, $4, $5)`,
      [tenantId, randomUUID(), key.slice(0, 20), sha256Hex(key), userId],
    );
    await createSystemAccounts(tx, tenantId, new Date());
  });
  const actor = { tenantId, environment: 'test' as const, kind: 'user' as const, id: userId, name: 'b', role: 'owner' as const };
  const ids = await withTenant(db, actor, async (tx) => {
    const funding = await systemAccountId(tx, 'funding');
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      const account = await createAccount(tx, { clock: systemClock }, actor, { type: 'business', name: `${name} ${i}` });
      await verifyAccount(tx, { clock: systemClock }, account.id, 3);
      await ledger.post(tx, {
        entries: ledger.moveEntries(funding, account.id, 'USD', new Money(10_000_000)),
        referenceType: 'bench',
        at: new Date(),
      });
      out.push(account.id);
    }
    return out;
  });
  return { tenantId, key, ids };
}

/** Two different accounts and an amount of 1.00 to 11.00. */
function randomTransfer(ids: string[]) {
  const from = ids[Math.floor(Math.random() * ids.length)] as string;
  let to = from;
  while (to === from) to = ids[Math.floor(Math.random() * ids.length)] as string;
  return { from, to, amount: (1 + Math.random() * 10).toFixed(2) };
}

// ---------------------------------------------------------------------------------------------------
// PayOS over HTTP, driven by bench/load.mjs in a child process

type LoadRequest = { method: 'GET' | 'POST'; path: string; bodies?: string[]; idempotencyKeys?: boolean };
type LoadLine = { okPerSecond: number; p50: number; p99: number; total: number; statuses: Record<string, number>; errors: number };

async function runLoad(options: {
  url: string;
  headers: Record<string, string>;
  requests: LoadRequest[];
  connections: number;
  durationSeconds: number;
}) {
  const script = new URL('./load.mjs', import.meta.url).pathname;
  const file = join(tmpdir(), `payos-load-${randomUUID()}.json`); // thousands of bodies: too large for argv
  writeFileSync(file, JSON.stringify(options));
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [script, file], { maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(stdout.trim().split('\n').at(-1) as string) as LoadLine;
  } finally {
    rmSync(file, { force: true });
  }
}

/** PayOS answering `request` (with the tenant's API key); successful requests per second. */
function apiTarget(base: string, tenant: Tenant, request: LoadRequest): Target {
  const headers = { authorization: `Bearer ${tenant.key}`, 'content-type': 'application/json' };
  return {
    run: async (connections, durationSeconds) => {
      const r = await runLoad({ url: base, headers, requests: [request], connections, durationSeconds });
      await apiIdle(); // the requests still running when the load stopped: not to be counted in the next measurement
      const failures: Record<string, number> = { ...r.statuses, ...(r.errors > 0 && { 'no answer': r.errors }) };
      return { perSecond: r.okPerSecond, p50: r.p50, p99: r.p99, total: r.total, failures };
    },
  };
}

/** Internal transfers among the tenant's accounts (5,000 random bodies, round-robin), each with its own Idempotency-Key. */
function transfersTarget(base: string, tenant: Tenant): Target {
  const bodies = Array.from({ length: 5000 }, () => {
    const { from, to, amount } = randomTransfer(tenant.ids);
    return JSON.stringify({ type: 'internal', fromAccountId: from, toAccountId: to, amount, currency: 'USD' });
  });
  return apiTarget(base, tenant, { method: 'POST', path: '/v1/transfers', bodies, idempotencyKeys: true });
}

const listTarget = (base: string, tenant: Tenant) => apiTarget(base, tenant, { method: 'GET', path: '/v1/transfers?limit=25' });

// ---------------------------------------------------------------------------------------------------
// The baseline: a plain-SQL ledger over pg

async function createBaselineSchema() {
  await baselinePool.query(`
    CREATE TABLE baseline_accounts (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL,
                                    created_at timestamptz NOT NULL DEFAULT now());
    CREATE TABLE baseline_balances (account_id uuid PRIMARY KEY REFERENCES baseline_accounts,
                                    balance numeric(30, 8) NOT NULL CHECK (balance >= 0),
                                    updated_at timestamptz NOT NULL DEFAULT now());
    CREATE TABLE baseline_transfers (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                                     from_account_id uuid NOT NULL REFERENCES baseline_accounts,
                                     to_account_id uuid NOT NULL REFERENCES baseline_accounts,
                                     amount numeric(30, 8) NOT NULL CHECK (amount > 0), currency text NOT NULL,
                                     created_at timestamptz NOT NULL DEFAULT now());
    CREATE INDEX ON baseline_transfers (created_at DESC);
    -- Deposits are entries without a transfer: every balance is the sum of its entries.
    CREATE TABLE baseline_entries (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                                   transfer_id uuid REFERENCES baseline_transfers,
                                   account_id uuid NOT NULL REFERENCES baseline_accounts,
                                   amount numeric(30, 8) NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
    CREATE INDEX ON baseline_entries (account_id, id DESC);
    CREATE INDEX ON baseline_entries (transfer_id);`);
}

/** `count` baseline accounts, each with a deposit of 10,000,000. */
async function baselineAccounts(count: number): Promise<string[]> {
  const rows = await baselinePool.query<{ id: string }>(
    `WITH a AS (INSERT INTO baseline_accounts (name) SELECT 'Bench ' || g FROM generate_series(1, $1) g RETURNING id),
          b AS (INSERT INTO baseline_balances (account_id, balance) SELECT id, 10000000 FROM a)
     INSERT INTO baseline_entries (account_id, amount) SELECT id, 10000000 FROM a RETURNING account_id AS id`,
    [count],
  );
  return rows.rows.map((r) => r.id);
}

/** One transfer, the way a typical service writes it: one statement at a time, balances locked in id order. */
async function baselineTransfer(from: string, to: string, amount: string) {
  const client = await baselinePool.connect();
  try {
    await client.query('BEGIN');
    const inserted = await client.query<{ id: string }>(
      'INSERT INTO baseline_transfers (from_account_id, to_account_id, amount, currency) VALUES ($1, $2, $3, $4) RETURNING id',
      [from, to, amount, 'USD'],
    );
    const transferId = inserted.rows[0]?.id;
    const moves = [
      { account: from, delta: `-${amount}` },
      { account: to, delta: amount },
    ].sort((a, b) => (a.account < b.account ? -1 : 1));
    for (const move of moves) {
      await client.query('UPDATE baseline_balances SET balance = balance + $2, updated_at = now() WHERE account_id = $1', [
        move.account,
        move.delta,
      ]);
    }
    for (const move of moves) {
      await client.query('INSERT INTO baseline_entries (transfer_id, account_id, amount) VALUES ($1, $2, $3)', [
        transferId,
        move.account,
        move.delta,
      ]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** `connections` in-process clients posting baseline transfers back to back; failures by SQLSTATE. */
function baselineTarget(ids: string[]): Target {
  return {
    run: async (connections, durationSeconds) => {
      const latencies: number[] = [];
      const failures: Record<string, number> = {};
      let ok = 0;
      const end = performance.now() + durationSeconds * 1000;
      const client = async () => {
        while (performance.now() < end) {
          const { from, to, amount } = randomTransfer(ids);
          const started = performance.now();
          try {
            await baselineTransfer(from, to, amount);
            ok++;
          } catch (error) {
            const code = (error as { code?: string }).code ?? 'error';
            failures[code] = (failures[code] ?? 0) + 1;
          }
          latencies.push(performance.now() - started);
        }
      };
      const started = performance.now();
      await Promise.all(Array.from({ length: connections }, client));
      const elapsed = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      return {
        perSecond: ok / elapsed,
        p50: percentile(latencies, 0.5),
        p99: percentile(latencies, 0.99),
        total: latencies.length,
        failures,
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Ledger checks

const checks: { phase: string; ok: boolean }[] = [];

/** ledger:verify on PayOS (as owner) and the same check on the baseline's tables, printed. */
async function verify(phase: string) {
  const payos = await withOwner(db, (tx) => verifyLedger(tx));
  const [baseline] = (
    await baselinePool.query<{ mismatched: number; unbalanced: number }>(
      `SELECT (SELECT count(*)::int FROM baseline_balances b
                WHERE b.balance <> (SELECT coalesce(sum(amount), 0) FROM baseline_entries e WHERE e.account_id = b.account_id)) AS mismatched,
              (SELECT count(*)::int FROM (SELECT 1 FROM baseline_entries WHERE transfer_id IS NOT NULL
                                           GROUP BY transfer_id HAVING sum(amount) <> 0) u) AS unbalanced`,
    )
  ).rows;
  const baselineOk = baseline?.mismatched === 0 && baseline.unbalanced === 0;
  const ok = payos.ok && baselineOk;
  checks.push({ phase, ok });
  if (!ok) exitCode = 1;
  console.log(
    `ledger:verify after ${phase}: ok=${payos.ok} balancesChecked=${payos.balancesChecked} discrepancies=${payos.discrepancies.length}` +
      ` · baseline ledger ok=${baselineOk}`,
  );
}

// ---------------------------------------------------------------------------------------------------
// Phases

type SweepRow = { label: string; connections: number; payos: Figures; baseline: Figures };

/** Phases 1 and 2: PayOS and the baseline at each concurrency level, 50 accounts each. */
async function concurrencySweep(base: string): Promise<SweepRow[]> {
  const tenant = await tenantWithAccounts('Sweep', ACCOUNTS);
  const payos = transfersTarget(base, tenant);
  const baseline = baselineTarget(await baselineAccounts(ACCOUNTS));
  const rows: SweepRow[] = [];
  for (const connections of LEVELS) {
    rows.push({
      label: `sweep, ${ACCOUNTS} accounts`,
      connections,
      payos: await measure(payos, connections),
      baseline: await measure(baseline, connections),
    });
  }
  printSweepTable(`Concurrency sweep — internal transfers, ${ACCOUNTS} accounts, ${seconds} s each`, rows);
  await verify('the concurrency sweep');
  return rows;
}

function printSweepTable(title: string, rows: SweepRow[]) {
  printTable(
    title,
    ['case', 'conns', 'PayOS/s', 'p50', 'p99', 'failures', 'baseline/s', 'p50', 'p99', 'failures', 'PayOS/baseline'],
    rows.map((r) => [
      r.label,
      String(r.connections),
      num(r.payos.perSecond),
      ms(r.payos.p50),
      ms(r.payos.p99),
      failureText(r.payos),
      num(r.baseline.perSecond),
      ms(r.baseline.p50),
      ms(r.baseline.p99),
      failureText(r.baseline),
      ratio(r.payos.perSecond, r.baseline.perSecond),
    ]),
  );
}

/**
 * Grows the tenant's history from `from` to `to` transfers, set-based: transfer g goes from account
 * g mod n to account g+1 mod n, 1.00 USD, so whole cycles leave every balance as it was (entries and
 * balances agree; balance_after follows the cycle). Each has its two events, its ledger transaction
 * (reference_type 'transfer', counted by the limit check) and its two entries, spaced evenly back from now.
 * Then statistics are refreshed (ANALYZE), as a production database's autovacuum would.
 */
async function writeHistory(tenant: Tenant, from: number, to: number) {
  const spacingSeconds = (HISTORY_DAYS * 86_400) / (SIZES.at(-1) as number);
  for (let start = from; start < to; start += HISTORY_BATCH) {
    await withOwner(db, (tx) =>
      tx.query(
        `WITH h AS MATERIALIZED (
           SELECT g, gen_random_uuid() AS id, gen_random_uuid() AS txn,
                  $2::uuid[] AS ids, array_length($2::uuid[], 1) AS n,
                  now() - make_interval(secs => g * $5::float8) AS at
             FROM generate_series($3::int, $4::int - 1) AS g),
         p AS (SELECT h.*, ids[1 + g % n] AS sender, ids[1 + (g + 1) % n] AS receiver FROM h),
         t AS (INSERT INTO transfers (tenant_id, environment, id, type, status, from_account_id, to_account_id, amount, currency,
                                      total_debit, initiated_by_type, created_at, updated_at)
               SELECT $1, 'test', id, 'internal', 'completed', sender, receiver, 1, 'USD', 1, 'system', at, at FROM p),
         e AS (INSERT INTO transfer_events (tenant_id, environment, id, transfer_id, status, at)
               SELECT $1, 'test', gen_random_uuid(), p.id, s.status, p.at FROM p CROSS JOIN (VALUES ('pending'), ('completed')) AS s (status)),
         l AS (INSERT INTO ledger_transactions (tenant_id, environment, id, reference_type, reference_id, description, created_at)
               SELECT $1, 'test', txn, 'transfer', id, 'History', at FROM p)
         INSERT INTO ledger_entries (tenant_id, environment, id, transaction_id, account_id, currency, part, amount, balance_after, created_at)
         SELECT $1, 'test', gen_random_uuid(), p.txn, m.account, 'USD', 'available', m.amount, b.available + m.offset_after, p.at
           FROM p
           CROSS JOIN LATERAL (VALUES (p.sender, -1, CASE WHEN p.g % p.n = 0 THEN -1 ELSE 0 END),
                                      (p.receiver, 1, CASE WHEN p.g % p.n = p.n - 1 THEN 0 ELSE 1 END)) AS m (account, amount, offset_after)
           JOIN balances b ON b.tenant_id = $1 AND b.account_id = m.account AND b.currency = 'USD'`,
        [tenant.tenantId, tenant.ids, start, Math.min(to, start + HISTORY_BATCH), spacingSeconds],
      ),
    );
  }
  // Where the schema keeps hourly limit-usage counters (0013_limit_usage.sql), they are recounted from the
  // entries just written, as its repair function does; ledger:verify checks them.
  await withOwner(db, async (tx) => {
    const [counters] = await tx.query<{ present: boolean }>(`SELECT to_regproc('limit_usage_rebuild') IS NOT NULL AS present`);
    if (counters?.present) await tx.query('SELECT limit_usage_rebuild()');
  });
  await withOwner(db, (tx) => tx.exec('ANALYZE'));
}

type SizeRow = { size: number; writeSeconds: number; list: Figures; transfers: Figures };

/** Phase 3: list p99 and transfer throughput as the tenant's history grows through SIZES. */
async function sizeSweep(base: string): Promise<SizeRow[]> {
  const tenant = await tenantWithAccounts('Sizes', ACCOUNTS);
  const transfers = transfersTarget(base, tenant);
  const list = listTarget(base, tenant);
  const rows: SizeRow[] = [];
  let written = 0;
  for (const size of SIZES) {
    const started = performance.now();
    await writeHistory(tenant, written, size);
    const writeSeconds = (performance.now() - started) / 1000;
    console.log(`history: ${num(written)} → ${num(size)} transfers written in ${writeSeconds.toFixed(1)} s`);
    written = size;
    rows.push({
      size,
      writeSeconds,
      list: await measure(list, TARGET_LEVEL),
      transfers: await measure(transfers, TARGET_LEVEL),
    });
    await verify(`${num(size)} transfers`);
  }
  printSizeTable(rows);
  return rows;
}

/** Within 20 % of the smallest size: list p99 at most 1.2×, throughput at least 0.8×. */
const withinP99 = (r: SizeRow, first: SizeRow) => r.list.p99 <= first.list.p99 * 1.2;
const withinThroughput = (r: SizeRow, first: SizeRow) => r.transfers.perSecond >= first.transfers.perSecond * 0.8;

function printSizeTable(rows: SizeRow[]) {
  const first = rows[0] as SizeRow;
  printTable(
    `Size sweep — ${TARGET_LEVEL} connections, ${seconds} s each; "within 20 %" compares with ${num(first.size)} transfers`,
    ['transfers in history', 'written in', 'list req/s', 'list p99', 'within 20 %', 'transfers/s', 'p99', 'within 20 %', 'failures'],
    rows.map((r) => [
      num(r.size),
      `${r.writeSeconds.toFixed(1)} s`,
      num(r.list.perSecond),
      ms(r.list.p99),
      `${withinP99(r, first) ? 'yes' : 'NO'} (${ratio(r.list.p99, first.list.p99)})`,
      num(r.transfers.perSecond),
      ms(r.transfers.p99),
      `${withinThroughput(r, first) ? 'yes' : 'NO'} (${ratio(r.transfers.perSecond, first.transfers.perSecond)})`,
      `${failureText(r.list)} / ${failureText(r.transfers)}`,
    ]),
  );
}

/** Phase 4: every transfer among 10 accounts; any deadlock fails the run. */
async function hotAccounts(base: string): Promise<SweepRow> {
  const tenant = await tenantWithAccounts('Hot', HOT_ACCOUNTS);
  const row = {
    label: `hot, ${HOT_ACCOUNTS} accounts`,
    connections: TARGET_LEVEL,
    payos: await measure(transfersTarget(base, tenant), TARGET_LEVEL),
    baseline: await measure(baselineTarget(await baselineAccounts(HOT_ACCOUNTS)), TARGET_LEVEL),
  };
  printSweepTable(`Hot accounts — every transfer among ${HOT_ACCOUNTS} accounts, ${seconds} s`, [row]);
  // A deadlock surfaces as SQLSTATE 40P01 in the baseline and as a 500 from PayOS.
  const deadlocks = (row.baseline.failures['40P01'] ?? 0) + (row.payos.failures['500'] ?? 0);
  console.log(`deadlocks (baseline 40P01, PayOS 500): ${deadlocks}`);
  if (deadlocks > 0) exitCode = 1;
  await verify('the hot-account case');
  return row;
}

/** PostgreSQL's own count for the scratch database (complete once every connection has closed). */
async function postgresDeadlocks() {
  await new Promise((r) => setTimeout(r, 500));
  const [row] = await admin.query<{ deadlocks: string }>('SELECT deadlocks::text FROM pg_stat_database WHERE datname = $1', [dbName]);
  return Number(row?.deadlocks ?? 0);
}

function printSummary(sweep: SweepRow[], sizes: SizeRow[], hot: SweepRow, deadlocks: number) {
  printSweepTable(`Summary — internal transfers, PayOS (HTTP, API key, Idempotency-Key) vs plain-SQL baseline`, [...sweep, hot]);
  const first = sizes[0] as SizeRow;
  const last = sizes.at(-1) as SizeRow;
  const at32 = sweep.find((r) => r.connections === TARGET_LEVEL) as SweepRow;
  const ratio32 = at32.payos.perSecond / at32.baseline.perSecond;
  console.log(
    [
      '',
      `PayOS/baseline at ${TARGET_LEVEL} connections: ${ratio(at32.payos.perSecond, at32.baseline.perSecond)} (target ≥ 1.00×: ${ratio32 >= 1 ? 'met' : 'NOT met'})`,
      `size sweep ${num(first.size)} → ${num(last.size)} transfers: list p99 ${ms(first.list.p99)} → ${ms(last.list.p99)} ` +
        `(${sizes.every((r) => withinP99(r, first)) ? 'within' : 'NOT within'} 20 %), transfers/s ${num(first.transfers.perSecond)} → ` +
        `${num(last.transfers.perSecond)} (${sizes.every((r) => withinThroughput(r, first)) ? 'within' : 'NOT within'} 20 %)`,
      `hot accounts: PayOS ${num(hot.payos.perSecond)}/s p99 ${ms(hot.payos.p99)} failures ${failureCount(hot.payos)}; ` +
        `baseline ${num(hot.baseline.perSecond)}/s p99 ${ms(hot.baseline.p99)} failures ${failureCount(hot.baseline)}`,
      `deadlocks reported by PostgreSQL for the whole run: ${deadlocks}`,
      `ledger:verify: ${checks.every((c) => c.ok) ? 'ok' : 'FAILED'} after every phase (${checks.map((c) => `${c.phase}: ${c.ok ? 'ok' : 'FAILED'}`).join('; ')})`,
      '',
    ].join('\n'),
  );
}

try {
  console.log(
    `bench:transfers — ${seconds} s per measurement (+${warmupSeconds} s warm-up), levels ${LEVELS.join('/')}, sizes ${SIZES.map(num).join('/')}`,
  );
  if (keepStatistics)
    console.log('autovacuum is off on this server: tables that grew are analyzed before each measurement, as the API does each minute');
  const server = await startApi();
  await createBaselineSchema();
  const sweep = await concurrencySweep(server.base);
  const sizes = await sizeSweep(server.base);
  const hot = await hotAccounts(server.base);
  server.close();
  await closeConnections();
  const deadlocks = await postgresDeadlocks();
  if (deadlocks > 0) exitCode = 1;
  printSummary(sweep, sizes, hot, deadlocks);
} finally {
  await closeConnections();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}
process.exitCode = exitCode;
