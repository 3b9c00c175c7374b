import { withOwner } from '@payos/db';
import { Money } from '@payos/money';
import { describe, expect, it } from 'vitest';
import { createAgent, openAccount, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import { buildApp, isRealPostgres, type Reply } from '../../../../../tests/harness.js';
import { type RateProvider, RateUnavailableError, staticRateProvider } from '../fx/rates.js';

/*
 * Hostile-review attacks on group commit that it withstood, kept as
 * regressions. Cross-tenant and cross-environment isolation of lanes and keys, idempotency races
 * (internal transfer vs payout, two credentials, concurrent duplicates, another path, 24 h),
 * agents, a mixed-actor batch, both directions and sub-cent amounts in one batch, error parity
 * alone vs batched, and on PostgreSQL: exactly the affordable number under concurrency from two
 * instances (funds and daily limit), and a connection killed mid-batch (every caller 503, nothing
 * committed).
 */

let hook: (() => Promise<void>) | undefined;
const base = staticRateProvider();
const provider: RateProvider = {
  async midRate(from, to) {
    const run = hook;
    if (run) {
      hook = undefined;
      await run();
    }
    return base.midRate(from, to);
  },
};
const fx = { provider, spread: new Money(0) };

const t = testApp({ fx, groupCommit: { windowMs: 0 } });
const tenant = tenantWithKey(t, 'attack-ok');
const other = tenantWithKey(t, 'attack-ok-other');

type Http = typeof t.http;
const internal = (
  body: Record<string, unknown>,
  options: { token?: string; key?: string; http?: Http; environment?: 'test' | 'live' } = {},
) =>
  (options.http ?? t.http).post('/v1/transfers', {
    token: options.token ?? tenant.key,
    body: { type: 'internal', currency: 'USDC', ...body },
    headers: options.key ? { 'idempotency-key': options.key } : {},
    environment: options.environment,
  });

const balance = async (id: string, token = tenant.key, currency = 'USDC') =>
  (await t.http.get(`/v1/accounts/${id}/balances`, { token })).body.data.balances.find((b: { currency: string }) => b.currency === currency)
    ?.available ?? '0.000000';

const transfersOf = async (accountId: string) => {
  const [row] = await withOwner(t.db, (tx) =>
    tx.query<{ n: number }>('SELECT count(*)::int AS n FROM transfers WHERE from_account_id = $1 OR to_account_id = $1', [accountId]),
  );
  return row?.n ?? 0;
};

/** An app on the same database whose batches form only when `size` commands are queued: one burst, one batch. */
const batching = (size: number) => buildApp(t.db, { clock: t.clock, fx, groupCommit: { windowMs: 1_000, maxBatch: size } });

/** Sends in order, each once the one before is queued, so the batch keeps this order. */
async function inOneBatch(app: ReturnType<typeof batching>, sends: ((http: Http) => Promise<Reply>)[]) {
  const before = app.deps.movements.stats().batches;
  const inFlight: Promise<Reply>[] = [];
  for (const s of sends) {
    const queued = app.deps.movements.stats().queued;
    inFlight.push(s(app.http));
    while (app.deps.movements.stats().queued === queued && app.deps.movements.stats().batches === before) {
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const replies = await Promise.all(inFlight);
  expect(app.deps.movements.stats().batches - before).toBe(1);
  return replies;
}

const verified = async () =>
  expect((await t.http.get('/v1/ledger/verification', { token: await tenant.userToken() })).body.data).toMatchObject({ ok: true });

describe('group commit, hostile: isolation of lanes and keys', () => {
  it('two tenants with the same Idempotency-Key at the same moment: each its own transfer, never the other’s accounts', async () => {
    const a1 = await openAccount(t.http, tenant.key, { name: 'A1', funds: '10.00' });
    const a2 = await openAccount(t.http, tenant.key, { name: 'A2' });
    const b1 = await openAccount(t.http, other.key, { name: 'B1', funds: '10.00' });
    const b2 = await openAccount(t.http, other.key, { name: 'B2' });
    const [ra, rb, rbOnA, raOnB] = await Promise.all([
      internal({ fromAccountId: a1, toAccountId: a2, amount: '1.00' }, { key: 'shared-key' }),
      internal({ fromAccountId: b1, toAccountId: b2, amount: '2.00' }, { key: 'shared-key', token: other.key }),
      internal({ fromAccountId: b1, toAccountId: a2, amount: '1.00' }, { token: other.key }),
      internal({ fromAccountId: a1, toAccountId: b2, amount: '1.00' }),
    ]);
    expect([ra.status, rb.status]).toEqual([201, 201]);
    expect(ra.headers.get('idempotent-replayed')).toBeNull();
    expect(rb.headers.get('idempotent-replayed')).toBeNull();
    expect(ra.body.data.fromAccountId).toBe(a1);
    expect(rb.body.data.fromAccountId).toBe(b1);
    expect([rbOnA.status, rbOnA.body.error.param, raOnB.status, raOnB.body.error.param]).toEqual([404, 'toAccountId', 404, 'toAccountId']);
    // Replays stay with their tenant.
    const again = await internal({ fromAccountId: b1, toAccountId: b2, amount: '2.00' }, { key: 'shared-key', token: other.key });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.data.id).toBe(rb.body.data.id);
    expect([await balance(a2), await balance(b2, other.key)]).toEqual(['1.000000', '2.000000']);
  });

  it('the same key and body in live after test: not a replay of test, and test accounts are not found in live', async () => {
    const from = await openAccount(t.http, tenant.key, { name: 'Env from', funds: '10.00' });
    const to = await openAccount(t.http, tenant.key, { name: 'Env to' });
    const body = { fromAccountId: from, toAccountId: to, amount: '1.00' };
    const token = tenant.owner.token;
    expect((await internal(body, { key: 'env-key', token })).status).toBe(201);
    const live = await internal(body, { key: 'env-key', token, environment: 'live' });
    expect(live.headers.get('idempotent-replayed')).toBeNull();
    expect({ status: live.status, code: live.body.error?.code, param: live.body.error?.param }).toEqual({
      status: 404,
      code: 'resource_missing',
      param: 'fromAccountId',
    });
  });
});

describe('group commit, hostile: idempotency races', () => {
  it('one key, an internal transfer and a payout at once: exactly one of them takes effect', async () => {
    const from = await openAccount(t.http, tenant.key, { name: 'Race from', funds: '100.00' });
    const to = await openAccount(t.http, tenant.key, { name: 'Race to' });
    const replies = await Promise.all([
      internal({ fromAccountId: from, toAccountId: to, amount: '1.00' }, { key: 'race-mixed' }),
      t.http.post('/v1/transfers', {
        token: tenant.key,
        headers: { 'idempotency-key': 'race-mixed' },
        body: { type: 'payout', fromAccountId: from, toAccountId: to, destinationCurrency: 'MXN', amount: '1.00', currency: 'USDC' },
      }),
    ]);
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.every((s) => s === 201 || s === 409 || s === 422)).toBe(true);
    expect(await transfersOf(from)).toBe(1);
  });

  it('twelve identical requests with one key at once: one transfer; every 201 is the same bytes; the rest 409', async () => {
    const from = await openAccount(t.http, tenant.key, { name: 'Dup from', funds: '100.00' });
    const to = await openAccount(t.http, tenant.key, { name: 'Dup to' });
    const body = JSON.stringify({ type: 'internal', currency: 'USDC', fromAccountId: from, toAccountId: to, amount: '1.00' });
    const replies = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const res = await t.app.request('/v1/transfers', {
          method: 'POST',
          headers: { authorization: `Bearer ${tenant.key}`, 'content-type': 'application/json', 'idempotency-key': 'dup-12' },
          body,
        });
        return { status: res.status, text: await res.text() };
      }),
    );
    const created = replies.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.text)).size).toBe(1);
    expect(replies.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect(await transfersOf(from)).toBe(1);
    expect(await balance(from)).toBe('99.000000');
  });

  it('two API keys of one tenant, one Idempotency-Key: one transfer; the other credential never gets its response', async () => {
    const second = await t.http.post('/v1/api-keys', { token: tenant.owner.token, body: { name: 'second', environment: 'test' } });
    const key2 = second.body.data.key as string;
    const from = await openAccount(t.http, tenant.key, { name: 'Cred from', funds: '100.00' });
    const to = await openAccount(t.http, tenant.key, { name: 'Cred to' });
    const body = { fromAccountId: from, toAccountId: to, amount: '1.00' };
    const [r1, r2] = await Promise.all([internal(body, { key: 'two-creds' }), internal(body, { key: 'two-creds', token: key2 })]);
    expect([r1.status, r2.status].filter((s) => s === 201)).toHaveLength(1);
    const loser = r1.status === 201 ? { token: key2, reply: r2 } : { token: tenant.key, reply: r1 };
    expect([409, 422]).toContain(loser.reply.status);
    const later = await internal(body, { key: 'two-creds', token: loser.token });
    expect({ status: later.status, code: later.body.error?.code }).toEqual({ status: 422, code: 'idempotency_key_reused' });
    expect(await transfersOf(from)).toBe(1);
  });

  it('a key first used on POST /v1/accounts, then on /v1/transfers (and the reverse): 422, nothing moves', async () => {
    const from = await openAccount(t.http, tenant.key, { name: 'Path from', funds: '10.00' });
    const to = await openAccount(t.http, tenant.key, { name: 'Path to' });
    const account = await t.http.post('/v1/accounts', {
      token: tenant.key,
      headers: { 'idempotency-key': 'path-key' },
      body: { type: 'business', name: 'Made with the key' },
    });
    expect(account.status).toBe(201);
    const reused = await internal({ fromAccountId: from, toAccountId: to, amount: '1.00' }, { key: 'path-key' });
    expect({ status: reused.status, code: reused.body.error?.code }).toEqual({ status: 422, code: 'idempotency_key_reused' });
    expect(await internal({ fromAccountId: from, toAccountId: to, amount: '1.00' }, { key: 'path-key-2' })).toMatchObject({ status: 201 });
    const back = await t.http.post('/v1/accounts', {
      token: tenant.key,
      headers: { 'idempotency-key': 'path-key-2' },
      body: { type: 'business', name: 'Another' },
    });
    expect({ status: back.status, code: back.body.error?.code }).toEqual({ status: 422, code: 'idempotency_key_reused' });
    expect(await balance(to)).toBe('1.000000');
  });

  // Documented behaviour (docs/MONEY.md: stored for 24 hours), kept so that a change is a decision:
  // the same request with the same key after 24 h is a NEW transfer, not a replay.
  it('after 24 h the key is free again: the same request makes a second transfer', async () => {
    const from = await openAccount(t.http, tenant.key, { name: 'Ttl from', funds: '10.00' });
    const to = await openAccount(t.http, tenant.key, { name: 'Ttl to' });
    const body = { fromAccountId: from, toAccountId: to, amount: '1.00' };
    const first = await internal(body, { key: 'ttl-key' });
    t.clock.advance(24 * 60 * 60 * 1000 - 1);
    const replay = await internal(body, { key: 'ttl-key' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    t.clock.advance(1);
    const fresh = await internal(body, { key: 'ttl-key' });
    expect(fresh.headers.get('idempotent-replayed')).toBeNull();
    expect(fresh.body.data.id).not.toBe(first.body.data.id);
    expect(await balance(to)).toBe('2.000000');
  });
});

