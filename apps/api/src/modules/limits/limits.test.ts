import { withTenant } from '@payos/db';
import { type Amount, type Currency, Money } from '@payos/money';
import { describe, expect, it } from 'vitest';
import { createAgent, openAccount, ratesDown, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import { buildApp } from '../../../../../tests/harness.js';
import { DEFAULT_USD_RATES, parseRateList, staticRateProvider } from '../fx/rates.js';
import * as ledger from '../ledger/ledger.service.js';
import { assertCanSend } from './limits.service.js';

const t = testApp();
// The tests move the clock by days: an API key does not expire, a 15-minute access token would.
const tenant = tenantWithKey(t, 'limits');

const HOUR = 60 * 60 * 1000;
const scope = () => ({ tenantId: tenant.owner.tenantId, environment: 'test' as const });

const account = (tier: number, funds = '1000000.00') =>
  openAccount(t.http, tenant.key, { name: `Tier ${tier}`, tier, funds, currency: 'USD' });

/** What a transfer will do: check the limit, then move the money, in one transaction. */
const send = (from: string, to: string, amount: string, currency: Currency = 'USD', referenceType = 'transfer') =>
  withTenant(t.db, scope(), async (tx) => {
    const value = new Money(amount);
    await assertCanSend(tx, from, value, currency, t.clock.now(), { rates: t.deps.fx.provider });
    await ledger.post(tx, { entries: ledger.moveEntries(from, to, currency, value), referenceType, at: t.clock.now() });
  });

describe('tier limits', () => {
  it('T1: above 5,000 in one transaction is per_transaction; above 20,000 in a day is daily', async () => {
    const from = await account(1);
    const to = await account(1, '1');
    await expect(send(from, to, '5000.01')).rejects.toMatchObject({
      code: 'limit_exceeded',
      details: {
        limitType: 'per_transaction',
        limit: '5000.00',
        used: '0.00',
        requested: '5000.01',
        tier: 1,
        nextTier: { tier: 2, limit: '50000.00' },
      },
    });
    for (let i = 0; i < 4; i++) await send(from, to, '5000.00');
    await expect(send(from, to, '0.01')).rejects.toMatchObject({
      code: 'limit_exceeded',
      details: { limitType: 'daily', limit: '20000.00', used: '20000.00', requested: '0.01', nextTier: { tier: 2, limit: '200000.00' } },
    });
    // The day rolls: 24 hours later the daily budget is back, the monthly one keeps counting.
    t.clock.advance(24 * HOUR + 1000);
    await send(from, to, '5000.00');
  });

  it('T1: the 30-day limit counts everything sent in the window', async () => {
    const from = await account(1);
    const to = await account(1, '1');
    for (let day = 0; day < 5; day++) {
      for (let i = 0; i < 4; i++) await send(from, to, '5000.00');
      t.clock.advance(24 * HOUR + 1000);
    }
    await expect(send(from, to, '1.00')).rejects.toMatchObject({
      details: { limitType: 'monthly', limit: '100000.00', used: '100000.00' },
    });
    t.clock.advance(26 * 24 * HOUR);
    await send(from, to, '1.00');
  });

  it('converts other currencies to USD at reference rates', async () => {
    const from = await account(1, '1');
    await t.http.post('/v1/deposits', { token: tenant.key, body: { accountId: from, amount: '200000.00', currency: 'MXN' } });
    const to = await account(1, '1');
    // 85750.18 MXN = 5000.0104956… USD: over the limit by a fraction of a cent, shown rounded up.
    await expect(send(from, to, '85750.18', 'MXN')).rejects.toMatchObject({
      details: { limitType: 'per_transaction', requested: '5000.02' },
    });
    await expect(send(from, to, '85750.01', 'MXN')).rejects.toMatchObject({
      details: { limitType: 'per_transaction', requested: '5000.01' },
    });
    await send(from, to, '85750.00', 'MXN');
  });

  it('tier 0 and suspended accounts cannot send; incoming money and deposits do not count', async () => {
    const tier0 = await account(0);
    const to = await account(1, '1');
    await expect(send(tier0, to, '0.01')).rejects.toMatchObject({
      details: { limitType: 'per_transaction', limit: '0.00', tier: 0, nextTier: { tier: 1, limit: '5000.00' } },
    });
    // The top tier has no tier above it to offer.
    const top = await account(3);
    const refused = await send(top, to, '500000.01').catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'limit_exceeded', details: { limitType: 'per_transaction', tier: 3 } });
    expect((refused as { details: object }).details).not.toHaveProperty('nextTier');
    const suspended = await account(2);
    await t.http.post(`/v1/accounts/${suspended}/suspend`, { token: tenant.key });
    await expect(send(suspended, to, '1.00')).rejects.toMatchObject({ code: 'account_suspended' });
    // `to` received plenty above; its own sending budget is untouched.
    await send(to, tier0, '1.00');
  });

  it('a voided hold (a failed or cancelled payout) frees its usage again', async () => {
    const from = await account(1);
    const held = new Money('5000');
    await withTenant(t.db, scope(), async (tx) => {
      await assertCanSend(tx, from, held, 'USD', t.clock.now(), { rates: t.deps.fx.provider });
      await ledger.post(tx, { entries: ledger.holdEntries(from, 'USD', held), referenceType: 'transfer_hold', at: t.clock.now() });
    });
    for (let i = 0; i < 3; i++) {
      await withTenant(t.db, scope(), async (tx) => {
        await assertCanSend(tx, from, held, 'USD', t.clock.now(), { rates: t.deps.fx.provider });
        await ledger.post(tx, { entries: ledger.holdEntries(from, 'USD', held), referenceType: 'transfer_hold', at: t.clock.now() });
      });
    }
    const to = await account(1, '1');
    await expect(send(from, to, '1.00')).rejects.toMatchObject({ details: { limitType: 'daily' } });
    await withTenant(t.db, scope(), (tx) =>
      ledger.post(tx, { entries: ledger.voidEntries(from, 'USD', held), referenceType: 'transfer_void', at: t.clock.now() }),
    );
    await send(from, to, '5000.00');
  });
});

