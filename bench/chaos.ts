/**
 * bench:chaos — crashes under load (DATABASE_URL; a scratch database, dropped afterwards).
 * Two API processes and a worker run on PostgreSQL; clients drive internal transfers, payouts,
 * schedule runs and stream withdrawals, each with its own Idempotency-Key, retrying with the same
 * key on any failure; meanwhile one process at a time is killed with SIGKILL and restarted. At the
 * end: ledger:verify must be ok, every acknowledged request must have exactly one effect (no effect
 * without an acknowledgement either), and no payout may be left pending past its settlement time.
 * CHAOS_SECONDS (default 30) sets the load duration. Exit code 1 on any violation.
 *
 * Then webhooks (CHAOS_WEBHOOK_SECONDS, default 10): an endpoint subscribed to '*' with a receiver in
 * this process; internal transfers keep producing events while the worker (the only process delivering)
 * is SIGKILLed repeatedly while the receiver holds its requests, and restarted; then it runs until
 * nothing is pending. Every event must be delivered at least once (signature verified with
 * standardwebhooks), none lost, any duplicate with the same webhook-id. The processes run with
 * WEBHOOK_TIMEOUT_MS=1000 and WEBHOOK_LEASE_MS=7000 (the least a 1 s timeout allows), so a killed worker's
 * claims come back after 7 s instead of 60.
 *
 * With CHAOS_RESTART_DATABASE (a shell command, e.g. `pg_ctlcluster 15 main restart`), PostgreSQL
 * itself is restarted once halfway through, under the same load: every /health probe meanwhile must
 * answer (200 or 503) within 2 s, and both API processes must come back healthy without a restart.
 */
import { type ChildProcess, exec, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { adminConnection, migrate, openDatabase, withOwner } from '@payos/db';
import { Webhook } from 'standardwebhooks';
import { eventIdOf } from '../apps/api/src/modules/events/events.service.js';
import { verifyLedger } from '../apps/api/src/modules/ledger/ledger.repo.js';
import { freePort } from '../tests/e2e/servers.js';

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('bench:chaos needs PostgreSQL: set DATABASE_URL.');
  process.exit(1);
}
const seconds = Number(process.env.CHAOS_SECONDS ?? 30);
const root = join(import.meta.dirname, '..');
const dbName = `payos_chaos_${process.pid}`;
const admin = await adminConnection(adminUrl);
await admin.query(`CREATE DATABASE ${dbName}`);
await admin.end(); // PostgreSQL may restart meanwhile: the drop at the end opens its own connection
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;
const databaseUrl = url.toString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const env = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  REDIS_URL: '',
  JWT_SECRET: 'chaos-secret-chaos-secret-chaos-secret-01',
  SEED_DEMO: 'false',
  LOG_LEVEL: 'fatal',
  RATE_LIMIT_PER_MINUTE: '0',
  RATE_LIMIT_STRICT_PER_MINUTE: '0',
  RATE_LIMIT_AUTH_PER_MINUTE: '0',
  PAYOUT_LATENCY_MS: '300',
  SETTLEMENT_INTERVAL_MS: '200',
  SCHEDULE_INTERVAL_MS: '300',
  ENABLE_SCHEDULED_TRANSFERS: 'true',
  // The webhook phase: the worker's claims come back 2 s after it is killed (not 60 s), and it polls often.
  WEBHOOK_TIMEOUT_MS: '1000',
  WEBHOOK_LEASE_MS: '7000',
  WEBHOOK_INTERVAL_MS: '100',
};

type Proc = { name: string; args: string[]; extraEnv: Record<string, string>; child?: ChildProcess; port?: number };
const start = (p: Proc) => {
  p.child = spawn(process.execPath, p.args, { cwd: root, env: { ...env, ...p.extraEnv }, stdio: ['ignore', 'ignore', 'inherit'] });
};

async function waitHealthy(port: number) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`API on ${port} never became healthy`);
}

// The database is migrated before anything starts (the processes would race to do it otherwise).
const setupDb = await openDatabase({ databaseUrl, poolSize: 2 });
await migrate(setupDb);

const apis: Proc[] = [];
for (const name of ['api-1', 'api-2']) {
  const port = await freePort();
  apis.push({
    name,
    port,
    args: ['--import', 'tsx', 'apps/api/src/main.ts'],
    extraEnv: { PORT: String(port), RUN_SETTLEMENT_WORKER: 'false' },
  });
}
const worker: Proc = { name: 'worker', args: ['--import', 'tsx', 'apps/api/src/worker/main.ts'], extraEnv: {} };
for (const p of [...apis, worker]) start(p);
await Promise.all(apis.map((p) => waitHealthy(p.port as number)));

