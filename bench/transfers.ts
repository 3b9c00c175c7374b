/**
 * bench:transfers — the API on PostgreSQL (DATABASE_URL; a scratch database, dropped afterwards):
 * 1. POST /v1/transfers (internal) over HTTP with an API key, 32 connections × BENCH_SECONDS (20),
 *    random pairs among 50 funded accounts; then ledger verification.
 * 2. GET /v1/transfers?limit=25 on a tenant holding 100,000 transfers.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { adminConnection, migrate, openDatabase, withOwner, withTenant } from '@payos/db';
import { Money } from '@payos/money';
import { createApp, createLogger } from '../apps/api/src/app.js';
import { systemClock } from '../apps/api/src/core/clock.js';
import { encodeCursor } from '../apps/api/src/core/cursor.js';
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
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const connections = 32;
const admin = await adminConnection(adminUrl);
const dbName = `payos_bench_transfers_${process.pid}`;
await admin.query(`CREATE DATABASE ${dbName}`);
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;
const db = await openDatabase({ databaseUrl: url.toString(), poolSize: 20 });

async function tenantWithKey(name: string) {
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
  return { tenantId, userId, key };
}

async function load(options: { url: string; method: string; headers: Record<string, string>; bodies?: string[] }) {
  const script = new URL('./load.mjs', import.meta.url).pathname;
  // Options (with thousands of request bodies) travel in a file: too large for argv.
  const run = (durationSeconds: number) => {
    const file = join(tmpdir(), `payos-load-${randomUUID()}.json`);
    writeFileSync(file, JSON.stringify({ ...options, connections, durationSeconds }));
    return promisify(execFile)(process.execPath, [script, file], { maxBuffer: 64 * 1024 * 1024 }).finally(() =>
      rmSync(file, { force: true }),
    );
  };
  await run(2);
  return JSON.parse((await run(seconds)).stdout) as {
    rps: number;
    p50: number;
    p99: number;
    errors: number;
    non2xx: number;
    total: number;
  };
}

try {
  await migrate(db);
  const { app } = createApp({
    db,
    config: { version: 'bench', isProduction: false, jwtSecret: 'bench'.repeat(8), corsOrigins: [], trustProxy: false },
    logger: createLogger('silent'),
    limiters: createRateLimiters({ perMinute: 0, strictPerMinute: 0, authPerMinute: 0 }),
  });
  const server = await new Promise<{ port: number; close: () => void }>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ port: info.port, close: () => s.close() }),
    );
  });
  const base = `http://127.0.0.1:${server.port}`;

  // 1. Internal transfers over HTTP.
  const movers = await tenantWithKey('Transfer bench');
  const actor = {
    tenantId: movers.tenantId,
    environment: 'test' as const,
    kind: 'user' as const,
    id: movers.userId,
    name: 'b',
    role: 'owner' as const,
  };
  const ids = await withTenant(db, actor, async (tx) => {
    const funding = await systemAccountId(tx, 'funding');
    const out: string[] = [];
    for (let i = 0; i < 50; i++) {
      const account = await createAccount(tx, { clock: systemClock }, actor, { type: 'business', name: `Mover ${i}` });
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
  const bodies = Array.from({ length: 5000 }, () => {
    const from = ids[Math.floor(Math.random() * ids.length)] as string;
    let to = from;
    while (to === from) to = ids[Math.floor(Math.random() * ids.length)] as string;
    return JSON.stringify({
      type: 'internal',
      fromAccountId: from,
      toAccountId: to,
      amount: (1 + Math.random() * 10).toFixed(2),
      currency: 'USD',
    });
  });
  const headers = { authorization: `Bearer ${movers.key}`, 'content-type': 'application/json' };
  const posts = await load({ url: `${base}/v1/transfers`, method: 'POST', headers, bodies });
  const verification = await withOwner(db, (tx) => verifyLedger(tx));

  // 2. Listing on a tenant with 100,000 transfers.
  const lister = await tenantWithKey('List bench');
  await withOwner(db, async (tx) => {
    const [a, b] = [randomUUID(), randomUUID()];
    await tx.query(
      `INSERT INTO accounts (tenant_id, environment, id, type, name) VALUES ($1, 'test', $2, 'person', 'A'), ($1, 'test', $3, 'person', 'B')`,
      [lister.tenantId, a, b],
    );
    await tx.query(
      `INSERT INTO transfers (tenant_id, environment, id, type, status, from_account_id, to_account_id, amount, currency, total_debit,
                              initiated_by_type, created_at, updated_at)
       SELECT $1, 'test', gen_random_uuid(), 'internal', 'completed', $2, $3, 10, 'USD', 10, 'system',
              now() - (g || ' seconds')::interval, now()
         FROM generate_series(1, 100000) AS g`,
      [lister.tenantId, a, b],
    );
    await tx.exec('ANALYZE transfers');
  });
  const list = await load({ url: `${base}/v1/transfers?limit=25`, method: 'GET', headers: { authorization: `Bearer ${lister.key}` } });
  // A page deep in the list (after 90,000 newer rows), one request at a time: the cursor must be where
  // the index scan starts, so this costs what the first page costs.
  const [deepRow] = await withOwner(db, (tx) =>
    tx.query<{ created_at: Date; id: string }>(
      'SELECT created_at, id FROM transfers WHERE tenant_id = $1 ORDER BY created_at DESC, id DESC OFFSET 90000 LIMIT 1',
      [lister.tenantId],
    ),
  );
  const deepUrl = `${base}/v1/transfers?limit=25&cursor=${encodeCursor({ createdAt: (deepRow as { created_at: Date }).created_at, id: (deepRow as { id: string }).id })}`;
  const deepMs: number[] = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    const res = await fetch(deepUrl, { headers: { authorization: `Bearer ${lister.key}` } });
    if (res.status !== 200) throw new Error(`deep page answered ${res.status}`);
    await res.arrayBuffer();
    deepMs.push(performance.now() - started);
  }
  deepMs.sort((a, b) => a - b);
  server.close();

  console.log(`\nbench:transfers — ${connections} connections × ${seconds} s, PostgreSQL, full HTTP stack`);
  console.log(
    `POST /v1/transfers (internal)   ${posts.rps.toFixed(0).padStart(6)} transfers/s   p50 ${posts.p50} ms   p99 ${posts.p99} ms   errors ${posts.errors + posts.non2xx} of ${posts.total}`,
  );
  console.log(
    `ledger:verify                    ok=${verification.ok} balancesChecked=${verification.balancesChecked} discrepancies=${verification.discrepancies.length}`,
  );
  console.log(
    `GET /v1/transfers?limit=25       ${list.rps.toFixed(0).padStart(6)} req/s         p50 ${list.p50} ms   p99 ${list.p99} ms   errors ${list.errors + list.non2xx}  (tenant with 100,000 transfers)`,
  );
  console.log(
    `GET …&cursor=(row 90,000)        one at a time: p50 ${(deepMs[100] as number).toFixed(1)} ms   p99 ${(deepMs[197] as number).toFixed(1)} ms\n`,
  );
} finally {
  await db.close();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}
