import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { openAccount, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import { addMember, createKey, isRealPostgres, type Json } from '../../../../../tests/harness.js';

/*
 * The risk rules on the transfer paths: an internal transfer (the group-commit batch) and a payout,
 * each allowed, flagged, held for review or blocked by what the tenant enabled.
 */

const t = testApp();
const tenant = tenantWithKey(t, 'risk-paths');

const account = (name: string, funds?: string) => openAccount(t.http, tenant.key, { name, tier: 2, funds });
const rules = async (patch: Json) => {
  const res = await t.http.patch('/v1/risk-rules', { token: await tenant.userToken(), body: { rules: patch } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
};
const off = () =>
  rules({
    amount_threshold: { enabled: false },
    velocity: { enabled: false },
  });
const internal = (from: string, to: string, amount: string, token = tenant.key) =>
  t.http.post('/v1/transfers', { token, body: { type: 'internal', fromAccountId: from, toAccountId: to, amount, currency: 'USDC' } });
const reviewsOf = async (transferId: string) =>
  (await t.http.get(`/v1/reviews?transferId=${transferId}`, { token: tenant.key })).body.data as Json[];
const balance = async (id: string) =>
  (await t.http.get(`/v1/accounts/${id}/balances`, { token: tenant.key })).body.data.balances.find(
    (b: { currency: string }) => b.currency === 'USDC',
  ) as { available: string; pending: string };
const ledgerOk = async () =>
  expect((await t.http.get('/v1/ledger/verification', { token: await tenant.userToken() })).body.data).toMatchObject({ ok: true });
const counts = () =>
  withOwner(t.db, async (tx) => ({
    transfers: (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM transfers'))[0]?.n,
    ledger: (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger_transactions'))[0]?.n,
    blocked: (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM review_items WHERE status = 'blocked'`))[0]?.n,
  }));

describe('risk rules on the transfer paths', () => {
  it('lets a transfer below the threshold through, flags or holds one at it, and releases a held one when its review is approved', async () => {
    await rules({ amount_threshold: { enabled: true, amountGteUsd: '500.00', action: 'review', riskLevel: 'high' } });
    const from = await account('Sender', '2000.00');
    const to = await account('Receiver');
    const below = await internal(from, to, '499.99');
    expect(below.body.data.status).toBe('completed');
    expect(await reviewsOf(below.body.data.id)).toEqual([]);

    const held = await internal(from, to, '500.00');
    expect(held.status).toBe(201);
    expect(held.body.data).toMatchObject({
      status: 'requires_review',
      timeline: [{ status: 'requires_review', note: 'held for review: amount_threshold' }],
    });
    expect(await balance(from)).toMatchObject({ available: '1000.010000', pending: '500.000000' });
    const [item] = await reviewsOf(held.body.data.id);
    expect(item).toMatchObject({ status: 'open', ruleId: 'amount_threshold', riskLevel: 'high' });
    // An admin clears it: the owner created the key that started it (self_approval).
    const admin = await addMember(t.http, await tenant.userToken(), 'admin');
    expect((await t.http.post(`/v1/reviews/${item?.id}/approve`, { token: await tenant.userToken(), body: {} })).body.error?.code).toBe(
      'self_approval',
    );
    const approved = await t.http.post(`/v1/reviews/${item?.id}/approve`, { token: admin.token, body: {} });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect((await t.http.get(`/v1/transfers/${held.body.data.id}`, { token: tenant.key })).body.data.status).toBe('completed');
    expect(await balance(to)).toMatchObject({ available: '999.990000' });

    await rules({ amount_threshold: { action: 'flag' } });
    const flagged = await internal(from, to, '500.00');
    expect(flagged.body.data.status).toBe('completed');
    expect(await reviewsOf(flagged.body.data.id)).toMatchObject([{ status: 'open', action: 'flag' }]);
    await off();
    await ledgerOk();
  });

  it('blocks with 422 transfer_blocked, leaving nothing but the refusal record — internal and payout alike', async () => {
    await rules({ amount_threshold: { enabled: true, amountGteUsd: '100.00', action: 'block', riskLevel: 'critical' } });
    const from = await account('Blocked', '1000.00');
    const to = await account('Nobody');
    const before = await counts();
    const res = await internal(from, to, '100.00');
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'transfer_blocked', details: { ruleId: 'amount_threshold', riskLevel: 'critical' } });
    const record = await t.http.get(`/v1/reviews/${res.body.error.details.reviewId}`, { token: tenant.key });
    expect(record.status).toBe(200);
    expect(record.body.data).toMatchObject({ status: 'blocked', transferId: null, accountId: from });
    expect(await counts()).toEqual({ ...before, blocked: (before.blocked ?? 0) + 1 });

    const pm = await t.http.post(`/v1/accounts/${from}/payment-methods`, {
      token: tenant.key,
      body: { type: 'bank_account', rail: 'spei', details: { clabe: '032180000118359719', holderName: 'Blocked' } },
    });
    const payout = await t.http.post('/v1/transfers', {
      token: tenant.key,
      body: { type: 'payout', fromAccountId: from, paymentMethodId: pm.body.data.id, amount: '150.00', currency: 'USDC' },
    });
    expect(payout.status, JSON.stringify(payout.body)).toBe(422);
    expect(payout.body.error.code).toBe('transfer_blocked');
    // The record is written before the refusal is answered.
    expect((await t.http.get(`/v1/reviews/${payout.body.error.details.reviewId}`, { token: tenant.key })).body.data.status).toBe('blocked');
    const after = await counts();
    expect(after).toEqual({ ...before, blocked: (before.blocked ?? 0) + 2 });
    expect(await balance(from)).toMatchObject({ available: '1000.000000', pending: '0.000000' });
    const audit = await t.http.get(`/v1/audit-events?objectId=${payout.body.error.details.reviewId}`, { token: await tenant.userToken() });
    expect(audit.body.data.map((e: Json) => e.action)).toContain('transfer.blocked');
    await off();
    await ledgerOk();
  });

  it('reviews first and approves after: a transfer both a rule and a policy catch waits for its review, then for its approvers', async () => {
    await rules({ amount_threshold: { enabled: true, amountGteUsd: '300.00', action: 'review' } });
    const owner = await tenant.userToken();
    const policy = await t.http.post('/v1/approval-policies', {
      token: owner,
      body: {
        name: 'Keys',
        appliesTo: 'internal',
        amountGte: '300.00',
        initiatorTypes: ['api_key'],
        requiredApprovals: 1,
        approverRole: 'admin',
      },
    });
    const admin = await addMember(t.http, owner, 'admin');
    const devKey = (await createKey(t.http, (await addMember(t.http, owner, 'member')).token)).key;
    const from = await account('Both', '1000.00');
    const to = await account('Payee');
    const held = await internal(from, to, '300.00', devKey);
    expect(held.body.data.status).toBe('requires_review');
    const [item] = await reviewsOf(held.body.data.id);
    await t.http.post(`/v1/reviews/${item?.id}/approve`, { token: admin.token, body: {} });
    expect((await t.http.get(`/v1/transfers/${held.body.data.id}`, { token: tenant.key })).body.data.status).toBe('requires_approval');
    expect((await t.http.post(`/v1/transfers/${held.body.data.id}/approve`, { token: admin.token })).body.data.status).toBe('completed');
    await t.http.delete(`/v1/approval-policies/${policy.body.data.id}`, { token: owner });
    await off();
    await ledgerOk();
  });

  it.runIf(isRealPostgres)(
    'counts a batch’s own sends: 20 parallel sends against a velocity of 5 an hour land exactly 5, 15 blocked with their records',
    async () => {
      await rules({ velocity: { enabled: true, maxCountPerHour: 5, maxCountPerDay: 100, maxAmountPerDayUsd: null, action: 'block' } });
      const from = await account('Fast', '1000.00');
      const to = await account('Sink');
      const before = await counts();
      const results = await Promise.all(Array.from({ length: 20 }, () => internal(from, to, '1.00')));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(5);
      expect(results.filter((r) => r.status === 422).map((r) => r.body.error.code)).toEqual(Array(15).fill('transfer_blocked'));
      expect(await balance(to)).toMatchObject({ available: '5.000000' });
      expect((await counts()).blocked).toBe((before.blocked ?? 0) + 15);
      await off();
      await ledgerOk();
    },
  );
});