/** One request, retried with the same Idempotency-Key on any process until it is answered (2xx or 4xx). */
async function call(method: string, path: string, token: string, body?: unknown, key = randomUUID()) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const api = apis[(attempt + Math.floor(Math.random() * 2)) % 2] as Proc;
    try {
      const res = await fetch(`http://127.0.0.1:${api.port}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(5_000),
      });
      if (res.status < 500 && res.status !== 409)
        return { status: res.status, body: (await res.json().catch(() => ({}))) as { data?: { id?: string } } };
    } catch {}
    await sleep(50);
  }
  throw new Error(`${method} ${path} was never answered`);
}

// A tenant with accounts, a payment method, a stream and recurring schedules — through the API.
const signup = await call('POST', '/v1/auth/signup', '', {
  email: `chaos-${randomUUID()}@example.com`,
  password: 'a-long-enough-password',
  name: 'Chaos',
  organizationName: 'Chaos Ltd',
});
const userToken = (signup.body as { data: { session: { accessToken: string } } }).data.session.accessToken;
const key = ((await call('POST', '/v1/api-keys', userToken, { name: 'chaos', environment: 'test' })).body as { data: { key: string } }).data
  .key;
const accounts: string[] = [];
for (let i = 0; i < 8; i++) {
  const id = (await call('POST', '/v1/accounts', key, { type: 'business', name: `Chaos ${i}` })).body.data?.id as string;
  await call('POST', `/v1/accounts/${id}/verify`, userToken, { tier: 3 });
  await call('POST', '/v1/deposits', key, { accountId: id, amount: '1000000.00', currency: 'USDC' });
  accounts.push(id);
}
const pm = (
  await call('POST', `/v1/accounts/${accounts[0]}/payment-methods`, key, {
    type: 'bank_account',
    rail: 'spei',
    details: { clabe: '032180000118359719', holderName: 'Chaos' },
  })
).body.data?.id as string;
const stream = (
  await call('POST', '/v1/streams', key, {
    senderAccountId: accounts[1],
    receiverAccountId: accounts[2],
    currency: 'USDC',
    ratePerSecond: '0.5',
  })
).body.data?.id as string;
const today = new Date().toISOString().slice(0, 10);

/** 1.00 USDC from one account to another, through the API (load and webhook phases). */
const internalTransfer = (from: string, to: string) =>
  call('POST', '/v1/transfers', key, { type: 'internal', fromAccountId: from, toAccountId: to, amount: '1.00', currency: 'USDC' });

const acknowledged = { transfers: new Set<string>(), payouts: new Set<string>(), withdrawals: 0, schedules: new Set<string>(), refused: 0 };
let stopping = false;
async function client() {
  while (!stopping) {
    const pick = Math.random();
    const [from, to] = [accounts[Math.floor(Math.random() * 8)] as string, accounts[Math.floor(Math.random() * 8)] as string];
    if (pick < 0.55 && from !== to) {
      const r = await internalTransfer(from, to);
      if (r.status === 201) acknowledged.transfers.add(r.body.data?.id as string);
      else acknowledged.refused++;
    } else if (pick < 0.75) {
      const r = await call('POST', '/v1/transfers', key, {
        type: 'payout',
        fromAccountId: accounts[0],
        paymentMethodId: pm,
        amount: '2.00',
        currency: 'USDC',
      });
      if (r.status === 201) acknowledged.payouts.add(r.body.data?.id as string);
      else acknowledged.refused++;
    } else if (pick < 0.9) {
      const r = await call('POST', `/v1/streams/${stream}/withdraw`, key, {});
      if (r.status === 200) acknowledged.withdrawals++;
    } else if (from !== to) {
      const r = await call('POST', '/v1/scheduled-transfers', key, {
        fromAccountId: from,
        toAccountId: to,
        amount: '3.00',
        currency: 'USDC',
        frequency: 'once',
        startDate: today,
      });
      if (r.status === 201) acknowledged.schedules.add(r.body.data?.id as string);
      else acknowledged.refused++;
    }
  }
}

/**
 * Restarts PostgreSQL under load while probing both APIs' /health every 100 ms: how long the database
 * was away, how long the APIs took to be healthy again, and whether any probe went unanswered or slow.
 */
async function restartDatabase(command: string) {
  const pids = apis.map((p) => p.child?.pid);
  const probes: { status: number; ms: number }[] = [];
  let restarting = true;
  const probing = (async () => {
    while (restarting) {
      await Promise.all(
        apis.map(async (api) => {
          const started = performance.now();
          const status = await fetch(`http://127.0.0.1:${api.port}/health`, { signal: AbortSignal.timeout(5_000) }).then(
            (r) => r.status,
            () => 0,
          );
          probes.push({ status, ms: performance.now() - started });
        }),
      );
      await sleep(100);
    }
  })();
  const started = performance.now();
  await promisify(exec)(command);
  const downMs = performance.now() - started;
  const back = performance.now();
  await Promise.all(apis.map((p) => waitHealthy(p.port as number)));
  const recoveryMs = performance.now() - back;
  restarting = false;
  await probing;
  return {
    downMs,
    recoveryMs,
    probes: probes.length,
    unavailable: probes.filter((p) => p.status === 503).length,
    unanswered: probes.filter((p) => p.status !== 200 && p.status !== 503).length,
    slowestMs: Math.max(...probes.map((p) => p.ms)),
    restartedApis: apis.filter((p, i) => p.child?.pid !== pids[i] || p.child?.exitCode !== null).length,
  };
}

