import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { createAgent, openAccount, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import { createKey, isRealPostgres, type Json, signup } from '../../../../../tests/harness.js';

const t = testApp();
const tenant = tenantWithKey(t, 'refunds');
const DAY_MS = 24 * 60 * 60 * 1000;

const account = (name: string, funds?: string) => openAccount(t.http, tenant.key, { name, tier: 2, funds });

async function paid(amount = '100.00', extraFunds = '0') {
  const from = await account('Customer', amount === '0' ? undefined : String(Number(amount) + Number(extraFunds)));
  const to = await account('Merchant');
  const res = await t.http.post('/v1/transfers', {
    token: tenant.key,
    body: { type: 'internal', fromAccountId: from, toAccountId: to, amount, currency: 'USDC' },
  });
  expect(res.status).toBe(201);
  return { from, to, transferId: res.body.data.id as string };
}

const refund = (body: Json, options: { token?: string; headers?: Record<string, string> } = {}) =>
  t.http.post('/v1/refunds', {
    token: options.token ?? tenant.key,
    body: { reason: 'customer_request', ...body },
    headers: options.headers,
  });

const available = async (id: string) =>
  (await t.http.get(`/v1/accounts/${id}/balances`, { token: tenant.key })).body.data.balances.find(
    (b: { currency: string }) => b.currency === 'USDC',
  )?.available as string | undefined;

const getTransfer = async (id: string) => (await t.http.get(`/v1/transfers/${id}`, { token: tenant.key })).body.data as Json;

const refundRows = async () =>
  (await withOwner(t.db, (tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM refunds')))[0]?.n as number;

const ledgerOk = async () => {
  const res = await t.http.get('/v1/ledger/verification', { token: await tenant.userToken() });
  expect(res.body.data).toMatchObject({ ok: true, discrepancies: [] });
};

/** A refund refused with `status`/`code`, writing no refund and moving no money. */
async function refused(promise: Promise<{ status: number; body: Json }>, status: number, code: string, accounts: string[] = []) {
  const rows = await refundRows();
  const balances = await Promise.all(accounts.map(available));
  const res = await promise;
  expect(res.status).toBe(status);
  expect(res.body.error.code).toBe(code);
  expect(await refundRows()).toBe(rows);
  expect(await Promise.all(accounts.map(available))).toEqual(balances);
  return res.body.error as Json;
}

describe('refunds', () => {
  it('refunds in part, then the rest by default, and the transfer shows what was refunded', async () => {
    const { from, to, transferId } = await paid('100.00');
    expect(await getTransfer(transferId)).toMatchObject({ refundedAmount: '0.000000', refundableAmount: '100.000000', refunds: [] });

    const first = await refund({
      transferId,
      amount: '30.25',
      reason: 'duplicate_payment',
      reasonDetails: 'Charged twice',
      metadata: { order: '7' },
    });
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({
      transferId,
      fromAccountId: to,
      toAccountId: from,
      amount: '30.250000',
      currency: 'USDC',
      status: 'succeeded',
      reason: 'duplicate_payment',
      reasonDetails: 'Charged twice',
      metadata: { order: '7' },
      failureReason: null,
      initiatedBy: { type: 'api_key', name: 'key test' },
    });
    expect(first.body.data.ledgerTransactionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await available(from)).toBe('30.250000');
    expect(await available(to)).toBe('69.750000');

    t.clock.advance(1000);
    const rest = await refund({ transferId });
    expect(rest.status).toBe(201);
    expect(rest.body.data.amount).toBe('69.750000');
    expect(await available(from)).toBe('100.000000');
    expect(await available(to)).toBe('0.000000');

    const transfer = await getTransfer(transferId);
    expect(transfer).toMatchObject({ status: 'completed', refundedAmount: '100.000000', refundableAmount: '0.000000' });
    expect(transfer.refunds).toEqual([
      {
        id: first.body.data.id,
        amount: '30.250000',
        status: 'succeeded',
        reason: 'duplicate_payment',
        createdAt: first.body.data.createdAt,
      },
      { id: rest.body.data.id, amount: '69.750000', status: 'succeeded', reason: 'customer_request', createdAt: rest.body.data.createdAt },
    ]);
    // The list builds the same transfer in SQL.
    const listed = (await t.http.get(`/v1/transfers?accountId=${from}`, { token: tenant.key })).body.data as Json[];
    expect(listed.find((x) => x.id === transferId)).toEqual(transfer);

    const one = await t.http.get(`/v1/refunds/${first.body.data.id}`, { token: tenant.key });
    expect(one.body.data).toEqual(first.body.data);
    await ledgerOk();
  });

  it('lists refunds newest first with filters and cursor pages', async () => {
    const a = await paid('50.00');
    const b = await paid('50.00');
    const later = async (body: Json) => {
      t.clock.advance(1000);
      return (await refund(body)).body.data as Json;
    };
    const r1 = await later({ transferId: a.transferId, amount: '1.00' });
    const r2 = await later({ transferId: a.transferId, amount: '2.00' });
    const r3 = await later({ transferId: b.transferId, amount: '3.00' });
    const list = (query: string) => t.http.get(`/v1/refunds?${query}`, { token: tenant.key });
    expect((await list(`transferId=${a.transferId}`)).body.data.map((r: Json) => r.id)).toEqual([r2.id, r1.id]);
    expect((await list(`accountId=${b.from}`)).body.data.map((r: Json) => r.id)).toEqual([r3.id]);
    expect((await list(`accountId=${b.to}&status=succeeded`)).body.data.map((r: Json) => r.id)).toEqual([r3.id]);
    expect((await list(`accountId=${b.to}&status=failed`)).body.data).toEqual([]);
    const page1 = await list(`limit=2&transferId=${a.transferId}`);
    expect(page1.body).toMatchObject({ hasMore: false });
    const paged = await list('limit=1');
    expect(paged.body.hasMore).toBe(true);
    const next = await list(`limit=1&cursor=${paged.body.nextCursor}`);
    expect(next.body.data[0].id).not.toBe(paged.body.data[0].id);
    expect((await list('from=2999-01-01T00:00:00Z')).body.data).toEqual([]);
    expect((await list('status=refunded')).status).toBe(400);
    expect((await list('cursor=nonsense')).body.error.code).toBe('invalid_cursor');
  });

  it('records refund.created, refund.succeeded and transfer.refunded', async () => {
    const { transferId } = await paid('20.00');
    const created = (await refund({ transferId, amount: '5.00' })).body.data;
    const events = (await t.http.get(`/v1/events?objectId=${created.id}`, { token: tenant.key })).body.data as Json[];
    expect(events.map((e) => e.type).sort()).toEqual(['refund.created', 'refund.succeeded']);
    const succeeded = events.find((e) => e.type === 'refund.succeeded') as Json;
    expect(succeeded.data.object).toEqual(created);
    expect(succeeded.data.previousAttributes).toMatchObject({ status: 'pending', ledgerTransactionId: null });
    const transferEvents = (await t.http.get(`/v1/events?objectId=${transferId}&type=transfer.refunded`, { token: tenant.key })).body.data;
    expect(transferEvents).toHaveLength(1);
    expect(transferEvents[0].data.object).toMatchObject({ refundedAmount: '5.000000', refundableAmount: '15.000000' });
    expect(transferEvents[0].data.previousAttributes).toMatchObject({ refundedAmount: '0.000000', refundableAmount: '20.000000' });
  });

  it('answers every refusal with its code and writes nothing', async () => {
    const { from, to, transferId } = await paid('100.00');
    const both = [from, to];
    await refused(refund({ transferId: '00000000-0000-4000-8000-000000000000' }), 404, 'resource_missing');
    await refused(refund({ transferId, amount: '100.01' }), 422, 'amount_exceeds_refundable', both);
    await refused(refund({ transferId, amount: '1.0000001' }), 400, 'amount_too_precise', both);
    await refused(refund({ transferId, amount: '0' }), 400, 'amount_not_positive', both);
    await refused(refund({ transferId, amount: 5 }), 400, 'amount_must_be_string', both);
    await refused(refund({ transferId, reason: 'dispute_resolution' }), 400, 'parameter_invalid', both);
    await refused(refund({ transferId, extra: true }), 400, 'unknown_parameter', both);

    // The recipient spent most of it: the refund needs available funds.
    const elsewhere = await account('Elsewhere');
    await t.http.post('/v1/transfers', {
      token: tenant.key,
      body: { type: 'internal', fromAccountId: to, toAccountId: elsewhere, amount: '90.00', currency: 'USDC' },
    });
    const short = await refused(refund({ transferId, amount: '10.01' }), 422, 'insufficient_funds', both);
    expect(short.details).toMatchObject({ accountId: to, available: '10.000000', required: '10.010000' });
    expect((await refund({ transferId, amount: '10.00' })).status).toBe(201);
    const full = await refused(refund({ transferId, amount: '90.01' }), 422, 'amount_exceeds_refundable', both);
    expect(full.details).toMatchObject({ refundable: '90.000000', requested: '90.010000' });

    // A suspended recipient cannot pay a refund.
    const s = await paid('10.00');
    expect((await t.http.post(`/v1/accounts/${s.to}/suspend`, { token: tenant.key })).status).toBe(200);
    await refused(refund({ transferId: s.transferId }), 422, 'account_suspended', [s.from, s.to]);

    // A closed sender cannot be paid back.
    const c = await paid('10.00');
    expect((await t.http.delete(`/v1/accounts/${c.from}`, { token: tenant.key })).status).toBe(200);
    await refused(refund({ transferId: c.transferId }), 422, 'invalid_state', [c.to]);
    await ledgerOk();
  });

  it('refuses payouts: the money left PayOS', async () => {
    const from = await openAccount(t.http, tenant.key, { name: 'Payout sender', funds: '1000.00', currency: 'USD' });
    const pm = await t.http.post(`/v1/accounts/${from}/payment-methods`, {
      token: tenant.key,
      body: { type: 'bank_account', rail: 'spei', details: { clabe: '032180000118359719', holderName: 'Maria Garcia' } },
    });
    const quote = await t.http.post('/v1/quotes', {
      token: tenant.key,
      body: { fromCurrency: 'USD', toCurrency: 'MXN', amount: '100.00' },
    });
    const payout = await t.http.post('/v1/transfers', {
      token: tenant.key,
      body: {
        type: 'payout',
        currency: 'USD',
        fromAccountId: from,
        paymentMethodId: pm.body.data.id,
        amount: '100.00',
        quoteId: quote.body.data.id,
      },
    });
    expect(payout.status).toBe(201);
    const error = await refused(refund({ transferId: payout.body.data.id }), 422, 'not_refundable', [from]);
    expect(error.message).toMatch(/payout return/);
    expect((await getTransfer(payout.body.data.id)).refundableAmount).toBe('0.00');
  });

  it('closes the window after refunds.windowDays, read from the settings', async () => {
    const { transferId } = await paid('10.00');
    const admin = await tenant.userToken();
    expect((await t.http.patch('/v1/organization/settings', { token: admin, body: { refunds: { windowDays: 2 } } })).status).toBe(200);
    t.clock.advance(2 * DAY_MS);
    expect((await refund({ transferId, amount: '1.00' })).status).toBe(201);
    t.clock.advance(1);
    const expired = await refused(refund({ transferId, amount: '1.00' }), 422, 'refund_window_expired');
    expect(expired.details).toMatchObject({ windowDays: 2 });
    expect(
      (await t.http.patch('/v1/organization/settings', { token: await tenant.userToken(), body: { refunds: { windowDays: 90 } } })).status,
    ).toBe(200);
    expect((await refund({ transferId, amount: '1.00' })).status).toBe(201);
  });

  it('replays an Idempotency-Key with the same refund and refuses it for another body', async () => {
    const { from, transferId } = await paid('10.00');
    const headers = { 'Idempotency-Key': `refund-${transferId}` };
    const first = await refund({ transferId, amount: '4.00' }, { headers });
    const again = await refund({ transferId, amount: '4.00' }, { headers });
    expect(again.status).toBe(201);
    expect(again.body.data).toEqual(first.body.data);
    expect(await available(from)).toBe('4.000000');
    await refused(refund({ transferId, amount: '5.00' }, { headers }), 422, 'idempotency_key_reused', [from]);
    expect((await getTransfer(transferId)).refunds).toHaveLength(1);
  });

  it('keeps refunds in their tenant and environment', async () => {
    const { from, to, transferId } = await paid('10.00');
    const mine = (await refund({ transferId, amount: '1.00' })).body.data;
    const outsider = await signup(t.http, 'refunds-outsider');
    const outsiderKey = (await createKey(t.http, outsider.token)).key;
    const liveKey = (await createKey(t.http, await tenant.userToken(), 'live')).key;
    for (const token of [outsiderKey, liveKey]) {
      await refused(refund({ transferId }, { token }), 404, 'resource_missing', [from, to]);
      expect((await t.http.get(`/v1/refunds/${mine.id}`, { token })).status).toBe(404);
      expect((await t.http.get('/v1/refunds', { token })).body.data).toEqual([]);
    }
  });

  it('lets an agent refund what its account received, within its permission and limits', async () => {
    const admin = await tenant.userToken();
    const { from, to, transferId } = await paid('2000.00');
    const payerAgent = await createAgent(t.http, tenant.key, admin, to);
    const senderAgent = await createAgent(t.http, tenant.key, admin, from);
    const outsiderAccount = await account('Unrelated');
    const unrelatedAgent = await createAgent(t.http, tenant.key, admin, outsiderAccount);
    const withoutPermission = await createAgent(t.http, tenant.key, admin, to, ['accounts.view', 'transactions.initiate']);

    await refused(refund({ transferId, amount: '1.00' }, { token: withoutPermission.token }), 403, 'agent_permission_missing', [from, to]);
    await refused(refund({ transferId, amount: '1.00' }, { token: senderAgent.token }), 403, 'insufficient_permissions', [from, to]);
    await refused(refund({ transferId, amount: '1.00' }, { token: unrelatedAgent.token }), 404, 'resource_missing', [from, to]);
    // KYA tier 1: 1,000 USD per transaction.
    const over = await refused(refund({ transferId, amount: '1000.01' }, { token: payerAgent.token }), 422, 'limit_exceeded', [from, to]);
    expect(over.details).toMatchObject({ scope: 'agent', limitType: 'per_transaction' });

    const ok = await refund({ transferId, amount: '600.00' }, { token: payerAgent.token });
    expect(ok.status).toBe(201);
    expect(ok.body.data.initiatedBy).toMatchObject({ type: 'agent', id: payerAgent.id });
    // What it refunded counts toward its limits: its usage today shows the 600.
    const limits = (await t.http.get(`/v1/agents/${payerAgent.id}/limits`, { token: tenant.key })).body.data;
    expect(limits.daily.used).toBe('600.00');
    expect((await t.http.get(`/v1/refunds/${ok.body.data.id}`, { token: payerAgent.token })).status).toBe(200);
    expect((await t.http.get(`/v1/refunds/${ok.body.data.id}`, { token: unrelatedAgent.token })).status).toBe(404);
    expect((await t.http.get(`/v1/refunds?accountId=${to}`, { token: unrelatedAgent.token })).body.data).toEqual([]);
    expect((await t.http.get('/v1/refunds', { token: unrelatedAgent.token })).body.data).toEqual([]);
    await ledgerOk();
  });
});

describe.runIf(isRealPostgres)('refunds under concurrency (PostgreSQL)', () => {
  it('20 parallel refunds of 10.00 against a 100.00 transfer: exactly 10 land', async () => {
    const { from, to, transferId } = await paid('100.00');
    const replies = await Promise.all(Array.from({ length: 20 }, () => refund({ transferId, amount: '10.00' })));
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    for (const r of replies.filter((x) => x.status !== 201)) expect(r.body.error.code).toBe('amount_exceeds_refundable');
    expect(await available(from)).toBe('100.000000');
    expect(await available(to)).toBe('0.000000');
    expect(await getTransfer(transferId)).toMatchObject({ refundedAmount: '100.000000', refundableAmount: '0.000000' });
    await ledgerOk();
  });

  it('refunds racing a spend of the recipient never overdraw it', async () => {
    const { to, transferId } = await paid('100.00');
    const elsewhere = await account('Spend target');
    const spend = () =>
      t.http.post('/v1/transfers', {
        token: tenant.key,
        body: { type: 'internal', fromAccountId: to, toAccountId: elsewhere, amount: '10.00', currency: 'USDC' },
      });
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? spend() : refund({ transferId, amount: '10.00' }))));
    const landed = replies.filter((r) => r.status === 201).length;
    expect(landed).toBe(10);
    expect(await available(to)).toBe('0.000000');
    await ledgerOk();
  });
});
