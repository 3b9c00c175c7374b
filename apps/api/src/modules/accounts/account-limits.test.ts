import { accountLimitsSchema } from '@payos/contracts';
import { describe, expect, it } from 'vitest';
import { createAgent, openAccount, ratesDown, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import { buildApp, createKey, signup } from '../../../../../tests/harness.js';

// GET /v1/accounts/{id}/limits (issue #20 §3): what an account may still send, in USD, figured as the
// limit check figures it — an amount up to `remaining` passes, a cent more is 422 limit_exceeded.

const t = testApp();
// The tests move the clock by days: an API key does not expire, a 15-minute access token would.
const tenant = tenantWithKey(t, 'account-limits');

const DAY = 24 * 60 * 60 * 1000;

const limitsOf = async (id: string, token = tenant.key) => {
  const res = await t.http.get(`/v1/accounts/${id}/limits`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  // The answer is the contract's shape, nothing more.
  expect(accountLimitsSchema.strict().parse(res.body.data)).toEqual(res.body.data);
  return res.body.data;
};
const send = (from: string, to: string, amount: string, currency = 'USDC') =>
  t.http.post('/v1/transfers', {
    token: tenant.key,
    body: { type: 'internal', fromAccountId: from, toAccountId: to, amount, currency },
  });
const sent = async (from: string, to: string, amount: string, currency = 'USDC') => {
  const res = await send(from, to, amount, currency);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
};
const refused = async (from: string, to: string, amount: string, limitType: string, currency = 'USDC') => {
  const res = await send(from, to, amount, currency);
  expect(res.status, JSON.stringify(res.body)).toBe(422);
  expect(res.body.error).toMatchObject({ code: 'limit_exceeded', details: { limitType } });
  return res.body.error.details;
};
const account = (name: string, tier: number, funds = '1000000.00', currency = 'USDC') =>
  openAccount(t.http, tenant.key, { name, tier, funds, currency });

describe('GET /v1/accounts/{id}/limits', () => {
  it('shows the tier’s limits, what was sent over the day and 30 days, and what remains — before and after sends', async () => {
    const from = await account('Sender', 1);
    const to = await account('Payee', 1);
    expect(await limitsOf(from)).toEqual({
      object: 'account_limits',
      accountId: from,
      tier: 1,
      currency: 'USD',
      perTransaction: { limit: '5000.00' },
      daily: { limit: '20000.00', used: '0.00', remaining: '20000.00' },
      monthly: { limit: '100000.00', used: '0.00', remaining: '100000.00' },
    });
    // The dashboard's user session reads the same figures.
    expect(await limitsOf(from, await tenant.userToken())).toEqual(await limitsOf(from));

    // 1234.567891 USDC (at par): used rounds up to the cent, what remains rounds down.
    await sent(from, to, '1234.567891');
    expect(await limitsOf(from)).toMatchObject({
      daily: { limit: '20000.00', used: '1234.57', remaining: '18765.43' },
      monthly: { limit: '100000.00', used: '1234.57', remaining: '98765.43' },
    });
    // Money received and deposits do not count.
    await sent(to, from, '100.00');
    await t.http.post('/v1/deposits', { token: tenant.key, body: { accountId: from, amount: '50.00', currency: 'USDC' } });
    expect((await limitsOf(from)).daily).toEqual({ limit: '20000.00', used: '1234.57', remaining: '18765.43' });
    expect((await limitsOf(to)).daily).toEqual({ limit: '20000.00', used: '100.00', remaining: '19900.00' });

    // A day later the day's budget is back; the 30 days keep counting.
    t.clock.advance(DAY + 1000);
    expect(await limitsOf(from)).toMatchObject({
      daily: { used: '0.00', remaining: '20000.00' },
      monthly: { used: '1234.57', remaining: '98765.43' },
    });
    // Verifying to another tier moves the limits at once.
    await t.http.post(`/v1/accounts/${from}/verify`, { token: tenant.key, body: { tier: 2 } });
    expect(await limitsOf(from)).toMatchObject({
      tier: 2,
      perTransaction: { limit: '50000.00' },
      daily: { limit: '200000.00', used: '0.00', remaining: '200000.00' },
      monthly: { limit: '500000.00', used: '1234.57', remaining: '498765.43' },
    });
  });

  it('tier 0 may send nothing: every limit and remaining is 0.00; tier 3 shows its own', async () => {
    const tier0 = await account('Tier 0', 0);
    const to = await account('Payee', 1, '1');
    expect(await limitsOf(tier0)).toMatchObject({
      tier: 0,
      perTransaction: { limit: '0.00' },
      daily: { limit: '0.00', used: '0.00', remaining: '0.00' },
      monthly: { limit: '0.00', used: '0.00', remaining: '0.00' },
    });
    await refused(tier0, to, '0.01', 'per_transaction');
    expect(await limitsOf(await account('Tier 3', 3, '1'))).toMatchObject({
      tier: 3,
      perTransaction: { limit: '500000.00' },
      daily: { limit: '2000000.00', remaining: '2000000.00' },
      monthly: { limit: '10000000.00', remaining: '10000000.00' },
    });
  });

  it('remaining is the boundary of the check: exactly remaining goes through, a cent (or a micro-dollar) more is refused — day and 30 days', async () => {
    const from = await account('Boundary', 1);
    const to = await account('Payee', 1, '1');
    // Day 0: 16,234.567891 sent; 3,765.432109 remain exactly, shown as 3765.43.
    for (const amount of ['5000.00', '5000.00', '5000.00', '1234.567891']) await sent(from, to, amount);
    const before = await limitsOf(from);
    expect(before.daily).toEqual({ limit: '20000.00', used: '16234.57', remaining: '3765.43' });
    const details = await refused(from, to, '3765.44', 'daily');
    expect(details).toMatchObject({ limit: '20000.00', used: '16234.57', requested: '3765.44' });
    await refused(from, to, '3765.432110', 'daily');
    // A refusal changes nothing.
    expect(await limitsOf(from)).toEqual(before);
    await sent(from, to, before.daily.remaining);
    expect((await limitsOf(from)).daily).toEqual({ limit: '20000.00', used: '20000.00', remaining: '0.00' });
    await refused(from, to, '0.01', 'daily');

    // Days 1–4: 20,000, 20,000, 20,000 and 17,500 more — 97,499.997891 in the 30 days.
    for (const day of [20_000, 20_000, 20_000, 17_500]) {
      t.clock.advance(DAY + 1000);
      for (let left = day; left > 0; left -= 5000) await sent(from, to, Math.min(left, 5000).toFixed(2));
    }
    t.clock.advance(DAY + 1000);
    const month = await limitsOf(from);
    expect(month).toMatchObject({
      daily: { used: '0.00', remaining: '20000.00' },
      monthly: { limit: '100000.00', used: '97500.00', remaining: '2500.00' },
    });
    await refused(from, to, '2500.01', 'monthly');
    await sent(from, to, month.monthly.remaining);
    expect(await limitsOf(from)).toMatchObject({
      daily: { used: '2500.00', remaining: '17500.00' },
      monthly: { used: '100000.00', remaining: '0.00' },
    });
    await refused(from, to, '0.01', 'monthly');
  });

  it('counts other currencies at the rate provider’s mid rate, as the check does', async () => {
    const from = await account('MXN sender', 1, '20000.00', 'MXN');
    await t.http.post('/v1/deposits', { token: tenant.key, body: { accountId: from, amount: '50000.00', currency: 'USD' } });
    const to = await account('Payee', 1, '1');
    await t.http.post('/v1/deposits', { token: tenant.key, body: { accountId: to, amount: '1.00', currency: 'MXN' } });
    // 10,000.01 MXN at 17.15 = 583.0909620991… USD.
    await sent(from, to, '10000.01', 'MXN');
    expect((await limitsOf(from)).daily).toEqual({ limit: '20000.00', used: '583.10', remaining: '19416.90' });
    for (let i = 0; i < 3; i++) await sent(from, to, '5000.00', 'USD');
    // 15,583.0909620991… used: 4,416.9090379008… remain, shown 4416.90.
    const { daily } = await limitsOf(from);
    expect(daily).toEqual({ limit: '20000.00', used: '15583.10', remaining: '4416.90' });
    await refused(from, to, '4416.91', 'daily', 'USD');
    await sent(from, to, daily.remaining, 'USD');
    expect((await limitsOf(from)).daily).toEqual({ limit: '20000.00', used: '20000.00', remaining: '0.00' });

    // Without a rate provider the MXN usage cannot be counted: 503, never a guess. USDC-only usage needs none.
    const down = buildApp(t.db, { fx: ratesDown(), clock: t.clock }).http;
    const res = await down.get(`/v1/accounts/${from}/limits`, { token: tenant.key });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('rates_unavailable');
    const usdcOnly = await account('USDC only', 1);
    await sent(usdcOnly, to, '1.00');
    expect((await down.get(`/v1/accounts/${usdcOnly}/limits`, { token: tenant.key })).body.data.daily.used).toBe('1.00');
  });

  it('is 404 for another tenant’s account, the other environment’s and an unknown id; an agent reads only its own account’s', async () => {
    const own = await account('Agent account', 1);
    const other = await account('Other account', 1);
    const notFound = async (id: string, token: string, environment?: 'live') => {
      const res = await t.http.get(`/v1/accounts/${id}/limits`, { token, environment });
      expect(res.status, JSON.stringify(res.body)).toBe(404);
      expect(res.body.error.code).toBe('resource_missing');
    };
    const b = await signup(t.http, 'account-limits-b');
    await notFound(own, b.token);
    await notFound(own, (await createKey(t.http, b.token)).key);
    // A's own live credentials: the test account does not exist in live.
    await notFound(own, (await createKey(t.http, await tenant.userToken(), 'live')).key);
    await notFound(own, await tenant.userToken(), 'live');
    await notFound('7d1f3c2e-5b6a-4c8d-9e0f-1a2b3c4d5e6f', tenant.key);
    await notFound('not-a-uuid', tenant.key);
    // Tenant B's own account is B's to read, and A's to miss.
    const bAccount = await openAccount(t.http, b.token, { name: 'B', tier: 1 });
    expect((await t.http.get(`/v1/accounts/${bAccount}/limits`, { token: b.token })).status).toBe(200);
    await notFound(bAccount, tenant.key);

    // An agent with accounts.view reads its own account's limits; another account's is refused as its
    // balances are (404); without the permission, 403 agent_permission_missing like every account read.
    const agent = await createAgent(t.http, tenant.key, await tenant.userToken(), own);
    expect(await limitsOf(own, agent.token)).toEqual(await limitsOf(own));
    expect(await limitsOf(own.toUpperCase(), agent.token)).toMatchObject({ accountId: own });
    for (const path of ['limits', 'balances']) {
      const res = await t.http.get(`/v1/accounts/${other}/${path}`, { token: agent.token });
      expect([res.status, res.body.error?.code], path).toEqual([404, 'resource_missing']);
    }
    const blind = await createAgent(t.http, tenant.key, await tenant.userToken(), own, ['transactions.initiate']);
    for (const path of ['limits', 'balances']) {
      const res = await t.http.get(`/v1/accounts/${own}/${path}`, { token: blind.token });
      expect([res.status, res.body.error?.code], path).toEqual([403, 'agent_permission_missing']);
    }
  });
});
