/**
 * Review of refunds (POST/GET /v1/refunds, the transfer's refund figures, agents' limits and the
 * sender's limit usage): hostile and confused callers, odd inputs, windows, limits and races.
 */
import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import * as limitsRepo from '../../apps/api/src/modules/limits/limits.repo.js';
import { createAgent, openAccount, tenantWithKey, testApp } from '../fixtures.js';
import { addMember, isRealPostgres, type Json } from '../harness.js';

const t = testApp();
const tenant = tenantWithKey(t, 'review-refunds');
const DAY_MS = 24 * 60 * 60 * 1000;

const account = (name: string, options: { funds?: string; tier?: number; currency?: string } = {}) =>
  openAccount(t.http, tenant.key, { name, tier: options.tier ?? 2, funds: options.funds, currency: options.currency });

const send = (from: string, to: string, amount: string, currency = 'USDC', token = tenant.key) =>
  t.http.post('/v1/transfers', { token, body: { type: 'internal', fromAccountId: from, toAccountId: to, amount, currency } });

async function paid(amount = '100.00', currency = 'USDC') {
  const from = await account('Customer', { funds: amount, currency });
  const to = await account('Merchant');
  const res = await send(from, to, amount, currency);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { from, to, transferId: res.body.data.id as string };
}

const refund = (body: Json, options: { token?: string; headers?: Record<string, string> } = {}) =>
  t.http.post('/v1/refunds', {
    token: options.token ?? tenant.key,
    body: { reason: 'customer_request', ...body },
    headers: options.headers,
  });

/** The raw text of a GET, for byte-for-byte comparisons. */
async function rawGet(path: string, token = tenant.key): Promise<string> {
  const res = await t.app.request(path, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return res.text();
}

const available = async (id: string, currency = 'USDC') =>
  ((await t.http.get(`/v1/accounts/${id}/balances`, { token: tenant.key })).body.data.balances.find(
    (b: { currency: string }) => b.currency === currency,
  )?.available as string | undefined) ?? '0';

/** Everything a refund could write: refunds, ledger transactions, events, the transfers' refund totals. */
const footprint = async () =>
  (
    await withOwner(t.db, (tx) =>
      tx.query<Json>(
        `SELECT (SELECT count(*)::int FROM refunds) AS refunds, (SELECT count(*)::int FROM ledger_transactions) AS txns,
                (SELECT count(*)::int FROM events) AS events,
                (SELECT coalesce(sum(refunded_amount), 0)::text FROM transfers) AS refunded`,
      ),
    )
  )[0];

/** A request refused with a 4xx in the error envelope, writing nothing. */
async function refused(promise: Promise<{ status: number; body: Json }>, status: number, code?: string) {
  const before = await footprint();
  const res = await promise;
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error).toMatchObject({ type: expect.any(String), code: code ?? expect.any(String), message: expect.any(String) });
  expect(await footprint()).toEqual(before);
  return res.body.error as Json;
}

const ledgerOk = async () => {
  const res = await t.http.get('/v1/ledger/verification', { token: await tenant.userToken() });
  expect(res.body.data).toMatchObject({ ok: true, discrepancies: [] });
};

/** The hourly counters give what the ledger's entries give, for each account. */
async function usageConsistent(accounts: string[]) {
  const now = t.clock.now();
  for (const id of accounts) {
    const [fromCounters, fromLedger] = await withOwner(t.db, async (tx) => {
      await tx.query(`SELECT set_config('app.tenant_id', $1, true), set_config('app.environment', 'test', true)`, [tenant.owner.tenantId]);
      return [await limitsRepo.accountUsage(tx, id, now), await limitsRepo.accountUsageFromLedger(tx, id, now)];
    });
    expect(fromCounters.map((r) => [r.currency, Number(r.daily), Number(r.monthly)])).toEqual(
      fromLedger.map((r) => [r.currency, Number(r.daily), Number(r.monthly)]),
    );
  }
}

