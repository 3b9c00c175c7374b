/**
 * bench:webhooks — the cost and the behaviour of webhook delivery (issue #17) on PostgreSQL
 * (DATABASE_URL; a scratch database, dropped afterwards).
 *
 * The API runs as a production deployment runs it: `apps/api/src/main.ts` in its own process (pool of
 * 20, rate limits off, ENABLE_WEBHOOKS=false) and the delivery worker in another (`npm run worker`,
 * ENABLE_WEBHOOKS, WEBHOOK_INTERVAL_MS), both on this machine's 2 cores with PostgreSQL, the load
 * generator and the receivers. It is set up through its own endpoints: a tenant, an API key, 50 verified
 * accounts with deposits. The receivers are node:http servers in this process; every request's Standard
 * Webhooks signature is verified with the `standardwebhooks` package.
 *
 * 1. Cost: internal transfers (random pairs, fresh Idempotency-Key) at 32 connections from bench/load.mjs,
 *    BENCH_SECONDS each, after a warm-up. Every transfer records its events (transfer.created and
 *    transfer.completed) in all three states; what changes is what webhooks add:
 *      off        no endpoint: no outbox rows;
 *      outbox     an endpoint subscribed to transfer.*: an outbox row per event, written in the transfer's
 *                 transaction, while the worker is paused (SIGSTOP) — the cost the API itself pays;
 *      delivering the same, with the worker resumed (SIGCONT) and sending — its claims, POSTs, signatures
 *                 and settles compete with the API for the same 2 cores and database.
 *    Measured off, then BENCH_ROUNDS (5) times outbox, delivering, off (the endpoint deleted with its backlog);
 *    each outbox and delivering measurement is compared with the mean of the two offs that bracket it (the
 *    machine's other load and the tables drift between measurements), and the median round decides.
 *    Target (issue #17): events and outbox cost ≤ 10 % of transfer throughput — the outbox figure. The
 *    delivering figure says what a worker on the same machine takes on top; in production it runs on its
 *    own instances.
 * 2. Delivery: BENCH_EVENTS (10,000) events — internal transfers, each records transfer.created and
 *    transfer.completed — sent to 3 endpoints subscribed to '*': a healthy receiver, a slow one (200 ms
 *    per answer), and a flaky one (a 500 to the first attempt of half the events, chosen at random; the
 *    retry, 5 s later, succeeds — the backoff's next steps, 1 min and 10 min, are beyond a bench's span).
 *    Printed: deliveries/s, the healthy receiver's event-to-delivery latency (event createdAt → receipt;
 *    p50/p99/max), attempts and duplicates per receiver. The slow receiver answers within a second, so
 *    its per-endpoint cap grows from 4 to 32 in flight (32 ÷ 200 ms ≈ 160/s); what it has not received
 *    BENCH_SLOW_DRAIN_SECONDS after the others are done is reported as still queued.
 * At the end: no event lost (every event has a delivery per endpoint; the healthy and flaky receivers got
 * every one; every delivery the database calls delivered reached its receiver; none failed), no bad
 * signature, and ledger:verify. Exit code 1 otherwise.
 *
 * BENCH_QUICK=1: a smoke run — 1,000 events, 3 s measurements, 1 s warm-up.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { adminConnection, migrate, openDatabase, withOwner } from '@payos/db';
import { Webhook } from 'standardwebhooks';
import { eventIdOf } from '../apps/api/src/modules/events/events.service.js';
import { verifyLedger } from '../apps/api/src/modules/ledger/ledger.repo.js';
import { freePort } from '../tests/e2e/servers.js';

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('bench:webhooks runs on PostgreSQL: set DATABASE_URL.');
  process.exit(1);
}
const quick = process.env.BENCH_QUICK === '1';
const seconds = Number(process.env.BENCH_SECONDS ?? (quick ? 3 : 10));
const rounds = Number(process.env.BENCH_ROUNDS ?? (quick ? 1 : 5));
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? (quick ? 1 : 3));
const EVENTS = Number(process.env.BENCH_EVENTS ?? (quick ? 1_000 : 10_000));
const slowDrainSeconds = Number(process.env.BENCH_SLOW_DRAIN_SECONDS ?? (quick ? 60 : 60));
const intervalMs = Number(process.env.WEBHOOK_INTERVAL_MS ?? 1000);
const CONNECTIONS = 32;
const ACCOUNTS = 50;
const SLOW_MS = 200;
const TARGET_COST = 0.1;
const root = join(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
const failures: string[] = [];
/** A process's CPU time so far (user + system, ms), from /proc (Linux; 0 elsewhere). */
const cpuMs = (pid: number | undefined) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in ticks of 10 ms (CLK_TCK 100)
  } catch {
    return 0;
  }
};

