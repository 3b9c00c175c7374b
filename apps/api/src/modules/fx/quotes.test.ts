import { withOwner } from '@payos/db';
import { Money } from '@payos/money';
import { describe, expect, it } from 'vitest';
import { ratesDown, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import { buildApp, createKey, signup } from '../../../../../tests/harness.js';
import { staticRateProvider } from './rates.js';

const t = testApp();
const tenant = tenantWithKey(t, 'quotes');

const quote = (body: Record<string, unknown>, token = tenant.key, headers: Record<string, string> = {}) =>
  t.http.post('/v1/quotes', { token, body, headers });

describe('corridors and rates', () => {
  it('lists the supported corridors and their rates', async () => {
    const corridors = await t.http.get('/v1/corridors', { token: tenant.key });
    const ids = corridors.body.data.map((c: { id: string }) => c.id);
    expect(ids).toEqual([
      'USD_MXN',
      'USD_BRL',
      'USD_COP',
      'USD_ARS',
      'USDC_MXN',
      'USDC_BRL',
      'USDC_COP',
      'USDC_ARS',
      'USD_USD',
      'USDC_USDC',
    ]);
    expect(corridors.body.data.find((c: { id: string }) => c.id === 'USD_BRL')).toMatchObject({ rail: 'pix', fixedFee: '1.50' });
    const rates = await t.http.get('/v1/fx/rates', { token: tenant.key });
    expect(rates.body.data.find((r: { toCurrency: string }) => r.toCurrency === 'COP')).toMatchObject({
      midRate: '4150',
      rate: '4150',
      spread: '0',
    });
  });
});

describe('quotes', () => {
  it('prices the docs/MONEY.md example and reads it back with its status', async () => {
    const res = await quote({ fromCurrency: 'USD', toCurrency: 'MXN', amount: '1000.00', amountType: 'source' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      rate: '17.15',
      sourceAmount: '1000.00',
      destinationAmount: '17150.00',
      fees: {
        total: '7.00',
        breakdown: [
          { type: 'platform', amount: '5.00' },
          { type: 'cross_currency', amount: '2.00' },
        ],
      },
      totalDebit: '1007.00',
      status: 'valid',
    });
    const expiresIn = new Date(res.body.data.expiresAt).getTime() - t.clock.now().getTime();
    expect(expiresIn).toBe(5 * 60 * 1000);
    const read = await t.http.get(`/v1/quotes/${res.body.data.id}`, { token: tenant.key });
    expect(read.body.data.status).toBe('valid');
    t.clock.advance(5 * 60 * 1000);
    expect((await t.http.get(`/v1/quotes/${res.body.data.id}`, { token: tenant.key })).body.data.status).toBe('expired');
  });

  it('quotes by destination amount', async () => {
    const res = await quote({ fromCurrency: 'USD', toCurrency: 'MXN', amount: '1000.00', amountType: 'destination' });
    // Fees 0.29155 → 0.30 and 0.11662 → 0.12: each line is rounded up to the cent.
    expect(res.body.data).toMatchObject({ sourceAmount: '58.31', destinationAmount: '1000.00', totalDebit: '58.73' });
  });

  it('refuses a pair no corridor offers with 422 unsupported_corridor naming toCurrency, like a payout', async () => {
    const res = await quote({ fromCurrency: 'MXN', toCurrency: 'USD', amount: '10' });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ type: 'business_rule_error', param: 'toCurrency', code: 'unsupported_corridor' });
  });

  it.each([
    [{ fromCurrency: 'USD', toCurrency: 'MXN', amount: '10.001' }, 'amount', 'amount_too_precise'],
    [{ fromCurrency: 'USD', toCurrency: 'MXN', amount: '0.50' }, 'amount', 'amount_out_of_range'],
    [{ fromCurrency: 'USD', toCurrency: 'MXN', amount: '600000' }, 'amount', 'amount_out_of_range'],
    [{ fromCurrency: 'USD', toCurrency: 'COP', amount: '0.001', amountType: 'destination' }, 'amount', 'amount_too_precise'],
    [{ fromCurrency: 'USD', toCurrency: 'EUR', amount: '10' }, 'toCurrency', 'parameter_invalid'],
  ])('rejects %j naming %s (%s)', async (body, param, code) => {
    const res = await quote(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ param, code });
  });

  it('answers 503 rates_unavailable when the provider answers a rate of 0 (never prices with it)', async () => {
    const zero = buildApp(t.db, { fx: { provider: { midRate: async () => new Money(0) }, spread: new Money(0) } });
    const owner = await signup(zero.http, 'fx-zero');
    const res = await zero.http.post('/v1/quotes', { token: owner.token, body: { fromCurrency: 'USD', toCurrency: 'MXN', amount: '10' } });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('rates_unavailable');
  });

  it('answers 503 unavailable_error when the rate provider is down, writing nothing', async () => {
    const down = buildApp(t.db, { fx: ratesDown() });
    const owner = await signup(down.http, 'fx-down');
    const res = await down.http.post('/v1/quotes', { token: owner.token, body: { fromCurrency: 'USD', toCurrency: 'BRL', amount: '10' } });
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ type: 'unavailable_error', code: 'rates_unavailable' });
    const [row] = await withOwner(t.db, (tx) =>
      tx.query<{ n: number }>('SELECT count(*)::int AS n FROM quotes WHERE tenant_id = $1', [owner.tenantId]),
    );
    expect(row?.n).toBe(0);
    expect((await down.http.get('/v1/fx/rates', { token: owner.token })).status).toBe(503);
  });

  it('uses configured rates and spread', async () => {
    const custom = buildApp(t.db, { fx: { provider: staticRateProvider({ MXN: '18.00' }), spread: new Money('0.01') } });
    const owner = await signup(custom.http, 'fx-custom');
    const res = await custom.http.post('/v1/quotes', {
      token: owner.token,
      body: { fromCurrency: 'USDC', toCurrency: 'MXN', amount: '100' },
    });
    expect(res.body.data).toMatchObject({ rate: '17.82', destinationAmount: '1782.00', sourceAmount: '100.000000' });
  });

  it('is idempotent and invisible to other tenants and environments', async () => {
    const body = { fromCurrency: 'USD', toCurrency: 'ARS', amount: '100' };
    const first = await quote(body, tenant.key, { 'idempotency-key': 'quote-1' });
    const again = await quote(body, tenant.key, { 'idempotency-key': 'quote-1' });
    expect(again.body.data.id).toBe(first.body.data.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await signup(t.http, 'quote-peeker');
    expect((await t.http.get(`/v1/quotes/${first.body.data.id}`, { token: other.token })).status).toBe(404);
    // A test key cannot be pointed at live: the header naming the other environment is a 400.
    expect((await t.http.get(`/v1/quotes/${first.body.data.id}`, { token: tenant.key, environment: 'live' })).status).toBe(400);
    const live = (await createKey(t.http, other.token, 'live')).key;
    expect((await t.http.get(`/v1/quotes/${first.body.data.id}`, { token: live })).status).toBe(404);
  });
});