describe('refunds under review', () => {
  it('answers the refund, its GET, its event and its replay with the same bytes, whatever the metadata key order', async () => {
    const { transferId } = await paid('10.00');
    // jsonb keeps shorter keys first: the request's order is not the stored one.
    const metadata = { zeta: '1', a: '2', mm: '3' };
    const headers = { 'Idempotency-Key': `meta-${transferId}` };
    const created = await t.app.request('/v1/refunds', {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.key}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ transferId, amount: '1.00', reason: 'other', metadata }),
    });
    expect(created.status).toBe(201);
    const createdText = await created.text();
    const data = JSON.parse(createdText).data as Json;
    const stored = await rawGet(`/v1/refunds/${data.id}`);
    expect(createdText).toBe(stored);
    const events = (await t.http.get(`/v1/events?objectId=${data.id}&type=refund.succeeded`, { token: tenant.key })).body.data as Json[];
    expect(JSON.stringify(events[0]?.data.object)).toBe(JSON.stringify(data));
    const replay = await t.app.request('/v1/refunds', {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.key}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ transferId, amount: '1.00', reason: 'other', metadata }),
    });
    expect(await replay.text()).toBe(createdText);
  });

  it('shows a refunded transfer with the same bytes in GET, in the list and in transfer.refunded (USD, scale 2)', async () => {
    const { from, transferId } = await paid('50.00', 'USD');
    await refused(refund({ transferId, amount: '1.001' }), 400, 'amount_too_precise');
    expect((await refund({ transferId, amount: '12.5' })).status).toBe(201);
    t.clock.advance(1);
    expect((await refund({ transferId, amount: '0.05' })).status).toBe(201);
    const one = JSON.parse(await rawGet(`/v1/transfers/${transferId}`)).data as Json;
    expect(one).toMatchObject({ refundedAmount: '12.55', refundableAmount: '37.45' });
    expect(one.refunds.map((r: Json) => r.amount)).toEqual(['12.50', '0.05']);
    const listed = (JSON.parse(await rawGet(`/v1/transfers?accountId=${from}`)).data as Json[]).find((x) => x.id === transferId);
    expect(JSON.stringify(listed)).toBe(JSON.stringify(one));
    const events = (await t.http.get(`/v1/events?objectId=${transferId}&type=transfer.refunded`, { token: tenant.key })).body
      .data as Json[];
    expect(events).toHaveLength(2);
    const latest = events.reduce((a, b) => (a.data.object.refunds.length > b.data.object.refunds.length ? a : b));
    expect(JSON.stringify(latest.data.object)).toBe(JSON.stringify(one));
    expect(await available(from, 'USD')).toBe('12.55');
  });

  it('refuses odd amounts with a 4xx and writes nothing; never a 500', async () => {
    const { transferId } = await paid('100.00');
    const odd: unknown[] = [
      '1e2',
      '+1',
      '-1',
      '-0',
      '0.000000',
      '1,00',
      '',
      '.5',
      '1.',
      '0x10',
      'NaN',
      'Infinity',
      '１',
      '1'.repeat(200),
      `1${'0'.repeat(40)}`,
      `0.${'0'.repeat(60)}1`,
      null,
      [],
      {},
      true,
      1e308,
    ];
    for (const amount of odd) {
      const res = await refund({ transferId, amount });
      expect(res.status, `${JSON.stringify(amount)} → ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(amount)).toBeLessThan(500);
      expect(res.body.error?.code, JSON.stringify(amount)).toEqual(expect.any(String));
    }
    // 30 integer digits: more than NUMERIC(30,8) holds (amounts stop at 15); surrounding blanks are trimmed.
    await refused(refund({ transferId, amount: '9'.repeat(30) }), 400, 'amount_too_large');
    await refused(refund({ transferId, amount: ` ${'9'.repeat(15)} ` }), 422, 'amount_exceeds_refundable');
    await refused(refund({ transferId, amount: '100.000001' }), 422, 'amount_exceeds_refundable');
    expect((await refund({ transferId, amount: '0.000001' })).status).toBe(201);
    expect((await t.http.get(`/v1/transfers/${transferId}`, { token: tenant.key })).body.data.refundableAmount).toBe('99.999999');
  });

  it('refuses malformed ids and accepts upper-case ones everywhere, canonical in the answer', async () => {
    const { from, transferId } = await paid('10.00');
    await refused(refund({ transferId: 'not-a-uuid' }), 400);
    await refused(refund({ transferId: `${transferId}x` }), 400);
    await refused(refund({ transferId: 42 }), 400);
    await refused(refund({}), 400);
    const created = await refund({ transferId: transferId.toUpperCase(), amount: '1.00' });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ transferId, toAccountId: from });
    const id = created.body.data.id as string;
    expect((await t.http.get(`/v1/refunds/${id.toUpperCase()}`, { token: tenant.key })).body.data).toEqual(created.body.data);
    // A malformed path id answers 404 like an unknown one (the API's convention).
    expect((await t.http.get('/v1/refunds/not-a-uuid', { token: tenant.key })).status).toBe(404);
    expect((await t.http.get('/v1/refunds/00000000-0000-4000-8000-000000000000', { token: tenant.key })).status).toBe(404);
    const list = (q: string) => t.http.get(`/v1/refunds?${q}`, { token: tenant.key });
    expect((await list(`transferId=${transferId.toUpperCase()}`)).body.data.map((r: Json) => r.id)).toEqual([id]);
    expect((await list(`accountId=${from.toUpperCase()}`)).body.data.map((r: Json) => r.id)).toEqual([id]);
    expect((await list('transferId=nope')).status).toBe(400);
    expect((await list('from=yesterday')).status).toBe(400);
    // A refund's id is not a transfer's.
    await refused(refund({ transferId: id }), 404, 'resource_missing');
  });

  it('refuses a fully refunded transfer, by default amount too', async () => {
    const { transferId } = await paid('5.00');
    expect((await refund({ transferId })).status).toBe(201);
    const all = await refused(refund({ transferId }), 422, 'amount_exceeds_refundable');
    expect(all.details).toMatchObject({ refundable: '0.000000' });
    await refused(refund({ transferId, amount: '0.000001' }), 422, 'amount_exceeds_refundable');
  });

  it('lets members refund and refuses viewers; a sender suspended after the transfer is still paid back', async () => {
    const { from, to, transferId } = await paid('10.00');
    const owner = await tenant.userToken();
    const viewer = await addMember(t.http, owner, 'viewer');
    const member = await addMember(t.http, owner, 'member');
    await refused(refund({ transferId, amount: '1.00' }, { token: viewer.token }), 403);
    expect((await t.http.get('/v1/refunds', { token: viewer.token })).status).toBe(200);
    expect((await t.http.post(`/v1/accounts/${from}/suspend`, { token: tenant.key })).status).toBe(200);
    const ok = await refund({ transferId, amount: '1.00' }, { token: member.token });
    expect(ok.status).toBe(201);
    expect(ok.body.data.initiatedBy).toMatchObject({ type: 'user', id: member.userId });
    expect(await available(from)).toBe('1.000000');
    expect(await available(to)).toBe('9.000000');
  });

  it('closes the window exactly windowDays after the transfer (injected clock)', async () => {
    const admin = await tenant.userToken();
    const { transferId } = await paid('10.00');
    expect((await t.http.patch('/v1/organization/settings', { token: admin, body: { refunds: { windowDays: 1 } } })).status).toBe(200);
    try {
      t.clock.advance(DAY_MS - 1);
      expect((await refund({ transferId, amount: '1.00' })).status).toBe(201);
      t.clock.advance(1);
      expect((await refund({ transferId, amount: '1.00' })).status).toBe(201);
      t.clock.advance(1);
      const expired = await refused(refund({ transferId, amount: '1.00' }), 422, 'refund_window_expired');
      expect(expired.details).toMatchObject({ windowDays: 1 });
    } finally {
      const reset = await t.http.patch('/v1/organization/settings', {
        token: await tenant.userToken(),
        body: { refunds: { windowDays: 90 } },
      });
      expect(reset.status).toBe(200);
    }
  });

  it('gives the sender no limit headroom back: refunds cannot stack sends into one window', async () => {
    // Tier 1: 20,000 USD a day. A refund may come up to a year after its transfer, long after the
    // window the send counted in: if it lowered usage when it happened, a sender could send its limit
    // every month, have it all refunded at once and send the sum within one window.
    const from = await account('Limited sender', { tier: 1, funds: '30000.00' });
    const to = await account('Limited receiver');
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await send(from, to, '5000.00');
      expect(res.status).toBe(201);
      ids.push(res.body.data.id);
    }
    const over = await send(from, to, '0.01');
    expect(over.body.error?.code).toBe('limit_exceeded');
    expect((await refund({ transferId: ids[0], amount: '2500.00' })).status).toBe(201);
    expect((await send(from, to, '0.01')).body.error?.code).toBe('limit_exceeded');
    // The recipient's refunds are not sends of its own: its usage stays as it was (nothing).
    await usageConsistent([from, to]);
    await ledgerOk();
  });

  it("counts an agent's refunds toward its limits, with its sends", async () => {
    const admin = await tenant.userToken();
    const { from, to, transferId } = await paid('100.00');
    const third = await account('Third');
    const agent = await createAgent(t.http, tenant.key, admin, to);
    expect(
      (await t.http.patch(`/v1/agents/${agent.id}`, { token: admin, body: { limits: { daily: '30.00', perTransaction: '20.00' } } }))
        .status,
    ).toBe(200);
    await refused(refund({ transferId, amount: '20.01' }, { token: agent.token }), 422, 'limit_exceeded');
    expect((await refund({ transferId, amount: '20.00' }, { token: agent.token })).status).toBe(201);
    expect((await send(to, third, '5.00', 'USDC', agent.token)).status).toBe(201);
    const daily = await refused(refund({ transferId, amount: '5.01' }, { token: agent.token }), 422, 'limit_exceeded');
    expect(daily.details).toMatchObject({ scope: 'agent', limitType: 'daily', used: '25.00' });
    expect((await refund({ transferId, amount: '5.00' }, { token: agent.token })).status).toBe(201);
    // Its sends see its refunds too.
    expect((await send(to, third, '0.01', 'USDC', agent.token)).body.error?.code).toBe('limit_exceeded');
    // A day later it has room again; the window has not closed.
    t.clock.advance(DAY_MS + 1000);
    expect((await refund({ transferId, amount: '20.00' }, { token: agent.token })).status).toBe(201);
    expect(await available(from)).toBe('45.000000');
    await usageConsistent([from, to, third]);
    await ledgerOk();
  });

  it('caps a transfer at 100 refunds, and the transfer still reads the same in GET and the list', async () => {
    const { from, transferId } = await paid('1.00');
    for (let i = 0; i < 100; i++) {
      const res = await refund({ transferId, amount: '0.000001' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const capped = await refused(refund({ transferId, amount: '0.000001' }), 422, 'invalid_state');
    expect(capped.details).toMatchObject({ limit: 100 });
    const one = await t.http.get(`/v1/transfers/${transferId}`, { token: tenant.key });
    expect(one.status).toBe(200);
    expect(one.body.data.refunds).toHaveLength(100);
    expect(one.body.data.refundableAmount).toBe('0.999900');
    const listed = (JSON.parse(await rawGet(`/v1/transfers?accountId=${from}`)).data as Json[]).find((x) => x.id === transferId);
    expect(JSON.stringify(listed)).toBe(JSON.stringify(one.body.data));
  });
});

describe.runIf(isRealPostgres)('refunds racing (PostgreSQL)', () => {
  it("an agent's parallel refunds of several transfers never pass its daily limit", async () => {
    const admin = await tenant.userToken();
    const to = await account('Racing payer');
    const transfers: string[] = [];
    for (let i = 0; i < 12; i++) {
      const from = await account(`Racing sender ${i}`, { funds: '10.00' });
      const res = await send(from, to, '10.00');
      expect(res.status).toBe(201);
      transfers.push(res.body.data.id);
    }
    const agent = await createAgent(t.http, tenant.key, admin, to);
    expect((await t.http.patch(`/v1/agents/${agent.id}`, { token: admin, body: { limits: { daily: '50.00' } } })).status).toBe(200);
    const replies = await Promise.all(transfers.map((transferId) => refund({ transferId, amount: '10.00' }, { token: agent.token })));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(5);
    for (const r of replies.filter((x) => x.status !== 201)) expect(r.body.error.code).toBe('limit_exceeded');
    await ledgerOk();
  });

  it('a refund racing the close of the account it pays back never leaves money in a closed account', async () => {
    for (let round = 0; round < 8; round++) {
      const { from, to, transferId } = await paid('10.00');
      const [closed, refunded] = await Promise.all([
        t.http.delete(`/v1/accounts/${from}`, { token: tenant.key }),
        refund({ transferId, amount: '10.00' }),
      ]);
      // One of the two, never both.
      expect([closed.status, refunded.status].filter((s) => s < 300).length, JSON.stringify([closed.body, refunded.body])).toBe(1);
      if (closed.status < 300) {
        expect(refunded.status).toBe(422);
        expect(await available(to)).toBe('10.000000');
      } else {
        expect(closed.body.error.code).toBe('balance_not_zero');
        expect(await available(from)).toBe('10.000000');
      }
    }
    await ledgerOk();
  });

  it('refunds both ways racing sends both ways: no deadlock, no 5xx, counters and ledger consistent', async () => {
    const a = await account('Two-way A', { funds: '300.00' });
    const b = await account('Two-way B', { funds: '300.00' });
    const ab = (await send(a, b, '100.00')).body.data.id as string;
    const ba = (await send(b, a, '100.00')).body.data.id as string;
    const work = [
      ...Array.from({ length: 8 }, () => () => refund({ transferId: ab, amount: '5.00' })),
      ...Array.from({ length: 8 }, () => () => refund({ transferId: ba, amount: '5.00' })),
      ...Array.from({ length: 6 }, () => () => send(a, b, '3.00')),
      ...Array.from({ length: 6 }, () => () => send(b, a, '3.00')),
    ];
    const replies = await Promise.all(work.sort(() => Math.random() - 0.5).map((f) => f()));
    for (const r of replies) expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(await available(a)).toBe('300.000000');
    expect(await available(b)).toBe('300.000000');
    await usageConsistent([a, b]);
    await ledgerOk();
  });
});