// ---------------------------------------------------------------------------------------------------
// Receivers

type Receiver = {
  name: string;
  url: string;
  /** The secrets of the endpoints it served (the cost phase's receiver serves one endpoint per round). */
  secrets: string[];
  /** Requests received, 2xx answers given, per webhook-id. */
  attempts: number;
  ok: Map<string, number>;
  badSignatures: number;
  /** The webhook-id header disagreed with the body's id. */
  mismatchedIds: number;
  /** event createdAt → first 2xx receipt (ms), and when it came. */
  latencies: number[];
  firstAt: number;
  lastAt: number;
  server: Server;
};

async function receiver(name: string, answer: (eventId: string) => Promise<number>): Promise<Receiver> {
  const r = {
    name,
    secrets: [],
    attempts: 0,
    ok: new Map(),
    badSignatures: 0,
    mismatchedIds: 0,
    latencies: [],
    firstAt: 0,
    lastAt: 0,
  } as unknown as Receiver;
  r.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      r.attempts++;
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      let event: { id: string; createdAt: string } | undefined;
      for (const secret of r.secrets) {
        try {
          event = new Webhook(secret).verify(body, headers) as typeof event;
          break;
        } catch {}
      }
      if (!event) {
        r.badSignatures++;
        res.writeHead(400).end();
        return;
      }
      if (headers['webhook-id'] !== event.id) r.mismatchedIds++;
      const status = await answer(event.id);
      if (status < 300) {
        const now = Date.now();
        const seen = r.ok.get(event.id) ?? 0;
        if (seen === 0) r.latencies.push(now - Date.parse(event.createdAt));
        r.ok.set(event.id, seen + 1);
        r.firstAt ||= now;
        r.lastAt = now;
      }
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'try again');
    });
  });
  await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}/hooks`;
  return r;
}

const healthy = await receiver('healthy', async () => 200);
const slow = await receiver('slow (200 ms)', async () => {
  await sleep(SLOW_MS);
  return 200;
});
const failedOnce = new Set<string>();
const flaky = await receiver('flaky (50 % 500)', async (id) => {
  if (!failedOnce.has(id) && Math.random() < 0.5) {
    failedOnce.add(id);
    return 500;
  }
  failedOnce.add(id); // a first attempt that succeeded: never failed afterwards either
  return 200;
});
const costReceiver = await receiver('cost phase', async () => 200);

// ---------------------------------------------------------------------------------------------------
// Scratch database and the API

const dbName = `payos_bench_webhooks_${process.pid}`;
const admin = await adminConnection(adminUrl);
await admin.query(`CREATE DATABASE ${dbName}`);
await admin.end();
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${dbName}`;
const databaseUrl = dbUrl.toString();
const db = await openDatabase({ databaseUrl, poolSize: 2, acquireTimeoutMs: 120_000 });
await migrate(db);

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
let api: ChildProcess | undefined;
let worker: ChildProcess | undefined;
let exitCode = 0;

