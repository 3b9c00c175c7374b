import { Money } from '@payos/money';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { openAccount, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import { createKey, signup } from '../../../../../tests/harness.js';
import { settleStreams } from './streams.service.js';

const t = testApp();
// The live feed ticks every 20 ms here; its settings are not an app option, so they are set on the built app.
beforeAll(() => {
  t.deps.streams = { sseIntervalMs: 20 };
});
const tenant = tenantWithKey(t, 'streams');

const account = (name: string, funds?: string, currency = 'USDC') => openAccount(t.http, tenant.key, { name, tier: 3, funds, currency });

const balance = async (id: string, currency = 'USDC') =>
  (await t.http.get(`/v1/accounts/${id}/balances`, { token: tenant.key })).body.data.balances.find(
    (b: { currency: string }) => b.currency === currency,
  );
const stream = async (id: string, token = tenant.key) => (await t.http.get(`/v1/streams/${id}`, { token })).body.data;
const post = (id: string, action: string, body?: unknown, token = tenant.key) =>
  t.http.post(`/v1/streams/${id}/${action}`, { token, body });
const verifyLedger = async () => (await t.http.get('/v1/ledger/verification', { token: await tenant.userToken() })).body.data.ok;

/** funded = withdrawn + withdrawable + remaining (+ refunded once cancelled), exactly. */
function assertIdentity(s: { funded: string; withdrawn: string; withdrawable: string; remaining: string; refunded: string }) {
  expect(new Money(s.withdrawn).plus(s.withdrawable).plus(s.remaining).plus(s.refunded).eq(s.funded), JSON.stringify(s)).toBe(true);
}

describe('money streams', () => {
  it('opens with the minimum funding by default, and refuses less with the figures', async () => {
    const [a, b] = [await account('Employer', '5000.00'), await account('Employee')];
    const low = await t.http.post('/v1/streams', {
      token: tenant.key,
      body: { senderAccountId: a, receiverAccountId: b, currency: 'USDC', ratePerMonth: '2592.00', fundingAmount: '100.00' },
    });
    // 2,592 a month = 0.001 a second; buffer 4 h = 14.40, minimum = 14.40 + 7 days (604.80) = 619.20.
    expect(low.body.error).toMatchObject({
      code: 'funding_below_minimum',
      details: { provided: '100.000000', minimum: '619.200000', buffer: '14.400000' },
    });
    const res = await t.http.post('/v1/streams', {
      token: tenant.key,
      body: { senderAccountId: a, receiverAccountId: b, currency: 'USDC', ratePerMonth: '2592.00', description: 'Salary' },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      status: 'active',
      ratePerSecond: '0.001',
      ratePerMonth: '2592.000000',
      funded: '619.200000',
      streamed: '0.000000',
      health: 'healthy',
      runwaySeconds: 619200,
    });
    expect(await balance(a)).toMatchObject({ available: '4380.800000', inStreams: '619.200000' });
  });

  it('reads a monthly rate back as it was entered, though it is kept per second', async () => {
    const [a, b] = [await account('Payer', '20000.00'), await account('Payee')];
    for (const [currency, entered, shown] of [
      ['USDC', '2000.00', '2000.000000'],
      ['USDC', '3000', '3000.000000'],
      ['USDC', '1234.567891', '1234.567891'],
    ] as const) {
      const res = await t.http.post('/v1/streams', {
        token: tenant.key,
        body: { senderAccountId: a, receiverAccountId: b, currency, ratePerMonth: entered },
      });
      expect(res.status).toBe(201);
      // 2,000 a month is 0.000771604938271604938… a second, kept cut to 18 decimals.
      expect(res.body.data.ratePerMonth).toBe(shown);
      expect((await t.http.get(`/v1/streams/${res.body.data.id}`, { token: tenant.key })).body.data.ratePerMonth).toBe(shown);
    }
  });

  it('streams to the second, withdraws, pauses, resumes, tops up and cancels — the ledger agrees', async () => {
    const [a, b] = [await account('Payer', '5000.00'), await account('Payee')];
    const id = (
      await t.http.post('/v1/streams', {
        token: tenant.key,
        body: { senderAccountId: a, receiverAccountId: b, currency: 'USDC', ratePerSecond: '0.001' },
      })
    ).body.data.id;
    t.clock.advance(1_000_500);
    expect(await stream(id)).toMatchObject({
      activeSeconds: 1000,
      streamed: '1.000000',
      withdrawable: '1.000000',
      remaining: '618.200000',
    });
    expect((await post(id, 'withdraw', { amount: '2.00' })).body.error.code).toBe('amount_exceeds_withdrawable');
    expect((await post(id, 'withdraw', {})).body.data).toMatchObject({ withdrawn: '1.000000', withdrawable: '0.000000' });
    expect(await balance(b)).toMatchObject({ available: '1.000000' });
    expect((await post(id, 'withdraw', {})).body.error.code).toBe('nothing_to_withdraw');

    expect((await post(id, 'pause')).body.data.status).toBe('paused');
    t.clock.advance(5_000_000);
    expect(await stream(id)).toMatchObject({ activeSeconds: 1000, streamed: '1.000000', depletesAt: null });
    expect((await post(id, 'resume')).body.data.status).toBe('active');
    t.clock.advance(500_000);
    expect((await post(id, 'top-up', { amount: '100.00' })).body.data).toMatchObject({ funded: '719.200000', streamed: '1.500000' });

    const cancelled = (await post(id, 'cancel')).body.data;
    expect(cancelled).toMatchObject({ status: 'cancelled', withdrawn: '1.500000', withdrawable: '0.000000', refunded: '717.700000' });
    assertIdentity(cancelled);
    // What was earned went to the receiver at cancellation; there is nothing left to collect.
    expect(await balance(b)).toMatchObject({ available: '1.500000' });
    expect((await post(id, 'withdraw', {})).body.error.code).toBe('nothing_to_withdraw');
    expect(await balance(a)).toMatchObject({ available: '4998.500000', inStreams: '0.000000' });
    expect((await post(id, 'resume')).body.error.code).toBe('invalid_state');
    expect(await verifyLedger()).toBe(true);
    const events = (await t.http.get(`/v1/streams/${id}/events`, { token: tenant.key })).body.data.map((e: { type: string }) => e.type);
    expect(events).toEqual(['cancelled', 'topped_up', 'resumed', 'paused', 'withdrawn', 'created']);
  });

  it('keeps sub-cent dust in the stream: nothing created or lost by rounding', async () => {
    const [a, b] = [await account('Dusty payer', '1000.00', 'USD'), await account('Dusty payee')];
    const id = (
      await t.http.post('/v1/streams', {
        token: tenant.key,
        body: { senderAccountId: a, receiverAccountId: b, currency: 'USD', ratePerSecond: '0.000333333333333333' },
      })
    ).body.data.id;
    t.clock.advance(100_000); // 100 s → 0.0333… streamed: 0.03 can leave, the rest stays
    const s = await stream(id);
    expect(s).toMatchObject({ streamed: '0.03', withdrawable: '0.03' });
    assertIdentity(s);
    await post(id, 'withdraw', {});
    t.clock.advance(100_000);
    const later = await stream(id);
    expect(later).toMatchObject({ streamed: '0.06', withdrawn: '0.03', withdrawable: '0.03' });
    assertIdentity(later);
    await post(id, 'cancel');
    expect(await verifyLedger()).toBe(true);
  });

  it('depletes: reads are right before the worker runs, and the worker settles it', async () => {
    const [a, b] = [await account('Short funder', '1000.00'), await account('Depleted payee')];
    const id = (
      await t.http.post('/v1/streams', {
        token: tenant.key,
        body: { senderAccountId: a, receiverAccountId: b, currency: 'USDC', ratePerSecond: '0.001' },
      })
    ).body.data.id;
    t.clock.advance(700_000 * 1000);
    expect(await stream(id)).toMatchObject({
      status: 'active',
      streamed: '619.200000',
      remaining: '0.000000',
      runwaySeconds: 0,
      health: 'critical',
    });
    await settleStreams(t.db, t.deps);
    expect(await stream(id)).toMatchObject({ status: 'depleted', withdrawn: '619.200000', withdrawable: '0.000000' });
    expect(await balance(b)).toMatchObject({ available: '619.200000' });
    expect((await t.http.get(`/v1/streams/${id}/events`, { token: tenant.key })).body.data[0].type).toBe('depleted');
    expect(await verifyLedger()).toBe(true);
  });

  it('holds the identity after every step of random create/wait/pause/resume/top-up/withdraw/cancel sequences', async () => {
    const [a, b] = [await account('Random payer', '1000000.00'), await account('Random payee')];
    const step = fc.oneof(
      fc.record({ op: fc.constant('wait' as const), seconds: fc.integer({ min: 1, max: 400_000 }) }),
      fc.record({ op: fc.constantFrom('pause' as const, 'resume' as const, 'cancel' as const) }),
      fc.record({ op: fc.constant('topUp' as const), cents: fc.integer({ min: 1, max: 50_000 }) }),
      fc.record({ op: fc.constant('withdraw' as const), share: fc.option(fc.double({ min: 0.01, max: 1, noNaN: true })) }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.array(step, { minLength: 1, maxLength: 10 }),
        async (ratePico, steps) => {
          const ratePerSecond = new Money(ratePico).div(1e9).toFixed(); // 1e-9 … 0.01 a second
          const created = await t.http.post('/v1/streams', {
            token: tenant.key,
            body: { senderAccountId: a, receiverAccountId: b, currency: 'USDC', ratePerSecond },
          });
          expect(created.status).toBe(201);
          const id = created.body.data.id as string;
          for (const s of steps) {
            if (s.op === 'wait') t.clock.advance(s.seconds * 1000);
            else if (s.op === 'topUp') await post(id, 'top-up', { amount: (s.cents / 100).toFixed(2) });
            else if (s.op === 'withdraw') {
              const current = await stream(id);
              const amount = s.share ? new Money(current.withdrawable).mul(s.share).toDecimalPlaces(6, Money.ROUND_DOWN) : null;
              await post(id, 'withdraw', amount?.gt(0) ? { amount: amount.toFixed() } : {});
            } else await post(id, s.op);
            assertIdentity(await stream(id));
          }
          await post(id, 'cancel');
          assertIdentity(await stream(id));
        },
      ),
      { numRuns: 12 },
    );
    expect(await verifyLedger()).toBe(true);
  });

  it('lets only the sender side manage and only the receiver side withdraw, for agents', async () => {
    const [sender, receiver] = [await account('Agent sender', '5000.00'), await account('Agent receiver')];
    const agent = async (accountId: string, permissions: string[]) => {
      const res = await t.http.post('/v1/agents', { token: tenant.key, body: { accountId, name: 'Stream agent', permissions } });
      await t.http.post(`/v1/agents/${res.body.data.id}/verify`, { token: await tenant.userToken(), body: { tier: 2 } });
      return res.body.data.token as string;
    };
    const senderAgent = await agent(sender, ['accounts.view', 'streams.initiate', 'streams.pause', 'streams.terminate']);
    const receiverAgent = await agent(receiver, ['accounts.view']);
    const noStreams = await agent(sender, ['accounts.view', 'transactions.initiate']);
    const body = { senderAccountId: sender, receiverAccountId: receiver, currency: 'USDC', ratePerSecond: '0.001' };
    expect((await t.http.post('/v1/streams', { token: noStreams, body })).body.error.code).toBe('agent_permission_missing');
    expect(
      (await t.http.post('/v1/streams', { token: receiverAgent, body: { ...body, senderAccountId: receiver, receiverAccountId: sender } }))
        .body.error.code,
    ).toBe('agent_permission_missing');
    const created = await t.http.post('/v1/streams', { token: senderAgent, body });
    expect(created.status).toBe(201);
    expect(created.body.data.initiatedBy).toMatchObject({ type: 'agent' });
    const id = created.body.data.id;
    t.clock.advance(10_000);
    expect((await post(id, 'withdraw', {}, senderAgent)).body.error.code).toBe('stream_receiver_only');
    expect((await post(id, 'withdraw', {}, receiverAgent)).status).toBe(200);
    expect((await post(id, 'pause', undefined, receiverAgent)).body.error.code).toBe('agent_permission_missing');
    expect((await post(id, 'pause', undefined, senderAgent)).status).toBe(200);
    expect((await post(id, 'cancel', undefined, senderAgent)).status).toBe(200);
  });

  it('is invisible to another tenant and the live environment (404)', async () => {
    const [a, b] = [await account('Private payer', '1000.00'), await account('Private payee')];
    const id = (
      await t.http.post('/v1/streams', {
        token: tenant.key,
        body: { senderAccountId: a, receiverAccountId: b, currency: 'USDC', ratePerSecond: '0.0001' },
      })
    ).body.data.id;
    const other = await signup(t.http, 'streams-other');
    const live = (await createKey(t.http, await tenant.userToken(), 'live')).key;
    for (const token of [other.token, live]) {
      expect((await t.http.get(`/v1/streams/${id}`, { token })).status).toBe(404);
      for (const action of ['pause', 'cancel', 'withdraw'])
        expect((await post(id, action, action === 'withdraw' ? {} : undefined, token)).status).toBe(404);
    }
    expect((await stream(id)).status).toBe('active');
  });

  it('pushes live figures over Server-Sent Events and stops when the client goes', async () => {
    const [a, b] = [await account('SSE payer', '1000.00'), await account('SSE payee')];
    const id = (
      await t.http.post('/v1/streams', {
        token: tenant.key,
        body: { senderAccountId: a, receiverAccountId: b, currency: 'USDC', ratePerSecond: '0.001' },
      })
    ).body.data.id;
    const controller = new AbortController();
    const res = await t.app.request(`/v1/events/streams?ids=${id}`, {
      headers: { authorization: `Bearer ${tenant.key}` },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    while ((text.match(/event: streams/g) ?? []).length < 2) text += new TextDecoder().decode((await reader.read()).value);
    const first = JSON.parse(text.split('data: ')[1]?.split('\n')[0] ?? '[]');
    expect(first[0]).toMatchObject({ id, status: 'active', currency: 'USDC' });
    // Count the feed's database reads, then hang up: they stop.
    const original = t.deps.db;
    let reads = 0;
    t.deps.db = {
      ...original,
      transaction: (fn, options) => {
        reads += 1;
        return original.transaction(fn, options);
      },
    };
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reads).toBeGreaterThan(0);
    controller.abort();
    await reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, 60)); // let an in-flight tick finish
    const afterHangUp = reads;
    await new Promise((resolve) => setTimeout(resolve, 150));
    t.deps.db = original;
    expect(reads).toBe(afterHangUp);
    expect((await t.http.get(`/v1/events/streams?ids=not-an-id`, { token: tenant.key })).status).toBe(400);
  });

  it('leaves streams of another tenant or environment out of the event feed', async () => {
    const [a, b] = [await account('SSE private payer', '1000.00'), await account('SSE private payee')];
    const id = (
      await t.http.post('/v1/streams', {
        token: tenant.key,
        body: { senderAccountId: a, receiverAccountId: b, currency: 'USDC', ratePerSecond: '0.001' },
      })
    ).body.data.id;
    const stranger = await signup(t.http, 'sse-stranger');
    const strangerKey = (await createKey(t.http, stranger.token)).key;
    const liveKey = (await createKey(t.http, await tenant.userToken(), 'live')).key;
    const firstEvent = async (token: string) => {
      const controller = new AbortController();
      const res = await t.app.request(`/v1/events/streams?ids=${id}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: controller.signal,
      });
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      let text = '';
      while (!/event: streams\ndata: .*\n/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
      controller.abort();
      await reader.cancel();
      return JSON.parse(/event: streams\ndata: (.*)\n/.exec(text)?.[1] ?? 'null');
    };
    expect((await firstEvent(tenant.key)).map((x: { id: string }) => x.id)).toEqual([id]);
    expect(await firstEvent(strangerKey)).toEqual([]);
    expect(await firstEvent(liveKey)).toEqual([]);
  });
});