describe('group commit, hostile: agents, actors and amounts in one batch', () => {
  it('an agent cannot send from another account, while its own sends go through', async () => {
    const home = await openAccount(t.http, tenant.key, { name: 'Agent home', tier: 2, funds: '50.00' });
    const victim = await openAccount(t.http, tenant.key, { name: 'Victim', tier: 2, funds: '50.00' });
    const agent = await createAgent(t.http, tenant.key, await tenant.userToken(), home);
    const [own, stolen, own2] = await Promise.all([
      internal({ fromAccountId: home, toAccountId: victim, amount: '1.00' }, { token: agent.token }),
      internal({ fromAccountId: victim, toAccountId: home, amount: '1.00' }, { token: agent.token }),
      internal({ fromAccountId: home, toAccountId: victim, amount: '1.00' }, { token: agent.token }),
    ]);
    expect([own.status, own2.status]).toEqual([201, 201]);
    expect([403, 404]).toContain(stolen.status);
    expect(await balance(victim)).toBe('52.000000');
  });

  it('a user, an API key and an agent in one batch: each transfer and audit row names its own actor', async () => {
    const home = await openAccount(t.http, tenant.key, { name: 'Mixed home', tier: 2, funds: '50.00' });
    const to = await openAccount(t.http, tenant.key, { name: 'Mixed to', tier: 2 });
    const agent = await createAgent(t.http, tenant.key, await tenant.userToken(), home);
    const user = await tenant.userToken();
    const app = batching(3);
    const replies = await inOneBatch(app, [
      (http) => internal({ fromAccountId: home, toAccountId: to, amount: '1.00' }, { token: user, http }),
      (http) => internal({ fromAccountId: home, toAccountId: to, amount: '2.00' }, { http }),
      (http) => internal({ fromAccountId: home, toAccountId: to, amount: '3.00' }, { token: agent.token, http }),
    ]);
    expect(replies.map((r) => r.body.data?.initiatedBy.type)).toEqual(['user', 'api_key', 'agent']);
    expect(replies[2]?.body.data.initiatedBy.id).toBe(agent.id);
    for (const r of replies) {
      const stored = await t.http.get(`/v1/transfers/${r.body.data.id}`, { token: tenant.key });
      expect(stored.body.data.initiatedBy).toEqual(r.body.data.initiatedBy);
    }
    const audit = await t.http.get('/v1/audit-events?limit=100', { token: await tenant.userToken() });
    const rows = (audit.body.data as { objectId: string; actor: { type: string } }[]).filter((e) =>
      replies.some((r) => r.body.data.id === e.objectId),
    );
    expect(rows.map((e) => e.actor.type).sort()).toEqual(['agent', 'api_key', 'user']);
  });

  it('both directions between two accounts, chains and the smallest amounts in one batch', async () => {
    const a = await openAccount(t.http, tenant.key, { name: 'Dir A', funds: '0.000003' });
    const b = await openAccount(t.http, tenant.key, { name: 'Dir B' });
    const app = batching(6);
    const replies = await inOneBatch(app, [
      (http) => internal({ fromAccountId: a, toAccountId: b, amount: '0.000003' }, { http }),
      (http) => internal({ fromAccountId: b, toAccountId: a, amount: '0.000002' }, { http }),
      (http) => internal({ fromAccountId: b, toAccountId: a, amount: '0.000002' }, { http }),
      (http) => internal({ fromAccountId: a, toAccountId: b, amount: '0.000002' }, { http }),
      (http) => internal({ fromAccountId: b, toAccountId: a, amount: '0.000003' }, { http }),
      (http) => internal({ fromAccountId: a, toAccountId: b, amount: '0.000004' }, { http }),
    ]);
    expect(replies.map((r) => r.status)).toEqual([201, 201, 422, 201, 201, 422]);
    expect(replies[2]?.body.error.details).toEqual({
      accountId: b,
      currency: 'USDC',
      available: '0.000001',
      required: '0.000002',
    });
    expect([await balance(a), await balance(b)]).toEqual(['0.000003', '0.000000']);
    await verified();
  });

  it('refusals answer the same alone and in a batch (404s, closed, suspended, limits, funds; MXN next to USDC)', async () => {
    const rich = await openAccount(t.http, tenant.key, { name: 'Parity rich', tier: 1, funds: '10000.00' });
    const poor = await openAccount(t.http, tenant.key, { name: 'Parity poor', tier: 2, funds: '1.00' });
    const mxn = await openAccount(t.http, tenant.key, { name: 'Parity MXN', tier: 1, funds: '100000.00', currency: 'MXN' });
    const to = await openAccount(t.http, tenant.key, { name: 'Parity to', tier: 2 });
    const closed = await openAccount(t.http, tenant.key, { name: 'Parity closed' });
    await t.http.delete(`/v1/accounts/${closed}`, { token: tenant.key });
    const suspended = await openAccount(t.http, tenant.key, { name: 'Parity suspended', funds: '5.00' });
    await t.http.post(`/v1/accounts/${suspended}/suspend`, { token: tenant.key });
    const missing = '00000000-0000-4000-8000-000000000001';
    const bodies: Record<string, unknown>[] = [
      { fromAccountId: missing, toAccountId: missing.replace(/1$/, '2') },
      { fromAccountId: rich, toAccountId: missing },
      { fromAccountId: suspended, toAccountId: closed },
      { fromAccountId: closed, toAccountId: rich },
      { fromAccountId: suspended, toAccountId: to },
      { fromAccountId: rich, toAccountId: to, amount: '5000.01' },
      { fromAccountId: poor, toAccountId: to, amount: '1.000001' },
      { fromAccountId: mxn, toAccountId: to, amount: '85750.01', currency: 'MXN' },
      { fromAccountId: mxn, toAccountId: to, amount: '100000.01', currency: 'MXN' },
    ].map((b) => ({ amount: '1.00', ...b }));
    const strip = (r: Reply) => ({ status: r.status, ...r.body.error, requestId: undefined });
    const alone = [];
    for (const body of bodies) alone.push(strip(await internal(body)));
    const batched = await inOneBatch(
      batching(bodies.length),
      bodies.map((body) => (http) => internal(body, { http })),
    );
    expect(batched.map(strip)).toEqual(alone);
    expect(alone.map((r) => r.code)).toEqual([
      'resource_missing',
      'resource_missing',
      'resource_missing',
      'invalid_state',
      'account_suspended',
      'limit_exceeded',
      'insufficient_funds',
      'limit_exceeded',
      'limit_exceeded',
    ]);
  });
});

