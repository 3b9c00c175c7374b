import { withOwner } from '@payos/db';
import { Money } from '@payos/money';
import { describe, expect, it } from 'vitest';
import { openAccount, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import { isRealPostgres, signup } from '../../../../../tests/harness.js';
import { settleDuePayouts } from './settlement.service.js';

const t = testApp();
const tenant = tenantWithKey(t, 'payouts');

const settle = () => settleDuePayouts(t.db, t.deps);

const sender = (funds = '10000.00', currency = 'USD') => openAccount(t.http, tenant.key, { name: 'Payer', funds, currency });

async function method(accountId: string, rail: 'spei' | 'ach', failing = false) {
  const details =
    rail === 'spei'
      ? { clabe: '032180000118359719', holderName: 'Maria Garcia' }
      : { routingNumber: '021000021', accountNumber: failing ? '7788990000' : '4432198765', holderName: 'Payer' };
  const res = await t.http.post(`/v1/accounts/${accountId}/payment-methods`, {
    token: tenant.key,
    body: { type: 'bank_account', rail, details },
  });
  return res.body.data.id as string;
}

const balance = async (id: string, currency = 'USD') =>
  (await t.http.get(`/v1/accounts/${id}/balances`, { token: tenant.key })).body.data.balances.find(
    (b: { currency: string }) => b.currency === currency,
  );

const payout = (body: Record<string, unknown>, token = tenant.key) =>
  t.http.post('/v1/transfers', { token, body: { type: 'payout', currency: 'USD', ...body } });

const systemBalance = async (kind: string, currency: string) => {
  const [row] = await withOwner(t.db, (tx) =>
    tx.query<{ available: string }>(
      `SELECT b.available::text FROM balances b JOIN accounts a ON a.tenant_id = b.tenant_id AND a.id = b.account_id
        WHERE a.tenant_id = $1 AND a.environment = 'test' AND a.system_kind = $2 AND b.currency = $3`,
      [tenant.owner.tenantId, kind, currency],
    ),
  );
  return row?.available;
};

describe('payouts', () => {
  it('holds amount + fees at creation and settles through fx to payouts, fees to fees', async () => {
    const from = await sender();
    const pm = await method(from, 'spei');
    const quote = await t.http.post('/v1/quotes', {
      token: tenant.key,
      body: { fromCurrency: 'USD', toCurrency: 'MXN', amount: '1000.00' },
    });
    const created = await payout({ fromAccountId: from, paymentMethodId: pm, amount: '1000.00', quoteId: quote.body.data.id });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      type: 'payout',
      status: 'pending',
      amount: '1000.00',
      fees: { total: '7.00' },
      totalDebit: '1007.00',
      destinationAmount: '17150.00',
      destinationCurrency: 'MXN',
      rate: '17.15',
      quoteId: quote.body.data.id,
      paymentMethodId: pm,
    });
    expect(await balance(from)).toMatchObject({ available: '8993.00', pending: '1007.00', total: '10000.00' });
    expect((await t.http.get(`/v1/quotes/${quote.body.data.id}`, { token: tenant.key })).body.data).toMatchObject({
      status: 'used',
      transferId: created.body.data.id,
    });

    expect(await settle()).toBe(0); // not due before the provider's latency
    t.clock.advance(2_000);
    expect(await settle()).toBe(1);
    const done = await t.http.get(`/v1/transfers/${created.body.data.id}`, { token: tenant.key });
    expect(done.body.data.status).toBe('completed');
    expect(done.body.data.timeline.map((e: { status: string }) => e.status)).toEqual(['pending', 'processing', 'completed']);
    expect(await balance(from)).toMatchObject({ available: '8993.00', pending: '0.00', total: '8993.00' });
    expect(await systemBalance('payouts', 'MXN')).toBe('17150.00000000');
    expect(await systemBalance('fees', 'USD')).toBe('7.00000000');
    expect(await systemBalance('fx', 'USD')).toBe('1000.00000000');
    expect((await t.http.get('/v1/ledger/verification', { token: await tenant.userToken() })).body.data.ok).toBe(true);
  });

  it('a rejected destination fails the payout and restores the balance to the cent', async () => {
    const from = await sender('500.00');
    const pm = await method(from, 'ach', true);
    const created = await payout({ fromAccountId: from, paymentMethodId: pm, amount: '123.45' });
    expect(created.body.data).toMatchObject({ status: 'pending', fees: { total: '0.62' }, totalDebit: '124.07' });
    t.clock.advance(2_000);
    await settle();
    const failed = await t.http.get(`/v1/transfers/${created.body.data.id}`, { token: tenant.key });
    expect(failed.body.data).toMatchObject({ status: 'failed', failureReason: 'destination_rejected' });
    expect(await balance(from)).toMatchObject({ available: '500.00', pending: '0.00' });
  });

  it('cancels a pending payout, and only a pending one', async () => {
    const from = await sender('300.00');
    const pm = await method(from, 'spei');
    const created = await payout({ fromAccountId: from, paymentMethodId: pm, amount: '100.00' });
    const cancelled = await t.http.post(`/v1/transfers/${created.body.data.id}/cancel`, { token: tenant.key });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.data.status).toBe('cancelled');
    expect(await balance(from)).toMatchObject({ available: '300.00', pending: '0.00' });
    const again = await t.http.post(`/v1/transfers/${created.body.data.id}/cancel`, { token: tenant.key });
    expect(again.body.error).toMatchObject({ code: 'invalid_state' });
    t.clock.advance(2_000);
    await settle();
    expect((await t.http.get(`/v1/transfers/${created.body.data.id}`, { token: tenant.key })).body.data.status).toBe('cancelled');
  });

  it('refuses expired, used, mismatched and foreign quotes with their codes', async () => {
    const from = await sender();
    const pm = await method(from, 'spei');
    const fresh = async (amount = '50.00') =>
      (await t.http.post('/v1/quotes', { token: tenant.key, body: { fromCurrency: 'USD', toCurrency: 'MXN', amount } })).body.data
        .id as string;
    const mismatch = await payout({ fromAccountId: from, paymentMethodId: pm, amount: '60.00', quoteId: await fresh() });
    expect(mismatch.body.error.code).toBe('quote_mismatch');
    const used = await fresh();
    expect((await payout({ fromAccountId: from, paymentMethodId: pm, amount: '50.00', quoteId: used })).status).toBe(201);
    expect((await payout({ fromAccountId: from, paymentMethodId: pm, amount: '50.00', quoteId: used })).body.error.code).toBe('quote_used');
    const expiring = await fresh();
    t.clock.advance(5 * 60 * 1000);
    expect((await payout({ fromAccountId: from, paymentMethodId: pm, amount: '50.00', quoteId: expiring })).body.error.code).toBe(
      'quote_expired',
    );
    const other = await signup(t.http, 'quote-owner');
    const foreign = await t.http.post('/v1/quotes', {
      token: other.token,
      body: { fromCurrency: 'USD', toCurrency: 'MXN', amount: '50.00' },
    });
    expect((await payout({ fromAccountId: from, paymentMethodId: pm, amount: '50.00', quoteId: foreign.body.data.id })).status).toBe(404);
  });

  it('pays another account in another currency through fx, priced by a destination-amount quote', async () => {
    const from = await sender('2000.00');
    const to = (await t.http.post('/v1/accounts', { token: tenant.key, body: { type: 'person', name: 'Receiver in Brazil' } })).body.data
      .id;
    const quote = await t.http.post('/v1/quotes', {
      token: tenant.key,
      body: { fromCurrency: 'USD', toCurrency: 'BRL', amount: '4970.00', amountType: 'destination' },
    });
    // 4970.00 BRL ÷ 4.97 = 1000.00 USD; fees 5.00 + 2.00 + 1.50 fixed = 8.50.
    expect(quote.body.data).toMatchObject({ sourceAmount: '1000.00', fees: { total: '8.50' }, totalDebit: '1008.50' });
    t.clock.advance(2_000);
    await settle(); // earlier tests' payouts, so the fx deltas below are this one's alone
    const fxBefore = { usd: await systemBalance('fx', 'USD'), brl: await systemBalance('fx', 'BRL') };
    const created = await payout({ fromAccountId: from, toAccountId: to, amount: '1000.00', quoteId: quote.body.data.id });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      type: 'payout',
      status: 'pending',
      toAccountId: to,
      paymentMethodId: null,
      destinationAmount: '4970.00',
      destinationCurrency: 'BRL',
      totalDebit: '1008.50',
    });
    expect(await balance(from)).toMatchObject({ available: '991.50', pending: '1008.50' });
    const received = await t.http.get(`/v1/accounts/${to}/transfers`, { token: tenant.key });
    expect(received.body.data.map((x: { id: string }) => x.id)).toContain(created.body.data.id);

    t.clock.advance(2_000);
    await settle();
    const done = await t.http.get(`/v1/transfers/${created.body.data.id}`, { token: tenant.key });
    expect(done.body.data.status).toBe('completed');
    expect(done.body.data.timeline[1]).toMatchObject({ status: 'processing', note: 'converted through fx' });
    expect(await balance(from)).toMatchObject({ available: '991.50', pending: '0.00', total: '991.50' });
    expect(await balance(to, 'BRL')).toMatchObject({ available: '4970.00', total: '4970.00' });
    // fx took the dollars in and paid the reais out; fees took the fees.
    const delta = (after: string | undefined, before: string | undefined) => new Money(after ?? 0).minus(before ?? 0).toFixed(2);
    expect(delta(await systemBalance('fx', 'USD'), fxBefore.usd)).toBe('1000.00');
    expect(delta(await systemBalance('fx', 'BRL'), fxBefore.brl)).toBe('-4970.00');
  });

  it('an account destination takes a fresh quote from destinationCurrency, and refuses what makes no sense', async () => {
    const from = await sender('500.00');
    const to = (await t.http.post('/v1/accounts', { token: tenant.key, body: { type: 'person', name: 'Receiver in Mexico' } })).body.data
      .id;
    const pm = await method(from, 'spei');
    const fresh = await payout({ fromAccountId: from, toAccountId: to, destinationCurrency: 'MXN', amount: '100.00' });
    expect(fresh.body.data).toMatchObject({ destinationAmount: '1715.00', totalDebit: '100.70', status: 'pending' });

    const refusals = [
      [{ toAccountId: to, amount: '1.00' }, 400, 'parameter_missing', 'destinationCurrency'],
      [{ toAccountId: to, destinationCurrency: 'USD', amount: '1.00' }, 400, 'parameter_invalid', 'destinationCurrency'],
      [{ toAccountId: to, paymentMethodId: pm, amount: '1.00' }, 400, 'parameter_invalid', 'paymentMethodId'],
      [{ amount: '1.00' }, 400, 'parameter_invalid', 'paymentMethodId'],
      [{ toAccountId: from, destinationCurrency: 'MXN', amount: '1.00' }, 400, 'self_transfer', 'toAccountId'],
      [{ paymentMethodId: pm, destinationCurrency: 'BRL', amount: '1.00' }, 400, 'parameter_invalid', 'destinationCurrency'],
      [{ toAccountId: to, destinationCurrency: 'BRL', amount: '1.00', currency: 'MXN' }, 422, 'unsupported_corridor', undefined],
      [
        { toAccountId: '00000000-0000-4000-8000-000000000000', destinationCurrency: 'MXN', amount: '1.00' },
        404,
        'resource_missing',
        'toAccountId',
      ],
    ] as const;
    for (const [body, status, code, param] of refusals) {
      const res = await payout({ fromAccountId: from, ...body });
      expect({ body, status: res.status, code: res.body.error?.code, param: res.body.error?.param }).toEqual({
        body,
        status,
        code,
        param,
      });
    }
    expect(await balance(from)).toMatchObject({ available: '399.30', pending: '100.70' });
  });

  it('fails an account payout whose receiver closed before settlement, restoring the sender', async () => {
    const from = await sender('300.00');
    const to = (await t.http.post('/v1/accounts', { token: tenant.key, body: { type: 'person', name: 'Closing soon' } })).body.data.id;
    const created = await payout({ fromAccountId: from, toAccountId: to, destinationCurrency: 'COP', amount: '10.00' });
    expect(created.status).toBe(201);
    expect((await t.http.delete(`/v1/accounts/${to}`, { token: tenant.key })).status).toBe(200);
    t.clock.advance(2_000);
    await settle();
    const failed = await t.http.get(`/v1/transfers/${created.body.data.id}`, { token: tenant.key });
    expect(failed.body.data).toMatchObject({ status: 'failed', failureReason: 'destination_account_closed' });
    expect(await balance(from)).toMatchObject({ available: '300.00', pending: '0.00' });
  });

  it('refuses insufficient funds (amount + fees) and foreign payment methods', async () => {
    const from = await sender('100.00');
    const pm = await method(from, 'spei');
    const poor = await payout({ fromAccountId: from, paymentMethodId: pm, amount: '100.00' });
    expect(poor.body.error).toMatchObject({ code: 'insufficient_funds', details: { available: '100.00', required: '100.70' } });
    const other = await signup(t.http, 'pm-owner');
    const theirs = (await t.http.post('/v1/accounts', { token: other.token, body: { type: 'person', name: 'X' } })).body.data.id;
    const theirPm = (
      await t.http.post(`/v1/accounts/${theirs}/payment-methods`, {
        token: other.token,
        body: { type: 'bank_account', rail: 'spei', details: { clabe: '032180000118359719', holderName: 'X' } },
      })
    ).body.data.id;
    expect((await payout({ fromAccountId: from, paymentMethodId: theirPm, amount: '1.00' })).status).toBe(404);
  });
});

describe.runIf(isRealPostgres)('settlement workers racing (PostgreSQL)', () => {
  it('two workers on one queue settle each payout exactly once', async () => {
    // Drain what earlier tests left pending, so the race below counts only its own payouts.
    t.clock.advance(2_000);
    await settle();
    const from = await sender('5000.00');
    const pm = await method(from, 'spei');
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await payout({ fromAccountId: from, paymentMethodId: pm, amount: '10.00' })).body.data.id);
    t.clock.advance(2_000);
    const [a, b] = await Promise.all([settle(), settle()]);
    expect((a ?? 0) + (b ?? 0)).toBe(20);
    const [row] = await withOwner(t.db, (tx) =>
      tx.query<{ n: number; distinct: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT reference_id)::int AS distinct FROM ledger_transactions
          WHERE reference_type = 'transfer_settlement' AND reference_id = ANY($1::uuid[])`,
        [ids],
      ),
    );
    expect(row).toEqual({ n: 20, distinct: 20 });
    // 20 × (10.00 + 0.05 platform + 0.02 cross-currency) = 201.40
    expect(await balance(from)).toMatchObject({ pending: '0.00', available: '4798.60' });
  });
});
