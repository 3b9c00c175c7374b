import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { openAccount, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import { createKey, isRealPostgres, type Json, signup } from '../../../../../tests/harness.js';
import { checkDueReturns } from './returns.service.js';
import { settleDuePayouts } from './settlement.service.js';

const t = testApp();
const tenant = tenantWithKey(t, 'returns');
const RETURN_DELAY_MS = 60_000; // the simulated provider's default

const settle = async () => {
  t.clock.advance(2_000);
  await settleDuePayouts(t.db, t.deps);
};
const sender = (funds = '500.00') => openAccount(t.http, tenant.key, { name: 'Payer', funds, currency: 'USD' });

/** An ACH destination: an account number ending in 0001 the simulated rail returns, any other it keeps. */
async function ach(accountId: string, accountNumber = '4432190001') {
  const res = await t.http.post(`/v1/accounts/${accountId}/payment-methods`, {
    token: tenant.key,
    body: { type: 'bank_account', rail: 'ach', details: { routingNumber: '021000021', accountNumber, holderName: 'Payer' } },
  });
  expect(res.status).toBe(201);
  return res.body.data.id as string;
}

const payout = async (body: Json) => {
  const res = await t.http.post('/v1/transfers', { token: tenant.key, body: { type: 'payout', currency: 'USD', ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as Json;
};
const getTransfer = async (id: string) => (await t.http.get(`/v1/transfers/${id}`, { token: tenant.key })).body.data as Json;
const balance = async (id: string, currency = 'USD') =>
  (await t.http.get(`/v1/accounts/${id}/balances`, { token: tenant.key })).body.data.balances.find(
    (b: { currency: string }) => b.currency === currency,
  );
const forceReturn = (id: string, body: Json = { code: 'invalid_account' }, token = tenant.key) =>
  t.http.post(`/v1/test-helpers/transfers/${id}/return`, { token, body });
const ledgerOk = async () =>
  expect((await t.http.get('/v1/ledger/verification', { token: await tenant.userToken() })).body.data).toMatchObject({
    ok: true,
    discrepancies: [],
  });
const setRefundFees = async (refundFees: boolean) =>
  expect(
    (await t.http.patch('/v1/organization/settings', { token: await tenant.userToken(), body: { payoutReturns: { refundFees } } })).status,
  ).toBe(200);

describe('payout returns', () => {
  it('the simulated rail returns a payout to a destination ending in 0001 a delay after completing it; the sender gets all back', async () => {
    const from = await sender('500.00');
    const created = await payout({ fromAccountId: from, paymentMethodId: await ach(from), amount: '123.45' });
    expect(created).toMatchObject({ fees: { total: '0.62' }, totalDebit: '124.07' });
    await settle();
    expect(await getTransfer(created.id)).toMatchObject({ status: 'completed', returnDetails: null });
    expect(await balance(from)).toMatchObject({ available: '375.93', pending: '0.00' });

    t.clock.advance(RETURN_DELAY_MS - 1);
    expect(await checkDueReturns(t.db, t.deps)).toBe(0);
    t.clock.advance(1);
    expect(await checkDueReturns(t.db, t.deps)).toBe(1);
    const returned = await getTransfer(created.id);
    expect(returned).toMatchObject({
      status: 'returned',
      returnDetails: { code: 'account_closed', returnedAt: t.clock.now().toISOString() },
      refundableAmount: '0.00',
    });
    expect(returned.timeline.map((s: Json) => [s.status, s.note])).toEqual([
      ['pending', null],
      ['processing', 'sent to ach'],
      ['completed', null],
      ['returned', 'account_closed'],
    ]);
    // Amount and fees back, to the cent.
    expect(await balance(from)).toMatchObject({ available: '500.00', pending: '0.00' });
    // Listed the same way, and announced.
    const listed = (await t.http.get(`/v1/transfers?accountId=${from}`, { token: tenant.key })).body.data as Json[];
    expect(listed.find((x) => x.id === created.id)).toEqual(returned);
    const events = (await t.http.get(`/v1/events?objectId=${created.id}&type=transfer.returned`, { token: tenant.key })).body.data;
    expect(events).toHaveLength(1);
    expect(events[0].data.object).toEqual(returned);
    expect(events[0].data.previousAttributes).toMatchObject({ status: 'completed', returnDetails: null });
    const audit = (await t.http.get(`/v1/audit-events?objectId=${created.id}`, { token: await tenant.userToken() })).body.data as Json[];
    expect(audit.map((a) => a.action)).toContain('transfer.returned');
    // Nothing more to ask about it.
    t.clock.advance(RETURN_DELAY_MS);
    expect(await checkDueReturns(t.db, t.deps)).toBe(0);
    await ledgerOk();
  });

  it('a payout the rail keeps is asked about never', async () => {
    const from = await sender('100.00');
    const created = await payout({ fromAccountId: from, paymentMethodId: await ach(from, '4432198765'), amount: '10.00' });
    await settle();
    t.clock.advance(RETURN_DELAY_MS * 2);
    expect(await checkDueReturns(t.db, t.deps)).toBe(0);
    expect((await getTransfer(created.id)).status).toBe('completed');
  });

  it('keeps the fees when payoutReturns.refundFees is false', async () => {
    await setRefundFees(false);
    try {
      const from = await sender('500.00');
      const created = await payout({ fromAccountId: from, paymentMethodId: await ach(from, '4432198765'), amount: '123.45' });
      await settle();
      const res = await forceReturn(created.id, { code: 'beneficiary_rejected', reason: 'Name on file differs' });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({
        status: 'returned',
        returnDetails: { code: 'beneficiary_rejected', reason: 'Name on file differs' },
      });
      expect(await balance(from)).toMatchObject({ available: '499.38', pending: '0.00' });
      await ledgerOk();
    } finally {
      await setRefundFees(true);
    }
  });

  it('returns a converted payout in its source currency; the fx account absorbs the rate', async () => {
    const from = await sender('1000.00');
    const spei = await t.http.post(`/v1/accounts/${from}/payment-methods`, {
      token: tenant.key,
      body: { type: 'bank_account', rail: 'spei', details: { clabe: '032180000118359719', holderName: 'Maria Garcia' } },
    });
    const created = await payout({ fromAccountId: from, paymentMethodId: spei.body.data.id, amount: '200.00' });
    expect(created.destinationCurrency).toBe('MXN');
    await settle();
    const res = await forceReturn(created.id, { code: 'name_mismatch' });
    expect(res.status).toBe(200);
    expect(res.body.data.returnDetails).toMatchObject({ code: 'name_mismatch', reason: 'Returned in test mode (name_mismatch).' });
    expect(await balance(from)).toMatchObject({ available: '1000.00', pending: '0.00' });
    await ledgerOk();
  });

  it('refuses what cannot come back, and live callers, writing nothing', async () => {
    const from = await sender('300.00');
    const pm = await ach(from, '4432198765');
    const pending = await payout({ fromAccountId: from, paymentMethodId: pm, amount: '10.00' });
    const transfersBefore = await withOwner(t.db, (tx) => tx.query('SELECT id, status, updated_at FROM transfers ORDER BY id'));
    const refused = async (id: string, status: number, code: string, body?: Json, token?: string) => {
      const res = await forceReturn(id, body, token);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.code).toBe(code);
    };
    await refused(pending.id, 422, 'invalid_state');
    const to = await openAccount(t.http, tenant.key, { name: 'Payee', currency: 'USD' });
    const internal = await t.http.post('/v1/transfers', {
      token: tenant.key,
      body: { type: 'internal', fromAccountId: from, toAccountId: to, amount: '1.00', currency: 'USD' },
    });
    const afterInternal = await withOwner(t.db, (tx) => tx.query('SELECT id, status, updated_at FROM transfers ORDER BY id'));
    await refused(internal.body.data.id, 422, 'invalid_state');
    await refused('00000000-0000-4000-8000-000000000000', 404, 'resource_missing');
    await refused(pending.id, 400, 'parameter_invalid', { code: 'insufficient_funds' });
    await refused(pending.id, 400, 'unknown_parameter', { code: 'regulatory', amount: '1.00' });
    const outsider = await signup(t.http, 'returns-outsider');
    await refused(pending.id, 404, 'resource_missing', { code: 'regulatory' }, (await createKey(t.http, outsider.token)).key);
    await refused(
      pending.id,
      403,
      'test_mode_only',
      { code: 'regulatory' },
      (await createKey(t.http, await tenant.userToken(), 'live')).key,
    );
    expect(transfersBefore.length + 1).toBe(afterInternal.length);
    expect(await withOwner(t.db, (tx) => tx.query('SELECT id, status, updated_at FROM transfers ORDER BY id'))).toEqual(afterInternal);

    // Returned once; a second return and a refund are refused.
    await settle();
    expect((await forceReturn(pending.id, { code: 'regulatory' })).status).toBe(200);
    await refused(pending.id, 422, 'invalid_state', { code: 'regulatory' });
    const refund = await t.http.post('/v1/refunds', { token: tenant.key, body: { transferId: pending.id, reason: 'error' } });
    expect(refund.body.error.code).toBe('not_refundable');
    expect(await balance(from)).toMatchObject({ available: '299.00', pending: '0.00' });
    await ledgerOk();
  });
});

describe.runIf(isRealPostgres)('payout returns under concurrency (PostgreSQL)', () => {
  it('10 parallel returns of one payout: one lands, the sender is credited once', async () => {
    const from = await sender('100.00');
    const created = await payout({ fromAccountId: from, paymentMethodId: await ach(from, '4432198765'), amount: '50.00' });
    await settle();
    const replies = await Promise.all(Array.from({ length: 10 }, () => forceReturn(created.id)));
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of replies.filter((x) => x.status !== 200)) expect(r.body.error.code).toBe('invalid_state');
    expect(await balance(from)).toMatchObject({ available: '100.00', pending: '0.00' });
    await ledgerOk();
  });
});