describe('group commit, hostile: FX rates down for one command of a batch', () => {
  it('the MXN transfer answers 503 rates_unavailable; the USDC ones around it commit', async () => {
    const app = batching(3);
    const mxn = await openAccount(t.http, tenant.key, { name: 'Rates MXN', tier: 2, funds: '100.00', currency: 'MXN' });
    const from = await openAccount(t.http, tenant.key, { name: 'Rates from', tier: 2, funds: '100.00' });
    const to = await openAccount(t.http, tenant.key, { name: 'Rates to', tier: 2 });
    // Down for as long as the test runs: the MXN send's rate is asked for before it queues and again
    // when its batch decides; both fail.
    hook = async function down() {
      hook = down;
      throw new RateUnavailableError('provider down');
    };
    try {
      const replies = await inOneBatch(app, [
        (http) => internal({ fromAccountId: from, toAccountId: to, amount: '1.00' }, { http }),
        (http) => internal({ fromAccountId: mxn, toAccountId: to, amount: '1.00', currency: 'MXN' }, { http }),
        (http) => internal({ fromAccountId: from, toAccountId: to, amount: '2.00' }, { http }),
      ]);
      expect(replies.map((r) => `${r.status} ${r.body.error?.code ?? ''}`)).toEqual(['201 ', '503 rates_unavailable', '201 ']);
    } finally {
      hook = undefined;
    }
    expect(await balance(to)).toBe('3.000000');
  });
});

