/**
 * Database outage (PostgreSQL only): the API reaches PostgreSQL through a TCP proxy that the test
 * cuts and restores — the real server, and every other test, keep running. While it is down, /health
 * answers 503 within 2 s and requests answer 503 unavailable_error without hanging; once it is back,
 * the same API instance recovers without a restart.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { openDatabase } from '@payos/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, createKey, createTestDatabase, isRealPostgres, signup, type TestDatabase } from '../harness.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

/**
 * A TCP proxy in front of PostgreSQL. stop() cuts every connection and refuses new ones; hold()
 * swallows what the API sends, so its statements stay in flight until the cut.
 */
function proxy(target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  let holding = false;
  let swallowed = 0;
  const start = () =>
    new Promise<number>((resolve) => {
      holding = false;
      const listener = createServer((client) => {
        const upstream = createConnectionTo(target);
        sockets.add(client).add(upstream);
        client.on('data', (chunk) => {
          if (holding) swallowed++;
          else upstream.write(chunk);
        });
        upstream.on('data', (chunk) => client.write(chunk));
        for (const s of [client, upstream]) {
          s.on('error', () => {}).on('close', () => {
            sockets.delete(s);
            client.destroy();
            upstream.destroy();
          });
        }
      });
      server = listener;
      listener.listen(port, '127.0.0.1', () => {
        port = (listener.address() as { port: number }).port;
        resolve(port);
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      sockets.clear();
      server?.close(() => resolve());
    });
  const hold = () => {
    holding = true;
    swallowed = 0;
  };
  const resume = () => {
    holding = false;
  };
  return { start, stop, hold, resume, swallowed: () => swallowed };
}

const createConnectionTo = (target: URL): Socket => createConnection({ host: target.hostname, port: Number(target.port || 5432) });

describe.runIf(isRealPostgres)('database outage', () => {
  it('answers 503 quickly while PostgreSQL is unreachable and recovers without a restart', async () => {
    const target = new URL(database.url as string);
    const cut = proxy(target);
    const port = await cut.start();
    const viaProxy = new URL(target);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(port);
    const db = await openDatabase({ databaseUrl: viaProxy.toString(), poolSize: 4 });
    try {
      const t = buildApp(db);
      const owner = await signup(t.http, 'outage');
      const { key } = await createKey(t.http, owner.token);
      expect((await t.http.get('/health')).status).toBe(200);
      expect((await t.http.get('/v1/accounts', { token: key })).status).toBe(200);

      await cut.stop();
      let started = performance.now();
      const health = await t.http.get('/health');
      expect(health.status).toBe(503);
      const healthMs = performance.now() - started;
      expect(healthMs).toBeLessThan(2_000);
      started = performance.now();
      // A credential the resolver cached a moment ago, so the request reaches its own query.
      const read = await t.http.get('/v1/accounts', { token: key });
      expect(read.status).toBe(503);
      expect(read.body.error).toMatchObject({ type: 'unavailable_error', code: 'database_unavailable' });
      const write = await t.http.post('/v1/accounts', { token: key, body: { type: 'person', name: 'During outage' } });
      expect(write.status).toBe(503);
      const requestsMs = performance.now() - started;
      expect(requestsMs).toBeLessThan(5_000);

      await cut.start();
      const back = performance.now();
      let healthy = false;
      for (let i = 0; i < 50 && !healthy; i++) {
        healthy = (await t.http.get('/health')).status === 200;
        if (!healthy) await new Promise((r) => setTimeout(r, 100));
      }
      expect(healthy).toBe(true);
      const recoveryMs = performance.now() - back;
      const after = await t.http.post('/v1/accounts', { token: key, body: { type: 'person', name: 'After outage' } });
      expect(after.status).toBe(201);
      const names = (await t.http.get('/v1/accounts', { token: key })).body.data.map((a: { name: string }) => a.name);
      expect(names).toEqual(['After outage']);
      console.log(
        `outage: /health 503 after ${healthMs.toFixed(0)} ms; a read and a write 503 within ${requestsMs.toFixed(0)} ms; healthy again ${recoveryMs.toFixed(0)} ms after the database returned`,
      );
    } finally {
      await db.close().catch(() => {});
      await cut.stop();
    }
  }, 60_000);

  it('settles every request in flight when PostgreSQL disappears under load, then serves the same load again', async () => {
    const target = new URL(database.url as string);
    const cut = proxy(target);
    const viaProxy = new URL(target);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(await cut.start());
    const db = await openDatabase({ databaseUrl: viaProxy.toString(), poolSize: 4 });
    try {
      const t = buildApp(db);
      const owner = await signup(t.http, 'outage-load');
      const { key } = await createKey(t.http, owner.token);
      const account = async (name: string, funds?: string) => {
        const id = (await t.http.post('/v1/accounts', { token: key, body: { type: 'business', name } })).body.data.id as string;
        await t.http.post(`/v1/accounts/${id}/verify`, { token: owner.token, body: { tier: 2 } });
        if (funds) await t.http.post('/v1/deposits', { token: key, body: { accountId: id, amount: funds, currency: 'USDC' } });
        return id;
      };
      const from = await account('Payer', '1000.00');
      const to = await account('Payee');
      const transfer = (n: number) =>
        t.http.post('/v1/transfers', {
          token: key,
          headers: { 'idempotency-key': `outage-${n}` },
          body: { type: 'internal', currency: 'USDC', fromAccountId: from, toAccountId: to, amount: '1.00' },
        });
      const burst = () =>
        Promise.all(Array.from({ length: 20 }, (_, n) => (n % 4 === 3 ? t.http.get('/v1/transfers', { token: key }) : transfer(n))));

      // Twenty requests reach the database and wait there; then PostgreSQL vanishes under them.
      cut.hold();
      const started = performance.now();
      const inFlight = burst();
      while (cut.swallowed() < 4 && performance.now() - started < 5_000) await new Promise((r) => setTimeout(r, 5));
      expect(cut.swallowed()).toBeGreaterThanOrEqual(4);
      await cut.stop();
      const during = await inFlight;
      const settledMs = performance.now() - started;
      expect(during.map((r) => r.status)).toEqual(during.map(() => 503));
      expect(settledMs).toBeLessThan(10_000);

      await cut.start();
      const back = performance.now();
      let healthy = false;
      while (!healthy && performance.now() - back < 10_000) {
        healthy = (await t.http.get('/health')).status === 200;
        if (!healthy) await new Promise((r) => setTimeout(r, 50));
      }
      expect(healthy).toBe(true);
      // The same burst again, with the same idempotency keys: every transfer happens, exactly once.
      const after = await burst();
      expect(after.map((r) => r.status)).toEqual(after.map((_, n) => (n % 4 === 3 ? 200 : 201)));
      const replay = await burst();
      expect(replay.filter((r) => r.status === 201).map((r) => r.body.data.id)).toEqual(
        after.filter((r) => r.status === 201).map((r) => r.body.data.id),
      );
      const balances = (await t.http.get(`/v1/accounts/${from}/balances`, { token: key })).body.data.balances;
      expect(balances.find((b: { currency: string }) => b.currency === 'USDC').available).toBe('985.000000');
      const ledger = await t.http.get('/v1/ledger/verification', { token: owner.token });
      expect(ledger.body.data.ok).toBe(true);
      console.log(
        `outage under load: 20 requests in flight all 503 within ${settledMs.toFixed(0)} ms; the same burst served ${(performance.now() - back).toFixed(0)} ms after the database returned`,
      );
    } finally {
      await db.close().catch(() => {});
      await cut.stop();
    }
  }, 60_000);

  it('fails statements a silent server never answers after the configured timeout, then recovers', async () => {
    const target = new URL(database.url as string);
    const cut = proxy(target);
    const viaProxy = new URL(target);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(await cut.start());
    // No reset, no close: the server just stops answering (a network partition, a frozen host).
    const db = await openDatabase({ databaseUrl: viaProxy.toString(), poolSize: 4, queryTimeoutMs: 1_000 });
    try {
      const t = buildApp(db);
      const owner = await signup(t.http, 'outage-silent');
      const { key } = await createKey(t.http, owner.token);
      expect((await t.http.get('/v1/accounts', { token: key })).status).toBe(200);

      cut.hold();
      const started = performance.now();
      const replies = await Promise.all([
        t.http.get('/v1/accounts', { token: key }),
        t.http.post('/v1/accounts', { token: key, body: { type: 'person', name: 'Never stored' } }),
        t.http.get('/health'),
      ]);
      const silentMs = performance.now() - started;
      expect(replies.map((r) => r.status)).toEqual([503, 503, 503]);
      expect(replies[0]?.body.error).toMatchObject({ type: 'unavailable_error', code: 'database_unavailable' });
      // Bounded by the configured timeouts (1 s per statement, 2 s to connect), with room for a busy CI machine.
      expect(silentMs).toBeLessThan(5_000);

      cut.resume();
      const back = performance.now();
      let healthy = false;
      while (!healthy && performance.now() - back < 10_000) healthy = (await t.http.get('/health')).status === 200;
      expect(healthy).toBe(true);
      const names = (await t.http.get('/v1/accounts', { token: key })).body.data.map((a: { name: string }) => a.name);
      expect(names).toEqual([]);
      console.log(`silent database: requests 503 after ${silentMs.toFixed(0)} ms (query timeout 1 s); healthy again once it answered`);
    } finally {
      await db.close().catch(() => {});
      await cut.stop();
    }
  }, 60_000);
});