describe('USD equivalents follow the FX rate provider (FX_RATES)', () => {
  it('the same MXN transfer fits a tier-1 limit at 17.15 MXN/USD and exceeds it at 10', async () => {
    // The same database, a second app configured like FX_RATES=MXN=10.
    const cheapPeso = buildApp(t.db, {
      fx: { provider: staticRateProvider({ ...DEFAULT_USD_RATES, MXN: '10' }), spread: new Money(0) },
    });
    const from = await account(1, '1');
    await t.http.post('/v1/deposits', { token: tenant.key, body: { accountId: from, amount: '120000.00', currency: 'MXN' } });
    const to = await account(1, '1');
    const body = { type: 'internal', fromAccountId: from, toAccountId: to, amount: '60000.00', currency: 'MXN' };
    // 60,000 MXN is 3,498.54 USD at the default rate, 6,000 USD at 10 MXN/USD.
    const refused = await cheapPeso.http.post('/v1/transfers', { token: tenant.key, body });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'limit_exceeded', details: { limitType: 'per_transaction', requested: '6000.00' } });
    const sent = await t.http.post('/v1/transfers', { token: tenant.key, body });
    expect(sent.status).toBe(201);
  });
});

/** An internal transfer through `app` (one configured with the rate provider under test). */
const internal = (app: { http: typeof t.http }, from: string, to: string, amount: string, currency: Currency) =>
  app.http.post('/v1/transfers', { token: tenant.key, body: { type: 'internal', fromAccountId: from, toAccountId: to, amount, currency } });

