/**
 * bench:soak — BENCH_MINUTES (10) of steady mixed traffic against the API on PostgreSQL (DATABASE_URL; a
 * scratch database, dropped afterwards), to see whether anything drifts as the hours of a real deployment would.
 * The API runs as production runs it — `apps/api/src/main.ts` in its own process, NODE_ENV=production,
 * pool of 20, settlement worker in-process, rate limits on (1,000,000 a minute, so they never refuse) —
 * and is set up through its own endpoints: one tenant, an API key, 20 verified accounts with deposits.
 * bench/load.mjs, in another process, keeps 16 connections busy; each sends in turn an internal transfer
 * (random pair, fresh Idempotency-Key), a list page (GET /v1/transfers?limit=25), another transfer and an
 * FX quote (POST /v1/quotes): half transfers, a quarter lists, a quarter quotes.
 * Printed each minute: requests/s, p99, errors (non-2xx by status, and requests without an answer) and
 * the API process's RSS. Then: from minute 2 (minute 1 warms up) to the last, do throughput and p99 stay
 * within 20 % of minute 2's? And ledger:verify (as owner) once the API has stopped; exit code 1 if it fails.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { adminConnection, openDatabase, withOwner } from '@payos/db';
import { verifyLedger } from '../apps/api/src/modules/ledger/ledger.repo.js';
import { freePort } from '../tests/e2e/servers.js';

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('bench:soak runs on PostgreSQL: set DATABASE_URL.');
  process.exit(1);
}
const minutes = Number(process.env.BENCH_MINUTES ?? 10);
const CONNECTIONS = 16;
const ACCOUNTS = 20;
const root = join(import.meta.dirname, '..');

type Minute = {
  interval: number;
  perSecond: number;
  p99: number;
  statuses: Record<string, number>;
  errors: number;
  total: number;
  rssMb: number;
};

/** The API process, configured from the environment as a production deployment is. */
async function startApi(databaseUrl: string) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      REDIS_URL: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: 'soak-secret-soak-secret-soak-secret-0001',
      LOG_LEVEL: 'error',
      RATE_LIMIT_PER_MINUTE: '1000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    if (
      await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { base, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the API did not become healthy within 60 s');
}

async function stopApi(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Resident set size of a process, in MB (Linux /proc). */
function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb ? Number(kb) / 1024 : Number.NaN;
}

async function call<T>(base: string, method: string, path: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { data: T }).data;
}

/** A tenant through the API: sign-up, a test API key, ACCOUNTS verified accounts with 1,000,000 USD each. */
async function setUpTenant(base: string) {
  const signup = await call<{ session: { accessToken: string } }>(base, 'POST', '/v1/auth/signup', '', {
    email: `soak-${randomUUID()}@example.com`,
    password: 'a-long-enough-password',
    name: 'Soak',
    organizationName: 'Soak Ltd',
  });
  const userToken = signup.session.accessToken;
  const { key } = await call<{ key: string }>(base, 'POST', '/v1/api-keys', userToken, { name: 'soak', environment: 'test' });
  const ids: string[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const { id } = await call<{ id: string }>(base, 'POST', '/v1/accounts', key, { type: 'business', name: `Soak ${i}` });
    await call(base, 'POST', `/v1/accounts/${id}/verify`, userToken, { tier: 3 });
    await call(base, 'POST', '/v1/deposits', key, { accountId: id, amount: '1000000.00', currency: 'USD' });
    ids.push(id);
  }
  return { key, ids };
}

/** The mix each connection sends in turn. */
function trafficMix(ids: string[]) {
  const pick = () => ids[Math.floor(Math.random() * ids.length)] as string;
  const transfers = Array.from({ length: 5000 }, () => {
    const from = pick();
    let to = from;
    while (to === from) to = pick();
    return JSON.stringify({
      type: 'internal',
      fromAccountId: from,
      toAccountId: to,
      amount: (1 + Math.random() * 10).toFixed(2),
      currency: 'USD',
    });
  });
  const quotes = Array.from({ length: 1000 }, (_, i) =>
    JSON.stringify({ fromCurrency: 'USD', toCurrency: ['MXN', 'BRL', 'COP', 'ARS'][i % 4], amount: (10 + Math.random() * 990).toFixed(2) }),
  );
  const transfer = { method: 'POST', path: '/v1/transfers', bodies: transfers, idempotencyKeys: true };
  return [transfer, { method: 'GET', path: '/v1/transfers?limit=25' }, transfer, { method: 'POST', path: '/v1/quotes', bodies: quotes }];
}