const restartCommand = process.env.CHAOS_RESTART_DATABASE;
let databaseRestart: Awaited<ReturnType<typeof restartDatabase>> | undefined;
let kills = 0;
async function chaos() {
  const victims = [...apis, worker];
  const restartAfter = performance.now() + (seconds * 1000) / 2;
  while (!stopping) {
    await sleep(2_000 + Math.random() * 1_000);
    if (stopping) break;
    if (restartCommand && !databaseRestart && performance.now() >= restartAfter) {
      databaseRestart = await restartDatabase(restartCommand);
      continue;
    }
    const victim = victims[kills % victims.length] as Proc;
    victim.child?.kill('SIGKILL');
    kills++;
    await sleep(500);
    start(victim);
    if (victim.port) await waitHealthy(victim.port);
  }
}

const clients = Array.from({ length: 12 }, client);
const chaosLoop = chaos();
await sleep(seconds * 1000);
stopping = true;
await Promise.all(clients);
await chaosLoop;
// Let the worker (alive now) settle what is due and run what is scheduled.
await sleep(3_000);

/*
 * Webhooks: an endpoint subscribed to '*' with a receiver here (10-50 ms per answer, every signature
 * verified with standardwebhooks); internal transfers keep producing events while the worker — the only
 * process delivering — is SIGKILLed again and again while the receiver has requests in flight. Then the
 * worker runs on until nothing is pending: every event delivered at least once, none lost, and any
 * duplicate carries the same webhook-id (the event id). WEBHOOK_LEASE_MS=7000 brings a killed worker's
 * claims back after 7 s.
 */