async function main() {
  const shared = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    REDIS_URL: '',
    JWT_SECRET: 'bench-webhooks-secret-bench-webhooks-01',
    LOG_LEVEL: 'error',
    WEBHOOKS_ALLOW_PRIVATE: 'true',
    ENABLE_SCHEDULED_TRANSFERS: 'false',
  };
  const start = (entry: string, env: Record<string, string>) =>
    spawn(process.execPath, ['--import', 'tsx', entry], { cwd: root, env: { ...shared, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  api = start('apps/api/src/main.ts', {
    PORT: String(port),
    HOST: '127.0.0.1',
    SEED_DEMO: 'false',
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_STRICT_PER_MINUTE: '0',
    RATE_LIMIT_AUTH_PER_MINUTE: '0',
    ENABLE_WEBHOOKS: 'false',
  });
  worker = start('apps/api/src/worker/main.ts', { ENABLE_WEBHOOKS: 'true', WEBHOOK_INTERVAL_MS: String(intervalMs) });
  for (let i = 0; ; i++) {
    if (api.exitCode !== null) throw new Error(`the API exited with ${api.exitCode}`);
    if (worker.exitCode !== null) throw new Error(`the worker exited with ${worker.exitCode}`);
    if (
      await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 600) throw new Error('the API did not become healthy within 60 s');
    await sleep(100);
  }

  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as { data?: Record<string, unknown> };
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
    return json.data as Record<string, unknown>;
  };
  const signup = await call('POST', '/v1/auth/signup', '', {
    email: `bench-${randomUUID()}@example.com`,
    password: 'a-long-enough-password',
    name: 'Bench',
    organizationName: 'Bench Webhooks Ltd',
  });
  const userToken = (signup.session as { accessToken: string }).accessToken;
  const key = (await call('POST', '/v1/api-keys', userToken, { name: 'bench', environment: 'test' })).key as string;
  const accounts: string[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const id = (await call('POST', '/v1/accounts', key, { type: 'business', name: `Bench ${i}` })).id as string;
    await call('POST', `/v1/accounts/${id}/verify`, userToken, { tier: 3 });
    await call('POST', '/v1/deposits', key, { accountId: id, amount: '1000000.00', currency: 'USDC' });
    accounts.push(id);
  }
  const transferBody = () => {
    const from = Math.floor(Math.random() * ACCOUNTS);
    const to = (from + 1 + Math.floor(Math.random() * (ACCOUNTS - 1))) % ACCOUNTS;
    return { type: 'internal', fromAccountId: accounts[from], toAccountId: accounts[to], amount: '0.01', currency: 'USDC' };
  };
  const addEndpoint = async (r: Receiver, enabledEvents: string[]) => {
    const endpoint = await call('POST', '/v1/webhook-endpoints', userToken, { url: r.url, enabledEvents, description: r.name });
    r.secrets.push(endpoint.secret as string);
    return endpoint.id as string;
  };

  // -------------------------------------------------------------------------------------------------
  // 1. Cost: transfers/s with webhooks off, on, off.

  const bodies = Array.from({ length: 2_000 }, () => JSON.stringify(transferBody()));
  const loadFile = join(tmpdir(), `payos-bench-webhooks-${process.pid}.json`);
  const runLoad = async (durationSeconds: number) => {
    writeFileSync(
      loadFile,
      JSON.stringify({
        url: base,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        connections: CONNECTIONS,
        durationSeconds,
        requests: [{ method: 'POST', path: '/v1/transfers', bodies, idempotencyKeys: true }],
      }),
    );
    const { stdout } = await promisify(execFile)(process.execPath, [join(import.meta.dirname, 'load.mjs'), loadFile], {
      maxBuffer: 1 << 24,
    });
    const last = JSON.parse(stdout.trim().split('\n').at(-1) as string) as {
      okPerSecond: number;
      p99: number;
      statuses: Record<string, number>;
      errors: number;
    };
    return last;
  };
  /** CPU so far (ms) of each PostgreSQL backend connected to the bench's database (same machine: /proc). */
  const backendsCpu = async () => {
    const pids = await withOwner(db, (tx) =>
      tx.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()'),
    );
    return new Map(pids.map(({ pid }) => [pid, cpuMs(pid)]));
  };
  const measure = async (label: string) => {
    if (warmupSeconds > 0) await runLoad(warmupSeconds);
    const [apiBefore, workerBefore, databaseBefore] = [cpuMs(api?.pid), cpuMs(worker?.pid), await backendsCpu()];
    const figures = await runLoad(seconds);
    const databaseAfter = await backendsCpu();
    const perTransfer = (ms: number) => (1000 * ms) / Math.max(1, figures.okPerSecond * seconds);
    const cpu = {
      api: perTransfer(cpuMs(api?.pid) - apiBefore),
      worker: perTransfer(cpuMs(worker?.pid) - workerBefore),
      // The PostgreSQL backends serving this database (API and worker): a backend that came or went
      // during the measurement counts from 0 or up to its last reading.
      database: perTransfer([...databaseAfter].reduce((sum, [pid, ms]) => sum + ms - (databaseBefore.get(pid) ?? 0), 0)),
    };
    const refused = Object.values(figures.statuses).reduce((a, b) => a + b, 0) + figures.errors;
    if (refused > 0) failures.push(`${label}: ${refused} transfers refused or unanswered (${JSON.stringify(figures.statuses)})`);
    return { ...figures, cpu, load: load() };
  };
  type Measured = Awaited<ReturnType<typeof measure>>;
  const offs: Measured[] = [await measure('webhooks off')];
  const outboxes: Measured[] = [];
  const ons: (Measured & { delivered: number })[] = [];
  for (let round = 0; round < rounds; round++) {
    const costEndpoint = await addEndpoint(costReceiver, ['transfer.*']);
    (worker as ChildProcess).kill('SIGSTOP');
    try {
      outboxes.push(await measure('outbox (worker paused)'));
    } finally {
      (worker as ChildProcess).kill('SIGCONT');
    }
    const before = costReceiver.ok.size;
    const on = await measure('delivering');
    ons.push({ ...on, delivered: costReceiver.ok.size - before });
    // Its backlog (what the worker had not sent yet) is dropped with it: it served the measurement only.
    await call('DELETE', `/v1/webhook-endpoints/${costEndpoint}`, userToken);
    offs.push(await measure('webhooks off'));
  }
  const costOf = (of: Measured[]) =>
    of.map((m, i) => 1 - m.okPerSecond / (((offs[i] as Measured).okPerSecond + (offs[i + 1] as Measured).okPerSecond) / 2));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const outboxCosts = costOf(outboxes);
  const outboxCost = median(outboxCosts);
  const costs = costOf(ons);
  const cost = median(costs);

  // -------------------------------------------------------------------------------------------------
  // 2. Delivery of EVENTS events to 3 receivers.

  const endpoints = new Map<Receiver, string>();
  for (const r of [healthy, slow, flaky]) endpoints.set(r, await addEndpoint(r, ['*']));
  const transfers = Math.ceil(EVENTS / 2);
  const started = Date.now();
  const workerCpuBefore = cpuMs(worker?.pid);
  let next = 0;
  let refused = 0;
  const transferIds: string[] = [];
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < transfers) {
        next++;
        const res = await fetch(`${base}/v1/transfers`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: JSON.stringify(transferBody()),
        });
        const answer = (await res.json().catch(() => ({}))) as { data?: { id?: string } };
        if (res.status === 201 && answer.data?.id) transferIds.push(answer.data.id);
        else refused++;
      }
    }),
  );
  const produced = Date.now();
  if (refused > 0) failures.push(`${refused} transfers refused while producing events`);
  const expected = (transfers - refused) * 2;
  // Healthy and flaky get everything (the flaky one's retries come 5 s after a failure).
  const deadline = Date.now() + 120_000 + EVENTS * 20;
  while ((healthy.ok.size < expected || flaky.ok.size < expected) && Date.now() < deadline) await sleep(200);
  const othersDone = Date.now();
  const slowDeadline = Date.now() + slowDrainSeconds * 1000;
  while (slow.ok.size < expected && Date.now() < slowDeadline) await sleep(200);
  const ended = Date.now();
  const workerCpu = cpuMs(worker?.pid) - workerCpuBefore;

  // The database's side: a delivery per event and endpoint, in what state.
  const states = await withOwner(db, (tx) =>
    tx.query<{ endpoint_id: string; status: string; n: number; attempts: number }>(
      `SELECT endpoint_id, status, count(*)::int AS n, sum(attempts)::int AS attempts FROM webhook_deliveries
        WHERE endpoint_id = ANY($1::uuid[]) GROUP BY endpoint_id, status`,
      [[...endpoints.values()]],
    ),
  );
  const [events] = await withOwner(db, (tx) =>
    tx.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE object_id = ANY($1::uuid[])', [transferIds]),
  );
  const eventCount = events?.n ?? 0;
  if (eventCount !== expected) failures.push(`${expected} events expected from ${transferIds.length} transfers, ${eventCount} recorded`);
  const deliveredIds = async (endpointId: string) =>
    (
      await withOwner(db, (tx) =>
        tx.query<{ event_id: string }>(`SELECT event_id FROM webhook_deliveries WHERE endpoint_id = $1 AND status = 'delivered'`, [
          endpointId,
        ]),
      )
    ).map((r) => eventIdOf(r.event_id));

  const verification = await withOwner(db, (tx) => verifyLedger(tx, 1000));
  if (!verification.ok) failures.push(`ledger: ${JSON.stringify(verification.discrepancies).slice(0, 500)}`);

  // -------------------------------------------------------------------------------------------------
  // Figures

  const pct = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
  };
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(`\nbench:webhooks — PostgreSQL; the API and the delivery worker in their own processes (WEBHOOK_INTERVAL_MS=${intervalMs})`);
  console.log(`\n1. Cost — internal transfers, ${CONNECTIONS} connections, ${seconds} s each (after ${warmupSeconds} s warm-up)`);
  const row = (label: string, f: Measured, extra = '') =>
    console.log(
      `   ${label.padEnd(36)} ${n(f.okPerSecond).padStart(6)} transfers/s  p99 ${f.p99.toFixed(1).padStart(6)} ms  CPU per transfer: API ${n(f.cpu.api).padStart(5)} µs, PostgreSQL ${n(f.cpu.database).padStart(5)} µs, worker ${n(f.cpu.worker).padStart(5)} µs  load average ${f.load}${extra}`,
    );
  const pctOf = (x: number) => `${(100 * x).toFixed(1)} %`;
  row('off', offs[0] as Measured);
  ons.forEach((on, i) => {
    row('outbox (worker paused)', outboxes[i] as Measured, `  → cost ${pctOf(outboxCosts[i] as number)}`);
    row(`delivering (worker sent ${n(on.delivered)})`, on, `  → cost ${pctOf(costs[i] as number)}`);
    row('off', offs[i + 1] as Measured);
  });
  console.log(
    `   median cost of the outbox:             ${pctOf(outboxCost)} of transfer throughput (target ≤ ${TARGET_COST * 100} %: ${outboxCost <= TARGET_COST ? 'met' : 'NOT met'})`,
  );
  console.log(`   median cost with the worker delivering on the same 2 cores: ${pctOf(cost)}`);
  const medianOf = (xs: number[]) => median(xs);
  const cpuOff = medianOf(offs.map((m) => m.cpu.api + m.cpu.database));
  const cpuOutbox = medianOf(outboxes.map((m) => m.cpu.api + m.cpu.database));
  console.log(
    `   median API + PostgreSQL CPU per transfer: off ${n(cpuOff)} µs, outbox ${n(cpuOutbox)} µs (${pctOf(cpuOutbox / cpuOff - 1)}; less noisy than throughput on a shared machine)`,
  );

  const span = (r: Receiver) => (r.lastAt - started) / 1000;
  const totalOk = healthy.ok.size + slow.ok.size + flaky.ok.size;
  console.log(
    `\n2. Delivery — ${n(eventCount)} events (${n(transfers - refused)} internal transfers in ${((produced - started) / 1000).toFixed(1)} s, ${CONNECTIONS} connections) to 3 endpoints subscribed to '*'`,
  );
  console.log(
    `   deliveries/s (first event → last receipt)  healthy ${n(healthy.ok.size / span(healthy))}, flaky ${n(flaky.ok.size / span(flaky))}, slow ${n(slow.ok.size / span(slow))}; all three ${n(totalOk / ((ended - started) / 1000))}`,
  );
  console.log(
    `   healthy event→delivery latency             p50 ${n(pct(healthy.latencies, 0.5))} ms, p99 ${n(pct(healthy.latencies, 0.99))} ms, max ${n(pct(healthy.latencies, 1))} ms`,
  );
  console.log(
    `   worker CPU per attempt                      ${n((1000 * workerCpu) / Math.max(1, healthy.attempts + slow.attempts + flaky.attempts))} µs`,
  );
  console.log(`   healthy and flaky done ${((othersDone - produced) / 1000).toFixed(1)} s after the last transfer; load average ${load()}`);
  console.log(`   receiver            events  delivered  attempts  duplicates  bad signatures  db: delivered/pending/failed (attempts)`);
  let lost = 0;
  for (const r of [healthy, slow, flaky]) {
    const id = endpoints.get(r) as string;
    const byStatus = (s: string) => states.find((x) => x.endpoint_id === id && x.status === s);
    const rows = states.filter((x) => x.endpoint_id === id).reduce((a, x) => a + x.n, 0);
    const dbAttempts = states.filter((x) => x.endpoint_id === id).reduce((a, x) => a + x.attempts, 0);
    const duplicates = [...r.ok.values()].reduce((a, c) => a + c - 1, 0);
    // Lost: an event without its delivery row, a failed delivery, one the database calls delivered that
    // never reached the receiver, or (healthy, flaky) one not received at all.
    const missingRows = eventCount - rows;
    const failed = byStatus('failed')?.n ?? 0;
    const unseen = (await deliveredIds(id)).filter((e) => !r.ok.has(e)).length;
    const notReceived = r === slow ? 0 : eventCount - r.ok.size;
    const lostHere = Math.max(0, missingRows) + failed + unseen + Math.max(0, notReceived);
    lost += lostHere;
    if (r.badSignatures > 0 || r.mismatchedIds > 0)
      failures.push(`${r.name}: ${r.badSignatures} bad signatures, ${r.mismatchedIds} webhook-id ≠ body id`);
    if (lostHere > 0)
      failures.push(
        `${r.name}: lost ${lostHere} (rows missing ${missingRows}, failed ${failed}, delivered unseen ${unseen}, not received ${notReceived})`,
      );
    console.log(
      `   ${r.name.padEnd(18)} ${n(eventCount).padStart(7)}  ${n(r.ok.size).padStart(9)}  ${n(r.attempts).padStart(8)}  ${n(duplicates).padStart(10)}  ${n(r.badSignatures).padStart(14)}  ${byStatus('delivered')?.n ?? 0}/${byStatus('pending')?.n ?? 0}/${failed} (${dbAttempts})`,
    );
  }
  const queued = eventCount - slow.ok.size;
  console.log(
    `   slow receiver: at most 32 in flight (the cap an endpoint earns by answering within a second) ÷ ${SLOW_MS} ms ≈ ${n(32000 / SLOW_MS)}/s; ${n(queued)} still queued after ${slowDrainSeconds} s of drain (not lost: pending, delivered later)`,
  );
  console.log(`   lost ${lost}`);
  console.log(`ledger:verify  ok=${verification.ok} balancesChecked=${verification.balancesChecked}`);
  rmSync(loadFile, { force: true });
}

try {
  await main();
} catch (error) {
  failures.push(String((error as Error).stack ?? error));
} finally {
  if (worker && worker.exitCode === null) {
    worker.kill('SIGCONT');
    worker.kill('SIGTERM');
  }
  if (api && api.exitCode === null) {
    const exited = new Promise((resolve) => api?.once('exit', resolve));
    api.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    if (api.exitCode === null) api.kill('SIGKILL');
  }
  for (const r of [healthy, slow, flaky, costReceiver]) r.server.close();
  await db.close();
  const dropper = await adminConnection(adminUrl);
  await dropper.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
  await dropper.end();
}
if (failures.length) {
  console.log(`FAILED:\n  ${failures.join('\n  ')}`);
  exitCode = 1;
} else console.log('all invariants held');
process.exit(exitCode);