/** Runs bench/load.mjs for the whole soak; `onMinute` gets each minute's figures as the minute ends. */
async function runLoad(options: Record<string, unknown>, onMinute: (line: Omit<Minute, 'rssMb'>) => void) {
  const file = join(tmpdir(), `payos-soak-${randomUUID()}.json`);
  writeFileSync(file, JSON.stringify({ ...options, intervalSeconds: 60 }));
  try {
    const child = spawn(process.execPath, [new URL('./load.mjs', import.meta.url).pathname, file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    for await (const text of createInterface({ input: child.stdout })) {
      const line = JSON.parse(text) as Omit<Minute, 'rssMb'> & { interval: number | null };
      if (line.interval !== null) onMinute({ ...line, interval: line.interval });
    }
    if ((await exited) !== 0) throw new Error('the load generator failed');
  } finally {
    rmSync(file, { force: true });
  }
}

const errorsText = (m: Minute) => {
  const parts = Object.entries(m.statuses).map(([status, n]) => `${status}×${n}`);
  if (m.errors > 0) parts.push(`no answer×${m.errors}`);
  return parts.join(' ') || '0';
};

function printMinute(m: Minute) {
  console.log(
    `${String(m.interval).padStart(6)}  ${m.perSecond.toFixed(0).padStart(10)}  ${`${m.p99.toFixed(1)} ms`.padStart(10)}  ` +
      `${`${m.rssMb.toFixed(0)} MB`.padStart(8)}  ${errorsText(m)}`,
  );
}

/** Minutes 2 to the last against minute 2: throughput at least 80 % of it, p99 at most 120 %. */
function printStability(rows: Minute[]) {
  const steady = rows.slice(1);
  const reference = steady[0];
  if (!reference || steady.length < 2) {
    console.log('\nstability: needs at least 3 minutes (minute 1 warms up, minute 2 is the reference)');
    return;
  }
  const lowestThroughput = Math.min(...steady.map((m) => m.perSecond / reference.perSecond));
  const highestP99 = Math.max(...steady.map((m) => m.p99 / reference.p99));
  const last = steady.at(-1) as Minute;
  console.log(
    [
      '',
      `throughput, minutes 2–${last.interval}: lowest ${(lowestThroughput * 100).toFixed(0)} % of minute 2 → ${lowestThroughput >= 0.8 ? 'within' : 'NOT within'} 20 %`,
      `p99, minutes 2–${last.interval}: highest ${(highestP99 * 100).toFixed(0)} % of minute 2 → ${highestP99 <= 1.2 ? 'within' : 'NOT within'} 20 %`,
      `API RSS: ${reference.rssMb.toFixed(0)} MB at minute 2 → ${last.rssMb.toFixed(0)} MB at minute ${last.interval}`,
    ].join('\n'),
  );
}

const admin = await adminConnection(adminUrl);
const dbName = `payos_bench_soak_${process.pid}`;
await admin.query(`CREATE DATABASE ${dbName}`);
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;
let api: ChildProcess | undefined;
try {
  const started = await startApi(url.toString());
  api = started.child;
  const tenant = await setUpTenant(started.base);
  const [{ autovacuum } = { autovacuum: '?' }] = await admin.query<{ autovacuum: string }>('SHOW autovacuum');
  console.log(
    `bench:soak — ${minutes} min, ${CONNECTIONS} connections: ½ internal transfers, ¼ list pages, ¼ FX quotes; ${ACCOUNTS} accounts\n` +
      `server autovacuum: ${autovacuum}${autovacuum === 'on' ? '' : ' (the API re-analyzes tables that grew, every minute: worker/statistics.ts)'}\n`,
  );
  console.log(' minute   requests/s         p99   API RSS  errors');
  const rows: Minute[] = [];
  await runLoad(
    {
      url: started.base,
      headers: { authorization: `Bearer ${tenant.key}`, 'content-type': 'application/json' },
      connections: CONNECTIONS,
      durationSeconds: minutes * 60,
      requests: trafficMix(tenant.ids),
    },
    (line) => {
      const minute = { ...line, rssMb: rssMb(started.child.pid as number) };
      rows.push(minute);
      printMinute(minute);
    },
  );
  printStability(rows);
  await stopApi(started.child);
  const db = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 });
  const verification = await withOwner(db, (tx) => verifyLedger(tx)).finally(() => db.close());
  console.log(
    `ledger:verify: ok=${verification.ok} balancesChecked=${verification.balancesChecked} discrepancies=${verification.discrepancies.length}\n`,
  );
  if (!verification.ok) process.exitCode = 1;
} finally {
  if (api) await stopApi(api);
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}
