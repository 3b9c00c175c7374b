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

function proxy(target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const start = () =>
    new Promise<number>((resolve) => {
      const listener = createServer((client) => {
        const upstream = createConnectionTo(target);
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        for (const s of [client, upstream]) s.on('error', () => {}).on('close', () => sockets.delete(s));
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
  return { start, stop };
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
});
