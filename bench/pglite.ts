/**
 * bench:pglite — internal transfers on embedded PGlite (what `npm start` runs), in one process run:
 * group commit as configured by default against batches of one (`maxBatch: 1`, each transfer its own
 * transaction), through the full HTTP stack in-process (app.request: auth, RLS, limits, idempotency,
 * audit). PGlite runs one transaction at a time, so this says whether batching costs it anything.
 * BENCH_TRANSFERS (default 600) per run, BENCH_CONCURRENCY (default 16) in flight; ledger:verify after each.
 */
import { randomUUID } from 'node:crypto';
import { migrate, openDatabase, withOwner } from '@payos/db';
import { createApp, createLogger } from '../apps/api/src/app.js';
import { createRateLimiters } from '../apps/api/src/http/middleware/rate-limit.js';
import { verifyLedger } from '../apps/api/src/modules/ledger/ledger.repo.js';
import type { GroupCommitOptions } from '../apps/api/src/modules/movements/group-commit.js';

const transfers = Number(process.env.BENCH_TRANSFERS ?? 600);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);

async function run(label: string, groupCommit: GroupCommitOptions | undefined) {
  const db = await openDatabase({});
  try {
    await migrate(db);
    const { app, deps } = createApp({
      db,
      config: { version: 'bench', isProduction: false, jwtSecret: 'bench'.repeat(8), corsOrigins: [], trustProxy: false },
      logger: createLogger('silent'),
      limiters: createRateLimiters({ perMinute: 0, strictPerMinute: 0, authPerMinute: 0 }),
      groupCommit,
    });
    const call = async (method: string, path: string, token: string | undefined, body?: unknown, key?: string) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      if (key) headers['idempotency-key'] = key;
      const res = await app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const json = (await res.json()) as { data: Record<string, unknown> & { session?: { accessToken: string } } };
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json.data;
    };
    const signup = await call('POST', '/v1/auth/signup', undefined, {
      email: `bench-${randomUUID()}@example.com`,
      password: 'correct horse battery staple 1',
      name: 'Bench',
      organizationName: 'Bench org',
    });
    const token = (signup.session as { accessToken: string }).accessToken;
    const key = (await call('POST', '/v1/api-keys', token, { name: 'bench', environment: 'test' })).key as string;
    const accounts: string[] = [];
    for (let i = 0; i < 20; i++) {
      const id = (await call('POST', '/v1/accounts', key, { type: 'business', name: `Account ${i}` })).id as string;
      await call('POST', `/v1/accounts/${id}/verify`, key, { tier: 3 });
      await call('POST', '/v1/deposits', key, { accountId: id, amount: '1000000.00', currency: 'USDC' });
      accounts.push(id);
    }
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < transfers) {
        const i = next++;
        const from = accounts[i % accounts.length] as string;
        const to = accounts[(i * 7 + 3) % accounts.length] as string;
        await call(
          'POST',
          '/v1/transfers',
          key,
          {
            type: 'internal',
            fromAccountId: from,
            toAccountId: from === to ? accounts[(i + 1) % accounts.length] : to,
            amount: '1.00',
            currency: 'USDC',
          },
          randomUUID(),
        );
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    const verification = await withOwner(db, (tx) => verifyLedger(tx));
    const stats = deps.movements.stats();
    console.log(
      `${label.padEnd(34)} ${(transfers / seconds).toFixed(0).padStart(6)} transfers/s   ${stats.commands} commands in ${stats.batches} batches (largest ${stats.largest})   ledger:verify ok=${verification.ok}`,
    );
    if (!verification.ok) process.exitCode = 1;
    return transfers / seconds;
  } finally {
    await db.close();
  }
}

console.log(`\nbench:pglite — ${transfers} internal transfers, ${concurrency} in flight, embedded PGlite, HTTP stack in-process`);
const single = await run('batches of one (maxBatch 1)', { maxBatch: 1 });
const batched = await run('group commit (defaults)', undefined);
console.log(`group commit / batches of one: ${(batched / single).toFixed(2)}×\n`);