const webhookSeconds = Number(process.env.CHAOS_WEBHOOK_SECONDS ?? 10);
const received = new Map<string, number>();
const hooks = { requests: 0, inFlight: 0, badSignatures: 0, mismatchedIds: 0, secret: '' };
const hookServer = createServer((req, res) => {
  hooks.inFlight++;
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    await sleep(10 + Math.random() * 40);
    hooks.requests++;
    hooks.inFlight--;
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    try {
      const event = new Webhook(hooks.secret).verify(Buffer.concat(chunks).toString('utf8'), headers) as { id: string };
      if (headers['webhook-id'] !== event.id) hooks.mismatchedIds++;
      received.set(event.id, (received.get(event.id) ?? 0) + 1);
      res.writeHead(200).end('ok');
    } catch {
      hooks.badSignatures++;
      res.writeHead(400).end();
    }
  });
});
await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
const hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hooks`;
const endpoint = (await call('POST', '/v1/webhook-endpoints', userToken, { url: hookUrl, enabledEvents: ['*'] })).body.data as {
  id: string;
  secret: string;
};
hooks.secret = endpoint.secret;
const webhookTransfers: string[] = [];
let producing = true;
async function producer() {
  while (producing) {
    const [from, to] = [accounts[Math.floor(Math.random() * 8)] as string, accounts[Math.floor(Math.random() * 8)] as string];
    if (from === to) continue;
    const r = await internalTransfer(from, to);
    if (r.status === 201) {
      acknowledged.transfers.add(r.body.data?.id as string);
      webhookTransfers.push(r.body.data?.id as string);
    } else acknowledged.refused++;
    await sleep(20);
  }
}
let workerKills = 0;
let killedMidDelivery = 0;
async function killWorker() {
  const until = performance.now() + webhookSeconds * 1000;
  while (performance.now() < until) {
    // Killed while the receiver holds requests from it (or after 3 s, whatever it is doing).
    const waitUntil = performance.now() + 3_000;
    while (hooks.inFlight === 0 && performance.now() < waitUntil) await sleep(5);
    if (hooks.inFlight > 0) killedMidDelivery++;
    worker.child?.kill('SIGKILL');
    workerKills++;
    await sleep(300);
    start(worker);
    await sleep(500 + Math.random() * 1_000);
  }
}
const webhookStarted = performance.now();
const producers = Array.from({ length: 2 }, producer);
await killWorker();
producing = false;
await Promise.all(producers);
// The final worker run: until nothing is pending for the endpoint (a killed worker's claims come back after the lease).
const pendingDeliveries = async (db: Awaited<ReturnType<typeof openDatabase>>) => {
  const [row] = await withOwner(db, (tx) =>
    tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1 AND status <> 'delivered'`, [
      endpoint.id,
    ]),
  );
  return row?.n ?? 0;
};
const drainedAfter = performance.now();
for (let i = 0; i < 900 && (await pendingDeliveries(setupDb)) > 0; i++) await sleep(100);
const drainMs = performance.now() - drainedAfter;
const webhookMs = performance.now() - webhookStarted;