describe('the rate provider cannot turn limits off, or stop sends it is not needed for', () => {
  const providerAnswering = (rate: unknown) =>
    buildApp(t.db, { fx: { provider: { midRate: async () => rate as Amount }, spread: new Money(0) } });

  it('USD and USDC count at par: a stablecoin send works while the provider is down', async () => {
    const down = buildApp(t.db, { fx: ratesDown() });
    const from = await openAccount(t.http, tenant.key, { tier: 1, funds: '100.000000', currency: 'USDC' });
    const to = await openAccount(t.http, tenant.key, { tier: 1 });
    const sent = await internal(down, from, to, '10.000000', 'USDC');
    expect(sent.status).toBe(201);
  });

  it('a suspended sender is told so (422), not that rates are down', async () => {
    const down = buildApp(t.db, { fx: ratesDown() });
    const from = await openAccount(t.http, tenant.key, { tier: 1, funds: '100.00', currency: 'MXN' });
    const to = await openAccount(t.http, tenant.key, { tier: 1 });
    await t.http.post(`/v1/accounts/${from}/suspend`, { token: tenant.key });
    const res = await internal(down, from, to, '1.00', 'MXN');
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('account_suspended');
  });

  it.each([
    ['no answer at all (down)', 'down'],
    ['a zero', new Money(0)],
    ['a negative', new Money(-17)],
    ['an infinite', new Money(Infinity)],
    ['an absurdly large', new Money('1e24')],
    ['a non-decimal', '17.15'],
    ['no', undefined],
  ])('a provider giving %s rate is 503 rates_unavailable, and nothing moves', async (_label, rate) => {
    const odd = rate === 'down' ? buildApp(t.db, { fx: ratesDown() }) : providerAnswering(rate);
    const from = await openAccount(t.http, tenant.key, { tier: 0, funds: '1000.00', currency: 'MXN' });
    const to = await openAccount(t.http, tenant.key, { tier: 1 });
    const res = await internal(odd, from, to, '0.01', 'MXN');
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('rates_unavailable');
    const balances = await t.http.get(`/v1/accounts/${from}/balances`, { token: tenant.key });
    expect(balances.body.data.balances[0].available).toBe('1000.00');
  });

  it('tier 0 sends nothing, however little its amount is worth in USD', async () => {
    const pricey = providerAnswering(new Money('999999999'));
    const from = await openAccount(t.http, tenant.key, { tier: 0, funds: '10.00', currency: 'MXN' });
    const to = await openAccount(t.http, tenant.key, { tier: 1 });
    const res = await internal(pricey, from, to, '0.01', 'MXN');
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'limit_exceeded', details: { limitType: 'per_transaction', limit: '0.00' } });
  });

  it('FX_RATES refuses a rate of 0 or one of a billion', () => {
    expect(() => parseRateList('MXN=0')).toThrow(/above 0/);
    expect(() => parseRateList('COP=1000000000')).toThrow(/below/);
    expect(parseRateList('MXN=17.15,ARS=365')).toEqual({ MXN: '17.15', ARS: '365' });
  });
});

describe("an agent's limits count every send it starts", () => {
  it('streams it funds or tops up use its daily limit like transfers do', async () => {
    const from = await openAccount(t.http, tenant.key, { tier: 3, funds: '100000.000000', currency: 'USDC' });
    const to = await openAccount(t.http, tenant.key, { tier: 1 });
    // KYA tier 1: 1,000 per send, 10,000 a day.
    const agent = await createAgent(t.http, tenant.key, await tenant.userToken(), from);
    const stream = await t.http.post('/v1/streams', {
      token: agent.token,
      body: { senderAccountId: from, receiverAccountId: to, currency: 'USDC', ratePerSecond: '0.0001', fundingAmount: '1000.000000' },
    });
    expect(stream.status).toBe(201);
    for (let i = 0; i < 9; i++) {
      const topUp = await t.http.post(`/v1/streams/${stream.body.data.id}/top-up`, { token: agent.token, body: { amount: '1000.000000' } });
      expect(topUp.status).toBe(200);
    }
    // 10,000 USDC of the day's 10,000 USD went into the stream: nothing more, by stream or by transfer.
    const refused = await t.http.post(`/v1/streams/${stream.body.data.id}/top-up`, { token: agent.token, body: { amount: '1.000000' } });
    expect(refused.body.error).toMatchObject({ code: 'limit_exceeded', details: { scope: 'agent', limitType: 'daily', used: '10000.00' } });
    const transfer = await t.http.post('/v1/transfers', {
      token: agent.token,
      body: { type: 'internal', fromAccountId: from, toAccountId: to, amount: '1.000000', currency: 'USDC' },
    });
    expect(transfer.body.error).toMatchObject({ code: 'limit_exceeded', details: { scope: 'agent', limitType: 'daily' } });
    const limits = await t.http.get(`/v1/agents/${agent.id}/limits`, { token: tenant.key });
    expect(limits.body.data.daily.used).toBe('10000.00');
  });
});