describe.runIf(isRealPostgres)('group commit, hostile: concurrency from two instances (PostgreSQL)', () => {
  it('60 parallel sends of 3.00 against 100.00 from two instances: exactly 33 succeed', async () => {
    const second = buildApp(t.db, { clock: t.clock, fx });
    const from = await openAccount(t.http, tenant.key, { name: 'Hot', tier: 3, funds: '100.00' });
    const tos = await Promise.all([0, 1, 2].map((i) => openAccount(t.http, tenant.key, { name: `Hot to ${i}` })));
    const replies = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        internal({ fromAccountId: from, toAccountId: tos[i % 3], amount: '3.00' }, { http: i % 2 ? second.http : t.http }),
      ),
    );
    const codes = replies.map((r) => (r.status === 201 ? 'ok' : r.body.error.code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(33);
    expect(codes.filter((c) => c !== 'ok' && c !== 'insufficient_funds')).toEqual([]);
    expect(await balance(from)).toBe('1.000000');
    await verified();
  });

  it('30 parallel sends of 1,000 on a 20,000 daily limit from two instances: exactly 20 succeed', async () => {
    const second = buildApp(t.db, { clock: t.clock, fx });
    const from = await openAccount(t.http, tenant.key, { name: 'Limit hot', tier: 1, funds: '100000.00' });
    const to = await openAccount(t.http, tenant.key, { name: 'Limit to' });
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        internal({ fromAccountId: from, toAccountId: to, amount: '1000.00' }, { http: i % 2 ? second.http : t.http }),
      ),
    );
    const codes = replies.map((r) => (r.status === 201 ? 'ok' : r.body.error.code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(20);
    expect(codes.filter((c) => c !== 'ok' && c !== 'limit_exceeded')).toEqual([]);
    expect(await balance(to)).toBe('20000.000000');
  });

  it('the batch’s connection dies while it is being decided: every caller gets 503, nothing commits', async () => {
    const app = batching(2);
    const from = await openAccount(t.http, tenant.key, { name: 'Dying from', tier: 2, funds: '100.00' });
    const to = await openAccount(t.http, tenant.key, { name: 'Dying to', tier: 2 });
    // An MXN send earlier today: the USDC sends' limit check needs the MXN rate, asked for mid-decision.
    await t.http.post('/v1/deposits', { token: tenant.key, body: { accountId: from, amount: '100.00', currency: 'MXN' } });
    expect((await internal({ fromAccountId: from, toAccountId: to, amount: '1.00', currency: 'MXN' })).status).toBe(201);
    hook = async () => {
      await withOwner(t.db, (tx) =>
        tx.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND state = 'idle in transaction' AND pid <> pg_backend_pid()`,
        ),
      );
    };
    try {
      const replies = await inOneBatch(app, [
        (http) => internal({ fromAccountId: from, toAccountId: to, amount: '1.00' }, { http, key: 'dying-1' }),
        (http) => internal({ fromAccountId: from, toAccountId: to, amount: '2.00' }, { http }),
      ]);
      expect(replies.map((r) => `${r.status} ${r.body.error?.code}`)).toEqual(Array(2).fill('503 database_unavailable'));
    } finally {
      hook = undefined;
    }
    expect(await transfersOf(to)).toBe(1);
    expect(await balance(from)).toBe('100.000000');
    // The key was not stored: the retry runs.
    expect((await internal({ fromAccountId: from, toAccountId: to, amount: '1.00' }, { key: 'dying-1' })).status).toBe(201);
    await verified();
  });
});
