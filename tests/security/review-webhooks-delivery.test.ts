/**
 * Hostile review of webhook delivery at volume (issue #17: batched settles per tenant environment,
 * learned per-endpoint caps, kept-alive connections, back-to-back passes). Written from the outside:
 * real node:http receivers, the worker's pass called directly, the API through HTTP, the database read
 * as the owner. Each test failed on the code it was written against (commit 6df3f05).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withOwner } from '@payos/db';
import { afterAll, describe, expect, it } from 'vitest';
import { type DeliveryDeps, deliverDueWebhooks } from '../../apps/api/src/modules/webhooks/delivery.js';
import { testApp } from '../fixtures.js';
import { buildApp, type Json, signup } from '../harness.js';

// Held requests must not time out while a test looks at them: 5 s, far beyond what the tests wait.
const t = testApp({
  webhooks: { allowPrivate: true, requireHttps: false, timeoutMs: 5_000, maxInFlightPerEndpoint: 2, random: () => 0.5 },
});
const onPostgres = Boolean(process.env.DATABASE_URL);

const servers: Server[] = [];
afterAll(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

/** A real receiver on 127.0.0.1 that holds every request until the test answers it (`held`). */
async function holdingReceiver() {
  const held: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    req.resume();
    req.on('end', () => held.push(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, held };
}

const endpoint = async (token: string, url: string) => {
  const res = await t.http.post('/v1/webhook-endpoints', { token, body: { url, enabledEvents: ['account.*'] } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as Json;
};
const account = async (token: string) =>
  expect((await t.http.post('/v1/accounts', { token, body: { type: 'person', name: 'Hooked' } })).status).toBe(201);

const deliveryOf = async (endpointId: string) =>
  (
    await withOwner(t.db, (tx) =>
      tx.query<{ status: string; leased: boolean }>(
        'SELECT status, leased_until IS NOT NULL AS leased FROM webhook_deliveries WHERE endpoint_id = $1',
        [endpointId],
      ),
    )
  )[0];
const capOf = async (endpointId: string) =>
  (
    await withOwner(t.db, (tx) =>
      tx.query<{ cap: number | null }>('SELECT max_in_flight AS cap FROM webhook_endpoints WHERE id = $1', [endpointId]),
    )
  )[0]?.cap;

/**
 * Waits for a condition that real network and database events make true (no fixed sleeps). Fails after
 * `ms`, also when a check itself hangs (a query behind a lock).
 */
async function until(condition: () => boolean | Promise<boolean>, ms = 5_000) {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`condition not met within ${ms} ms`)), ms);
  });
  try {
    while (!(await Promise.race([Promise.resolve(condition()), expired]))) {
      await Promise.race([new Promise((r) => setImmediate(r)), expired]);
    }
  } finally {
    clearTimeout(timer);
  }
}

/** A pass whose outcome can be awaited later without an unhandled rejection in between. */
function pass(deps: DeliveryDeps = t.deps) {
  const running = deliverDueWebhooks(t.db, deps);
  const outcome = running.then(
    (count) => ({ count, error: undefined as unknown }),
    (error: unknown) => ({ count: -1, error }),
  );
  return { outcome };
}

/** A transaction held open by the test (PostgreSQL: it locks `endpointId`'s row FOR UPDATE) until `release()`. */
function holdLock(endpointId: string) {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked = () => {};
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const done = withOwner(t.db, async (tx) => {
    await tx.query('SELECT id FROM webhook_endpoints WHERE id = $1 FOR UPDATE', [endpointId]);
    locked();
    await gate;
  });
  return { isLocked, release, done };
}

