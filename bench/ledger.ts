/**
 * bench:ledger — W workers posting internal moves between M accounts directly through the ledger
 * service (one tenant transaction per move), then the full verification. Runs on PGlite always and on
 * PostgreSQL when DATABASE_URL is set (a scratch database there, dropped afterwards).
 *
 *   DATABASE_URL=postgres://root@127.0.0.1:5432/postgres npm run bench:ledger
 *
 * BENCH_SECONDS (default 10), BENCH_WORKERS (20), BENCH_ACCOUNTS (50).
 */
import { randomUUID } from 'node:crypto';
import { adminConnection, type Database, migrate, openDatabase, withOwner, withTenant } from '@payos/db';
import { Money } from '@payos/money';
import { systemClock } from '../apps/api/src/core/clock.js';
import { createAccount } from '../apps/api/src/modules/accounts/accounts.service.js';
import { createSystemAccounts, systemAccountId, verifyLedger } from '../apps/api/src/modules/ledger/ledger.repo.js';
import * as ledger from '../apps/api/src/modules/ledger/ledger.service.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const workers = Number(process.env.BENCH_WORKERS ?? 20);
const accountCount = Number(process.env.BENCH_ACCOUNTS ?? 50);

async function prepare(db: Database) {
  await migrate(db);
  const tenantId = randomUUID();
  await withOwner(db, async (tx) => {
    await tx.query(`INSERT INTO tenants (id, name) VALUES ($1, 'Ledger bench')`, [tenantId]);
    await createSystemAccounts(tx, tenantId, new Date());
  });
  const actor = { tenantId, environment: 'test' as const, kind: 'user' as const, id: randomUUID(), name: 'bench', role: 'owner' as const };
  const ids = await withTenant(db, actor, async (tx) => {
    const funding = await systemAccountId(tx, 'funding');
    const created: string[] = [];
    for (let i = 0; i < accountCount; i++) {
      const account = await createAccount(tx, { clock: systemClock }, actor, { type: 'person', name: `Bench ${i}` });
      await ledger.post(tx, {
        entries: ledger.moveEntries(funding, account.id, 'USD', new Money(1_000_000)),
        referenceType: 'bench_funding',
        at: new Date(),
      });
      created.push(account.id);
    }
    return created;
  });
  return { scope: actor, ids };
}

async function run(label: string, db: Database) {
  const { scope, ids } = await prepare(db);
  const latencies: number[] = [];
  let refused = 0;
  const end = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const from = ids[Math.floor(Math.random() * ids.length)] as string;
      let to = from;
      while (to === from) to = ids[Math.floor(Math.random() * ids.length)] as string;
      const amount = new Money(1 + Math.floor(Math.random() * 10_000)).div(100);
      const started = performance.now();
      try {
        await withTenant(db, scope, (tx) =>
          ledger.post(tx, { entries: ledger.moveEntries(from, to, 'USD', amount), referenceType: 'transfer', at: new Date() }),
        );
      } catch {
        refused++;
      }
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: workers }, worker));
  const elapsedSeconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => (latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0).toFixed(1);
  const verification = await withOwner(db, (tx) => verifyLedger(tx));
  console.log(
    `${label.padEnd(12)} ${(latencies.length / elapsedSeconds).toFixed(0).padStart(6)} moves/s   p50 ${pct(0.5)} ms   p99 ${pct(0.99)} ms   ` +
      `(${latencies.length} moves, ${refused} refused, ${workers} workers, ${accountCount} accounts)   ` +
      `ledger:verify ok=${verification.ok} balancesChecked=${verification.balancesChecked} discrepancies=${verification.discrepancies.length}`,
  );
}

console.log(`\nbench:ledger — ${seconds} s per database`);
const pglite = await openDatabase({});
try {
  await run('PGlite', pglite);
} finally {
  await pglite.close();
}

const url = process.env.DATABASE_URL;
if (url) {
  const admin = await adminConnection(url);
  const name = `payos_bench_ledger_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: scratch.toString(), poolSize: workers });
  try {
    await run('PostgreSQL', db);
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
} else {
  console.log('(set DATABASE_URL to measure PostgreSQL too)');
}