const failures: string[] = [];
const db = await openDatabase({ databaseUrl, poolSize: 2 });
try {
  const verification = await withOwner(db, (tx) => verifyLedger(tx, 1000));
  if (!verification.ok) failures.push(`ledger: ${JSON.stringify(verification.discrepancies).slice(0, 500)}`);
  const counts = await withOwner(db, async (tx) => {
    const [transfers] = await tx.query<{ internal: number; payouts: number; stuck: number; scheduled: number }>(
      `SELECT count(*) FILTER (WHERE type = 'internal' AND description IS NULL)::int AS internal,
              count(*) FILTER (WHERE type = 'payout')::int AS payouts,
              count(*) FILTER (WHERE type = 'payout' AND status IN ('pending', 'processing') AND settle_after < now() - interval '2 seconds')::int AS stuck,
              count(*) FILTER (WHERE description = 'Scheduled transfer')::int AS scheduled
         FROM transfers`,
    );
    const [occurrences] = await tx.query<{ n: number; distinct: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT schedule_id)::int AS distinct FROM schedule_occurrences WHERE kind = 'scheduled'`,
    );
    const [withdrawals] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM stream_events WHERE type = 'withdrawn'`);
    return { transfers, occurrences, withdrawals };
  });
  const t = counts.transfers as { internal: number; payouts: number; stuck: number; scheduled: number };
  if (t.internal !== acknowledged.transfers.size)
    failures.push(`internal transfers: ${acknowledged.transfers.size} acknowledged, ${t.internal} in the database`);
  if (t.payouts !== acknowledged.payouts.size)
    failures.push(`payouts: ${acknowledged.payouts.size} acknowledged, ${t.payouts} in the database`);
  if (t.stuck > 0) failures.push(`${t.stuck} payouts still pending or processing past their settlement time`);
  if (counts.occurrences?.n !== counts.occurrences?.distinct) failures.push('a schedule occurrence ran twice');
  if ((counts.occurrences?.distinct ?? 0) > acknowledged.schedules.size)
    failures.push('an occurrence exists for a schedule nobody acknowledged');
  if (restartCommand && !databaseRestart) failures.push('PostgreSQL was never restarted (the run was too short)');
  if (databaseRestart) {
    if (databaseRestart.unanswered > 0) failures.push(`${databaseRestart.unanswered} /health probes went unanswered during the restart`);
    if (databaseRestart.slowestMs > 2_000)
      failures.push(`a /health probe took ${databaseRestart.slowestMs.toFixed(0)} ms during the restart`);
    if (databaseRestart.restartedApis > 0) failures.push(`${databaseRestart.restartedApis} API processes died during the restart`);
  }
  if (worker.child?.exitCode !== null) failures.push('the worker exited on its own');
  if (counts.withdrawals?.n !== acknowledged.withdrawals)
    failures.push(`withdrawals: ${acknowledged.withdrawals} acknowledged, ${counts.withdrawals?.n} in the database`);
  // Webhooks: every event with a delivery to the endpoint delivered and received, none lost.
  const deliveries = await withOwner(db, (tx) =>
    tx.query<{ event_id: string; status: string }>('SELECT event_id, status FROM webhook_deliveries WHERE endpoint_id = $1', [endpoint.id]),
  );
  const [phaseEvents] = await withOwner(db, (tx) =>
    tx.query<{ n: number; without: number }>(
      `SELECT count(*)::int AS n,
              count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.endpoint_id = $2))::int AS without
         FROM events e WHERE e.object_id = ANY($1::uuid[])`,
      [webhookTransfers, endpoint.id],
    ),
  );
  const notDelivered = deliveries.filter((d) => d.status !== 'delivered').length;
  const unseen = deliveries.filter((d) => !received.has(eventIdOf(d.event_id))).length;
  const webhookDuplicates = [...received.values()].reduce((a, n) => a + n - 1, 0);
  const lost = unseen + (phaseEvents?.without ?? 0);
  if (phaseEvents?.n !== webhookTransfers.length * 2)
    failures.push(
      `webhooks: ${webhookTransfers.length} transfers should have recorded ${webhookTransfers.length * 2} events, not ${phaseEvents?.n}`,
    );
  if (lost > 0) failures.push(`webhooks: ${lost} events lost (${unseen} never received, ${phaseEvents?.without} without a delivery)`);
  if (notDelivered > 0) failures.push(`webhooks: ${notDelivered} deliveries still not delivered after the final worker run`);
  if (hooks.badSignatures > 0 || hooks.mismatchedIds > 0)
    failures.push(`webhooks: ${hooks.badSignatures} bad signatures, ${hooks.mismatchedIds} duplicates with another webhook-id`);
  if (killedMidDelivery === 0) failures.push('webhooks: the worker was never killed mid-delivery');

  console.log(`\nbench:chaos — ${seconds} s of load on 2 API processes + 1 worker (PostgreSQL), 12 clients`);
  console.log(`processes killed with SIGKILL and restarted   ${kills}`);
  console.log(
    `acknowledged vs effects                       internal ${acknowledged.transfers.size}/${t.internal}, payouts ${acknowledged.payouts.size}/${t.payouts}, withdrawals ${acknowledged.withdrawals}/${counts.withdrawals?.n}, schedules ${acknowledged.schedules.size} → ${counts.occurrences?.n} occurrences (${t.scheduled} transfers)`,
  );
  if (databaseRestart) {
    const r = databaseRestart;
    console.log(
      `PostgreSQL restarted under load               away ${r.downMs.toFixed(0)} ms; /health probes ${r.probes} (${r.unavailable} × 503, slowest ${r.slowestMs.toFixed(0)} ms, unanswered ${r.unanswered}); APIs healthy ${r.recoveryMs.toFixed(0)} ms later, ${r.restartedApis} restarted`,
    );
  }
  console.log(
    `webhooks: worker SIGKILLed ${workerKills}× (${killedMidDelivery} mid-delivery) in ${webhookSeconds} s, drained ${(drainMs / 1000).toFixed(1)} s later (phase ${(webhookMs / 1000).toFixed(1)} s)`,
  );
  console.log(
    `webhooks: events ${deliveries.length} (${phaseEvents?.n} from ${webhookTransfers.length} transfers during the kills), delivered ${received.size}, duplicates ${webhookDuplicates} (same webhook-id), requests ${hooks.requests}, bad signatures ${hooks.badSignatures}, lost ${lost}`,
  );
  console.log(`refused (business rules)                      ${acknowledged.refused}`);
  console.log(`payouts stuck after the worker returned       ${t.stuck}`);
  console.log(`ledger:verify                                 ok=${verification.ok} balancesChecked=${verification.balancesChecked}`);
  console.log(failures.length ? `FAILED:\n  ${failures.join('\n  ')}` : 'all invariants held');
} finally {
  for (const p of [...apis, worker]) p.child?.kill('SIGKILL');
  hookServer.close();
  await db.close();
  await setupDb.close();
  await sleep(500);
  const dropper = await adminConnection(adminUrl);
  await dropper.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
  await dropper.end();
}
process.exit(failures.length ? 1 : 0);
