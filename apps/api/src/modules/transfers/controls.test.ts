import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { openAccount, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import { addMember, type Json } from '../../../../../tests/harness.js';

const t = testApp();
const tenant = tenantWithKey(t, 'controls');
const HOUR_MS = 60 * 60 * 1000;

const sender = (funds = '20000.00', currency = 'USDC') => openAccount(t.http, tenant.key, { name: 'Exporter', tier: 2, funds, currency });
async function method(accountId: string) {
  const res = await t.http.post(`/v1/accounts/${accountId}/payment-methods`, {
    token: tenant.key,
    body: { type: 'bank_account', rail: 'spei', details: { clabe: '032180000118359719', holderName: 'Proveedora del Norte' } },
  });
  expect(res.status).toBe(201);
  return res.body.data.id as string;
}
const payout = (body: Json, token = tenant.key) =>
  t.http.post('/v1/transfers', { token, body: { type: 'payout', currency: 'USDC', ...body } });
const settings = async (body: Json) => {
  const res = await t.http.patch('/v1/organization/settings', { token: await tenant.userToken(), body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data as Json;
};
const originator = { name: 'Acme Importadora SA', address: 'Av. Reforma 222, CDMX', accountNumber: '0123-4567-4821' };
const beneficiary = { name: 'Proveedora del Norte SA' };
const rows = async () =>
  withOwner(t.db, async (tx) => ({
    transfers: await tx.query('SELECT id, status FROM transfers ORDER BY id'),
    quotes: await tx.query('SELECT count(*)::int AS n FROM quotes'),
    requests: await tx.query('SELECT count(*)::int AS n FROM approval_requests'),
    ledger: await tx.query('SELECT count(*)::int AS n FROM ledger_transactions'),
  }));
async function refused(promise: Promise<{ status: number; body: Json }>, status: number, code: string) {
  const before = await rows();
  const res = await promise;
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.code).toBe(code);
  expect(await rows()).toEqual(before);
  return res.body.error as Json;
}

describe('travel rule', () => {
  it('asks a USDC payout at or above 3,000 USD for originator and beneficiary, naming what is missing', async () => {
    const from = await sender();
    const pm = await method(from);
    const below = await payout({ fromAccountId: from, paymentMethodId: pm, amount: '2999.99' });
    expect(below.status).toBe(201);
    expect(below.body.data.travelRule).toBeNull();

    let error = await refused(payout({ fromAccountId: from, paymentMethodId: pm, amount: '3000.00' }), 422, 'travel_rule_data_required');
    expect(error).toMatchObject({ param: 'originator.name', details: { thresholdUsd: '3000.00', appliesTo: 'usdc' } });
    error = await refused(
      payout({
        fromAccountId: from,
        paymentMethodId: pm,
        amount: '3000.00',
        originator: { ...originator, address: undefined },
        beneficiary,
      }),
      422,
      'travel_rule_data_required',
    );
    expect(error.param).toBe('originator.address');
    error = await refused(
      payout({ fromAccountId: from, paymentMethodId: pm, amount: '3000.00', originator }),
      422,
      'travel_rule_data_required',
    );
    expect(error.param).toBe('beneficiary.name');
    // Half a record is refused below the threshold too.
    error = await refused(
      payout({ fromAccountId: from, paymentMethodId: pm, amount: '10.00', beneficiary }),
      422,
      'travel_rule_data_required',
    );
    expect(error.param).toBe('originator.name');
    await refused(
      payout({
        fromAccountId: from,
        paymentMethodId: pm,
        amount: '3000.00',
        originator: { ...originator, accountNumber: '<script>' },
        beneficiary,
      }),
      400,
      'parameter_invalid',
    );

    const ok = await payout({ fromAccountId: from, paymentMethodId: pm, amount: '3000.00', originator, beneficiary });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.data.travelRule).toEqual({
      originator: { name: originator.name, address: originator.address, accountNumber: '••••4821' },
      beneficiary: { name: beneficiary.name, address: null },
    });
    // Stored in full, shown masked in GET and in the list alike.
    const [stored] = await withOwner(t.db, (tx) =>
      tx.query<{ travel_rule: Json }>('SELECT travel_rule FROM transfers WHERE id = $1', [ok.body.data.id]),
    );
    expect(stored?.travel_rule.originator.accountNumber).toBe('0123-4567-4821');
    const get = await t.http.get(`/v1/transfers/${ok.body.data.id}`, { token: tenant.key });
    const list = await t.http.get(`/v1/transfers?accountId=${from}&limit=5`, { token: tenant.key });
    expect(list.body.data.find((x: Json) => x.id === ok.body.data.id)).toEqual(get.body.data);
    expect(JSON.stringify(list.body)).not.toContain('0123-4567');
  });

  it('covers other currencies when the tenant says so, and is checked before any approval policy', async () => {
    const from = await sender('20000.00', 'USD');
    const pm = await method(from);
    const usd = (amount: string, extra: Json = {}) =>
      payout({ fromAccountId: from, paymentMethodId: pm, amount, currency: 'USD', ...extra });
    expect((await usd('5000.00')).status).toBe(201);
    await settings({ controls: { travelRule: { appliesTo: 'all', thresholdUsd: '1000.00' } } });
    const policy = await t.http.post('/v1/approval-policies', {
      token: await tenant.userToken(),
      body: {
        name: 'All keys',
        appliesTo: 'payout',
        amountGte: '0',
        initiatorTypes: ['api_key'],
        requiredApprovals: 1,
        approverRole: 'admin',
      },
    });
    expect(policy.status).toBe(201);
    await refused(usd('1000.00'), 422, 'travel_rule_data_required');
    const held = await usd('1000.00', { originator, beneficiary: { ...beneficiary, address: 'Monterrey' } });
    expect(held.body.data).toMatchObject({ status: 'requires_approval', travelRule: { beneficiary: { address: 'Monterrey' } } });
    await t.http.delete(`/v1/approval-policies/${policy.body.data.id}`, { token: await tenant.userToken() });
    await settings({ controls: { travelRule: { appliesTo: 'usdc', thresholdUsd: '3000.00' } } });
  });
});

describe('cooling-off', () => {
  it('is off in test and 24 hours in live by default', async () => {
    const token = await tenant.userToken();
    expect((await t.http.get('/v1/organization/settings', { token })).body.data.controls).toMatchObject({ coolingOffHours: 0 });
    expect((await t.http.get('/v1/organization/settings', { token, environment: 'live' })).body.data.controls).toEqual({
      coolingOffHours: 24,
      coolingOffMaxAmountUsd: '1000.00',
      travelRule: { thresholdUsd: '3000.00', appliesTo: 'usdc' },
    });
  });

  it('caps payouts to a new payment method until it has cooled off, unless an admin allowlists it', async () => {
    await settings({ controls: { coolingOffHours: 24, coolingOffMaxAmountUsd: '100.00' } });
    const from = await sender();
    const pm = await method(from);
    const createdAt = t.clock.now();
    expect((await payout({ fromAccountId: from, paymentMethodId: pm, amount: '100.00' })).status).toBe(201);
    const error = await refused(payout({ fromAccountId: from, paymentMethodId: pm, amount: '100.01' }), 422, 'cooling_off_limit');
    expect(error).toMatchObject({
      param: 'amount',
      details: {
        paymentMethodId: pm,
        maxAmountUsd: '100.00',
        amountUsd: '100.01',
        coolingOffEndsAt: new Date(createdAt.getTime() + 24 * HOUR_MS).toISOString(),
      },
    });
    // Allowlisting is an owner's or admin's call, made signed in.
    const owner = await tenant.userToken();
    const member = await addMember(t.http, owner, 'member');
    const allow = (token: string, allowlisted = true) =>
      t.http.patch(`/v1/accounts/${from}/payment-methods/${pm}`, { token, body: { allowlisted } });
    await refused(allow(member.token), 403, 'insufficient_permissions');
    await refused(allow(tenant.key), 403, 'user_credentials_required');
    await refused(t.http.patch(`/v1/accounts/${from}/payment-methods/${pm}`, { token: owner, body: {} }), 400, 'parameter_missing');
    const allowed = await allow(owner);
    expect(allowed.status).toBe(200);
    expect(allowed.body.data.allowlisted).toBe(true);
    expect((await payout({ fromAccountId: from, paymentMethodId: pm, amount: '500.00' })).status).toBe(201);
    expect((await allow(owner, false)).body.data.allowlisted).toBe(false);
    await refused(payout({ fromAccountId: from, paymentMethodId: pm, amount: '500.00' }), 422, 'cooling_off_limit');
    // Cooled off.
    t.clock.advance(24 * HOUR_MS);
    expect((await payout({ fromAccountId: from, paymentMethodId: pm, amount: '500.00' })).status).toBe(201);
    await settings({ controls: { coolingOffHours: 0 } });
  });

  it('keeps another account’s payment method out of reach of the allowlist', async () => {
    const owner = await tenant.userToken();
    const a = await sender('1.00');
    const b = await sender('1.00');
    const pmOfB = await method(b);
    await refused(
      t.http.patch(`/v1/accounts/${a}/payment-methods/${pmOfB}`, { token: owner, body: { allowlisted: true } }),
      404,
      'resource_missing',
    );
  });
});