/** Whether some backend waits for a lock (PostgreSQL). */
const someoneWaits = async () =>
  ((await withOwner(t.db, (tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted')))[0]?.n ?? 0) > 0;

describe('webhook delivery at volume: settling', () => {
  it('an attempt whose endpoint was deleted while it was in flight neither fails the pass nor cuts short its other attempts', async () => {
    // Before: the attempt row's foreign key to the deleted endpoint failed the settle, the settler
    // rejected that attempt, and deliverDueWebhooks rejected at once (Promise.race/all over the attempts)
    // while the tenant's other attempts were still in flight: the loop then logged "pass failed" and
    // started another pass beside them (its stop() no longer waiting for them), so any tenant could
    // break a worker's bound on attempts in flight by deleting endpoints under its own deliveries.
    const owner = await signup(t.http, 'rwd-deleted');
    const [a, b] = [await holdingReceiver(), await holdingReceiver()];
    const gone = await endpoint(owner.token, a.url);
    const kept = await endpoint(owner.token, b.url);
    await account(owner.token);
    const { outcome } = pass();
    await until(() => a.held.length === 1 && b.held.length === 1);
    expect((await t.http.delete(`/v1/webhook-endpoints/${gone.id}`, { token: owner.token })).status).toBe(200);
    a.held[0]?.end('ok');
    // The pass is still running its other attempt: give the failed settle every chance to end the pass.
    await until(
      async () =>
        (await withOwner(t.db, (tx) => tx.query('SELECT 1 FROM webhook_attempts WHERE endpoint_id = $1', [gone.id]))).length === 0,
    );
    b.held[0]?.end('ok');
    const { count, error } = await outcome;
    expect(error).toBeUndefined();
    expect(count).toBe(2);
    expect(await deliveryOf(kept.id)).toEqual({ status: 'delivered', leased: false });
  });

  it.runIf(onPostgres)("a settle stuck on one tenant's lock does not hold back other tenants' settles (PostgreSQL)", async () => {
    // Before: the settler wrote one batch at a time, all tenant environments of a batch together
    // (Promise.all), and the next batch waited for the slowest: a tenant whose endpoint row was locked
    // (a PATCH waiting on DNS, below; any long lock) stalled every tenant's settles in that worker, their
    // attempts holding the worker's slots and their leases running out (sent again: duplicates).
    const hog = await signup(t.http, 'rwd-hol-hog');
    const victim = await signup(t.http, 'rwd-hol-victim');
    const [h, v] = [await holdingReceiver(), await holdingReceiver()];
    const hogHook = await endpoint(hog.token, h.url);
    const victimHook = await endpoint(victim.token, v.url);
    await account(hog.token);
    await account(victim.token);
    const { outcome } = pass();
    await until(() => h.held.length === 1 && v.held.length === 1);
    const lock = holdLock(hogHook.id);
    try {
      await lock.isLocked;
      h.held[0]?.end('ok');
      await until(someoneWaits); // the hog's settle waits for the lock
      v.held[0]?.end('ok');
      await until(async () => (await deliveryOf(victimHook.id))?.status === 'delivered', 3_000);
    } finally {
      lock.release();
      await lock.done;
      await outcome;
    }
    expect((await outcome).error).toBeUndefined();
    expect(await deliveryOf(hogHook.id)).toEqual({ status: 'delivered', leased: false });
  });

  it('PATCH of an endpoint URL does not hold the endpoint row locked while the new name resolves (its settles go on)', async () => {
    // Before: updateEndpoint locked the endpoint FOR UPDATE and then resolved the new URL's name (in
    // production, the SSRF check): an attacker's slow DNS held the lock for as long as its resolver
    // took, and every settle of that endpoint (the attempt row's foreign key) waited behind it — with
    // the settler above, every tenant's. On PGlite the open transaction held the whole database.
    let resolverCalled = () => {};
    const resolving = new Promise<void>((resolve) => {
      resolverCalled = resolve;
    });
    let answer = () => {};
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const production = buildApp(t.db, {
      webhooks: {
        allowPrivate: false,
        requireHttps: true,
        resolve: async () => {
          resolverCalled();
          await answered;
          return [{ address: '93.184.216.34', family: 4 }];
        },
      },
    });
    const owner = await signup(t.http, 'rwd-slow-dns');
    const r = await holdingReceiver();
    const hook = await endpoint(owner.token, r.url);
    await account(owner.token);
    const { outcome } = pass();
    await until(() => r.held.length === 1);
    const patched = production.http.patch(`/v1/webhook-endpoints/${hook.id}`, {
      token: owner.token,
      body: { url: 'https://slow.partner.example/hooks' },
    });
    try {
      await resolving;
      r.held[0]?.end('ok');
      await until(async () => (await deliveryOf(hook.id))?.status === 'delivered', 3_000);
    } finally {
      answer();
      expect((await patched).status).toBe(200);
      await outcome;
    }
    expect((await outcome).error).toBeUndefined();
  });
});

describe('webhook delivery at volume: learned caps', () => {
  it("answers from an endpoint's old URL are not learned for its new one (a URL change during a pass)", async () => {
    // Before: a pass kept what it learned per endpoint id in memory and wrote it back with each settle.
    // PATCHing the URL reset max_in_flight to NULL, but the attempts already in flight to the old
    // receiver settled afterwards and stored their cap (2 + 2 fast answers = 4) for the new receiver:
    // a tenant could grow a cap on its own fast receiver and carry it to someone else's URL.
    const owner = await signup(t.http, 'rwd-cap-url');
    const old = await holdingReceiver();
    const hook = await endpoint(owner.token, old.url);
    await account(owner.token);
    await t.http.post(`/v1/webhook-endpoints/${hook.id}/test`, { token: owner.token });
    const { outcome } = pass();
    await until(() => old.held.length === 2);
    const fresh = await holdingReceiver();
    expect((await t.http.patch(`/v1/webhook-endpoints/${hook.id}`, { token: owner.token, body: { url: fresh.url } })).status).toBe(200);
    expect(await capOf(hook.id)).toBeNull();
    for (const res of old.held.splice(0)) res.end('ok');
    expect((await outcome).count).toBe(2);
    expect(fresh.held).toHaveLength(0);
    expect(await capOf(hook.id)).toBeNull();
  });

  it('a batch holding an attempt of a deleted endpoint settles the others, learning each answer once', async () => {
    // Before: the attempt row of the deleted endpoint failed the batch's INSERT (its foreign key); the
    // batch was settled again one by one, the other attempt landed, and the deleted endpoint's failed
    // again and rejected the whole pass (as above).
    const owner = await signup(t.http, 'rwd-cap-fallback');
    const [first, gone, fast] = [await holdingReceiver(), await holdingReceiver(), await holdingReceiver()];
    const firstHook = await endpoint(owner.token, first.url);
    const goneHook = await endpoint(owner.token, gone.url);
    const fastHook = await endpoint(owner.token, fast.url);
    await account(owner.token);
    // The pass reads the clock for each claim and as each attempt starts, and once more as each attempt
    // ends, right before it is queued for settling: 1 claim + 3 starts + 1 empty claim, then one per end.
    let reads = 0;
    const clock = {
      now: () => {
        reads++;
        return t.clock.now();
      },
    };
    const { outcome } = pass({ ...t.deps, clock } as DeliveryDeps);
    await until(() => first.held.length === 1 && gone.held.length === 1 && fast.held.length === 1 && reads === 5);
    expect((await t.http.delete(`/v1/webhook-endpoints/${goneHook.id}`, { token: owner.token })).status).toBe(200);
    // The tenant's first settle is held (PostgreSQL: its endpoint row locked; PGlite: the database busy),
    // so the next two answers end up in one batch.
    const lock = holdLock(firstHook.id);
    try {
      await lock.isLocked;
      first.held[0]?.writeHead(500).end('no');
      await until(() => reads === 6);
      gone.held[0]?.writeHead(500).end('no');
      fast.held[0]?.end('ok');
      await until(() => reads === 8);
    } finally {
      lock.release();
      await lock.done;
    }
    const { error } = await outcome;
    expect(error).toBeUndefined();
    expect(await deliveryOf(fastHook.id)).toEqual({ status: 'delivered', leased: false });
    // One fast 2xx: the starting cap (2) plus one.
    expect(await capOf(fastHook.id)).toBe(3);
  });

  it("a worker's memory of an older, higher cap does not undo the halving another worker stored", async () => {
    // Before: each pass kept the cap it learned per endpoint in memory and, on every settle, learned on
    // from that instead of from the stored cap. Worker 1 grew the cap to 6 on fast answers; worker 2
    // then saw three 500s and stored a lower cap; worker 1's next two fast answers stored 6 + 2 = 8, and
    // every worker claimed by 8 for a receiver that had just failed three times in a row.
    const owner = await signup(t.http, 'rwd-cap-workers');
    let answered = 0;
    let failing = false;
    const held: ServerResponse[] = [];
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        answered++;
        if (failing) res.writeHead(500).end('no');
        else if (answered <= 4) res.end('ok');
        else held.push(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    const hook = await endpoint(owner.token, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`);
    for (let i = 0; i < 6; i++) await account(owner.token);
    // Worker 1: four fast answers (cap 2 → 6), then two requests held.
    const first = pass();
    await until(() => held.length === 2);
    await until(async () => (await capOf(hook.id)) === 6); // the fast answers' settles have landed
    // Worker 2, meanwhile: three fast 500s (one slot off each: 6 → 5 → 4 → 3).
    failing = true;
    for (let i = 0; i < 3; i++) await account(owner.token);
    const second = pass();
    expect((await second.outcome).count).toBe(3);
    expect(await capOf(hook.id)).toBe(3);
    // Worker 1's held requests answer fast: two slots earned from 3, not from the 6 it remembered.
    for (const res of held.splice(0)) res.end('ok');
    expect((await first.outcome).count).toBe(6);
    expect(await capOf(hook.id)).toBe(5);
  });

  it('a lease shorter than an attempt (WEBHOOK_LEASE_MS=1000) does not let another worker send a delivery again while it is in flight', async () => {
    // Before: a claim's lease was WEBHOOK_LEASE_MS whatever the attempt's timeout (env.ts accepts 1 s;
    // attempts may take 10 s). Past the lease the delivery was due again and counted as in flight no
    // longer: another worker (or the same pass's next claim) sent it again beside the first attempt —
    // a duplicate every lease, and the per-endpoint and per-tenant caps not held.
    const owner = await signup(t.http, 'rwd-lease');
    let requests = 0;
    const held: ServerResponse[] = [];
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        requests++;
        if (requests === 1) held.push(res);
        else res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    const hook = await endpoint(owner.token, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`);
    await account(owner.token);
    const deps = { ...t.deps, webhooks: { ...t.deps.webhooks, leaseMs: 1_000 } };
    const first = pass(deps);
    await until(() => held.length === 1);
    t.clock.advance(1_001);
    const second = pass(deps);
    expect((await second.outcome).count).toBe(0);
    expect(requests).toBe(1);
    held[0]?.end('ok');
    expect((await first.outcome).count).toBe(1);
    expect(await deliveryOf(hook.id)).toEqual({ status: 'delivered', leased: false });
  });
});
