/**
 * Review of payout returns (issue #18 §4: completed → returned, the sender credited back in one
 * transfer_return ledger transaction; the return worker and POST /v1/test-helpers/transfers/{id}/return):
 * hostile and confused callers, every status and type, odd bodies, idempotency, limits, money
 * conservation, the wire JSON, and crashing or racing workers.
 */
import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import type { PayoutProvider } from '../../apps/api/src/modules/transfers/payout-provider.js';
import { checkDueReturns } from '../../apps/api/src/modules/transfers/returns.service.js';
import { settleDuePayouts } from '../../apps/api/src/modules/transfers/settlement.service.js';
import { createAgent, openAccount, tenantWithKey, testApp } from '../fixtures.js';
import { addMember, createKey, isRealPostgres, type Json } from '../harness.js';

const t = testApp();
const tenant = tenantWithKey(t, 'review-returns');
const other = tenantWithKey(t, 'review-returns-other');
const RETURN_DELAY_MS = 60_000; // the simulated provider's default
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

type Tenant = typeof tenant;

const settle = async () => {
  t.clock.advance(2_000);
  await settleDuePayouts(t.db, t.deps);
};

const sender = (funds: string, who: Tenant = tenant, tier = 2) =>
  openAccount(t.http, who.key, { name: 'Payer', funds, currency: 'USD', tier });

/** An ACH destination of the account: a number ending in 0001 the simulated rail returns, any other it keeps, 0000 it rejects. */
async function ach(accountId: string, accountNumber = '4432190001', who: Tenant = tenant) {
  const res = await t.http.post(`/v1/accounts/${accountId}/payment-methods`, {
    token: who.key,
    body: { type: 'bank_account', rail: 'ach', details: { routingNumber: '021000021', accountNumber, holderName: 'Payer' } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.id as string;
}

const createPayout = (body: Json, who: Tenant = tenant) =>
  t.http.post('/v1/transfers', { token: who.key, body: { type: 'payout', currency: 'USD', ...body } });

const payout = async (body: Json, who: Tenant = tenant) => {
  const res = await createPayout(body, who);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as Json;
};

/** A completed payout the rail keeps (unless `accountNumber` ends in 0001): its sender and the payout. */
async function completed(amount = '100.00', funds = '1000.00', accountNumber = '4432198765', who: Tenant = tenant) {
  const from = await sender(funds, who);
  const created = await payout({ fromAccountId: from, paymentMethodId: await ach(from, accountNumber, who), amount }, who);
  await settle();
  return { from, payout: created };
}

const forceReturn = (
  id: string,
  body: Json = { code: 'invalid_account' },
  options: { token?: string; headers?: Record<string, string> } = {},
) => t.http.post(`/v1/test-helpers/transfers/${id}/return`, { token: options.token ?? tenant.key, body, headers: options.headers });

const getTransfer = async (id: string, who: Tenant = tenant) =>
  (await t.http.get(`/v1/transfers/${id}`, { token: who.key })).body.data as Json;

const balance = async (id: string, currency = 'USD', who: Tenant = tenant) =>
  (await t.http.get(`/v1/accounts/${id}/balances`, { token: who.key })).body.data.balances.find(
    (b: { currency: string }) => b.currency === currency,
  );

async function ledgerOk(who: Tenant = tenant) {
  const res = await t.http.get('/v1/ledger/verification', { token: await who.userToken() });
  expect(res.body.data, JSON.stringify(res.body)).toMatchObject({ ok: true, discrepancies: [] });
}

/** What a test could have written: every transfer, ledger transaction, balance, limit counter and event of the database. */
const snapshot = () =>
  withOwner(t.db, async (tx) => ({
    transfers: await tx.query(
      'SELECT id, status, return_code, return_reason, returned_at, return_check_after, updated_at FROM transfers ORDER BY id',
    ),
    transactions: await tx.query('SELECT count(*)::int AS n FROM ledger_transactions'),
    balances: await tx.query('SELECT account_id, currency, available::text, pending::text FROM balances ORDER BY account_id, currency'),
    usage: await tx.query('SELECT account_id, currency, hour, amount::text FROM limit_usage ORDER BY account_id, currency, hour'),
    events: await tx.query('SELECT count(*)::int AS n FROM events'),
  }));

/** The system accounts' balances of the tenant's test environment (payouts and fees must never go below zero). */
const systemBalances = (tenantId: string) =>
  withOwner(t.db, (tx) =>
    tx.query<{ kind: string; currency: string; available: string }>(
      `SELECT a.system_kind AS kind, b.currency, b.available::text FROM balances b JOIN accounts a ON a.id = b.account_id
        WHERE a.tenant_id = $1 AND a.environment = 'test' AND a.system_kind IN ('payouts', 'fees') AND b.available <> 0 ORDER BY 1, 2`,
      [tenantId],
    ),
  );

/** The raw text of a GET, for byte-for-byte comparisons. */
async function rawGet(path: string, token = tenant.key): Promise<string> {
  const res = await t.app.request(path, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return res.text();
}

describe('returns: who may force one, and what the worker may not be jammed by', () => {
  it('FINDING (fixed in returns.service.ts): a sender that closed its account stalls the cross-tenant return worker for every tenant', async () => {
    // Tenant A pays its whole balance out to a destination the rail will return, then closes the
    // (now empty) account — closeAccount used to want only zero balances.
    const a = await sender('100.50');
    const first = await payout({ fromAccountId: a, paymentMethodId: await ach(a), amount: '100.00' });
    expect(first.totalDebit).toBe('100.50');
    await settle();
    // Closing it is refused now while the rail may still send the payout back …
    const close = await t.http.delete(`/v1/accounts/${a}`, { token: tenant.key });
    expect(close.status).toBe(422);
    expect(close.body.error).toMatchObject({ code: 'invalid_state', details: { returnCheckAt: expect.any(String) } });
    // … but an account closed another way (before that rule) must not jam the worker either.
    await withOwner(t.db, (tx) => tx.query(`UPDATE accounts SET status = 'closed' WHERE id = $1`, [a]));
    // Another tenant's payout is returned by the rail a moment later.
    t.clock.advance(1_000);
    const b = await sender('500.00', other);
    const second = await payout({ fromAccountId: b, paymentMethodId: await ach(b, '4432190001', other), amount: '50.00' }, other);
    await settle();
    t.clock.advance(RETURN_DELAY_MS);

    // Before the fix the worker's pass threw on A's payout (ledger_post: account closed), rolled back,
    // and met it first again on every later pass: no return was ever applied again, for any tenant.
    // Now the pass goes on past it, then reports it (the worker loop logs it).
    await expect(checkDueReturns(t.db, t.deps)).rejects.toThrow('sending account of this payout is closed');
    expect(await getTransfer(second.id, other)).toMatchObject({ status: 'returned', returnDetails: { code: 'account_closed' } });
    expect(await balance(b, 'USD', other)).toMatchObject({ available: '500.00', pending: '0.00' });
    // A's payout stays completed (its money cannot land on a closed account); it is asked about again later, not at once.
    expect(await getTransfer(first.id)).toMatchObject({ status: 'completed', returnDetails: null });
    expect(await checkDueReturns(t.db, t.deps)).toBe(0);
    // A test-mode return of it is a clear 422, not a 404 about an "account" the caller did not name.
    const forced = await forceReturn(first.id);
    expect(forced.status, JSON.stringify(forced.body)).toBe(422);
    expect(forced.body.error.code).toBe('invalid_state');
    expect(await getTransfer(first.id)).toMatchObject({ status: 'completed', returnDetails: null });
    await ledgerOk();
    await ledgerOk(other);
    // Clean-up for the tests after this one, which share the queue: stop asking about A's payout.
    await withOwner(t.db, (tx) => tx.query('UPDATE transfers SET return_check_after = NULL WHERE id = $1', [first.id]));
  });

  it('FINDING (fixed in returns.service.ts): a provider error on one payout no longer stalls the other returns', async () => {
    const stuck = await completed('10.00', '100.00', '4432190001');
    t.clock.advance(1_000);
    const fine = await completed('20.00', '100.00', '4432190001');
    t.clock.advance(RETURN_DELAY_MS);
    const failing = t.deps.payouts.provider;
    const provider: PayoutProvider = {
      ...failing,
      returned: async (reference) => {
        if (reference.endsWith(stuck.payout.id)) throw new Error('rail timeout');
        return failing.returned(reference);
      },
    };
    const deps = { ...t.deps, payouts: { ...t.deps.payouts, provider } };
    await expect(checkDueReturns(t.db, deps)).rejects.toThrow('rail timeout');
    expect((await getTransfer(fine.payout.id)).status).toBe('returned');
    expect((await getTransfer(stuck.payout.id)).status).toBe('completed');
    // Asked again later, and returned once the rail answers.
    expect(await checkDueReturns(t.db, t.deps)).toBe(0);
    t.clock.advance(HOUR_MS);
    expect(await checkDueReturns(t.db, t.deps)).toBe(1);
    expect((await getTransfer(stuck.payout.id)).status).toBe('returned');
    expect(await balance(stuck.from)).toMatchObject({ available: '100.00', pending: '0.00' });
    await ledgerOk();
  });

  it('viewers, agents, other tenants and live callers cannot force a return, and write nothing', async () => {
    const { payout: p } = await completed('25.00', '100.00');
    const owner = await tenant.userToken();
    const viewer = await addMember(t.http, owner, 'viewer');
    const member = await addMember(t.http, owner, 'member');
    const from = await sender('100.00');
    const agent = await createAgent(t.http, tenant.key, owner, from);
    const liveKey = (await createKey(t.http, owner, 'live')).key;
    const before = await snapshot();
    const refused = async (status: number, code: string, options: { token?: string; headers?: Record<string, string> }) => {
      const res = await forceReturn(p.id, { code: 'regulatory' }, options);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.code).toBe(code);
    };
    await refused(403, 'insufficient_permissions', { token: viewer.token });
    await refused(403, 'agent_not_allowed', { token: agent.token });
    await refused(404, 'resource_missing', { token: other.key });
    await refused(403, 'test_mode_only', { token: liveKey });
    await refused(403, 'test_mode_only', { token: owner, headers: { 'payos-environment': 'live' } });
    await refused(401, 'invalid_token', { token: 'not-a-token' });
    expect(await snapshot()).toEqual(before);
    // A member may.
    expect((await forceReturn(p.id, { code: 'regulatory' }, { token: member.token })).status).toBe(200);
  });

  it('odd ids and bodies are 4xx in the error envelope and write nothing', async () => {
    const { payout: p } = await completed('5.00', '100.00');
    const before = await snapshot();
    const cases: [string, Json | undefined, string | undefined, number][] = [
      ['not-a-uuid', { code: 'regulatory' }, undefined, 404],
      ['00000000-0000-0000-0000-000000000000', { code: 'regulatory' }, undefined, 404],
      [p.id, {}, undefined, 400],
      [p.id, { code: 'REGULATORY' }, undefined, 400],
      [p.id, { code: 'regulatory', reason: '' }, undefined, 400],
      [p.id, { code: 'regulatory', reason: '   ' }, undefined, 400],
      [p.id, { code: 'regulatory', reason: 'x'.repeat(501) }, undefined, 400],
      [p.id, { code: 'regulatory', reason: 42 }, undefined, 400],
      [p.id, { code: 'regulatory', returnedAt: '2020-01-01T00:00:00Z' }, undefined, 400],
      [p.id, { code: ['regulatory'] }, undefined, 400],
      [p.id, undefined, '{"code":"regulatory"', 400],
      [p.id, undefined, '[]', 400],
      [p.id, undefined, 'null', 400],
      [p.id, undefined, '{"code":"regulatory","reason":"a\\u0000b"}', 400],
      [`${p.id}%00`, { code: 'regulatory' }, undefined, 400],
    ];
    for (const [id, body, rawBody, status] of cases) {
      const res = await t.http.post(`/v1/test-helpers/transfers/${id}/return`, { token: tenant.key, body, rawBody });
      expect(res.status, `${id} ${JSON.stringify(body ?? rawBody)}: ${JSON.stringify(res.body)}`).toBe(status);
      expect(res.body.error, JSON.stringify(res.body)).toMatchObject({ type: expect.any(String), code: expect.any(String) });
    }
    expect(await snapshot()).toEqual(before);
    // An upper-case id is the same transfer (canonical ids).
    expect((await forceReturn(p.id.toUpperCase(), { code: 'regulatory' })).status).toBe(200);
  });
});

describe('returns: every status and type', () => {
  it('only a completed payout to a payment method comes back; the others are 422 and write nothing', async () => {
    const from = await sender('1000.00');
    const keep = await ach(from, '4432198765');
    const pending = await payout({ fromAccountId: from, paymentMethodId: keep, amount: '10.00' });
    const cancelled = await payout({ fromAccountId: from, paymentMethodId: keep, amount: '11.00' });
    expect((await t.http.post(`/v1/transfers/${cancelled.id}/cancel`, { token: tenant.key })).status).toBe(200);
    const failed = await payout({ fromAccountId: from, paymentMethodId: await ach(from, '4432190000'), amount: '12.00' });
    const mxn = await openAccount(t.http, tenant.key, { name: 'MXN wallet' });
    const converted = await payout({ fromAccountId: from, toAccountId: mxn, destinationCurrency: 'MXN', amount: '13.00' });
    await settle();
    const done = await payout({ fromAccountId: from, paymentMethodId: keep, amount: '14.00' });
    expect((await getTransfer(failed.id)).status).toBe('failed');
    expect((await getTransfer(converted.id)).status).toBe('completed');
    expect((await getTransfer(pending.id)).status).toBe('completed');
    const before = await snapshot();
    for (const id of [done.id, cancelled.id, failed.id, converted.id]) {
      const res = await forceReturn(id);
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body.error.code).toBe('invalid_state');
    }
    expect(await snapshot()).toEqual(before);
    // Returned: it cannot be cancelled, returned again or refunded; the list filters it.
    expect((await forceReturn(pending.id)).status).toBe(200);
    const after = await snapshot();
    expect((await t.http.post(`/v1/transfers/${pending.id}/cancel`, { token: tenant.key })).body.error.code).toBe('invalid_state');
    expect((await forceReturn(pending.id)).body.error.code).toBe('invalid_state');
    expect(
      (await t.http.post('/v1/refunds', { token: tenant.key, body: { transferId: pending.id, reason: 'error', amount: '1.00' } })).status,
    ).toBe(422);
    expect(await snapshot()).toEqual(after);
    const listed = (await t.http.get(`/v1/transfers?status=returned&accountId=${from}`, { token: tenant.key })).body.data as Json[];
    expect(listed.map((x) => x.id)).toEqual([pending.id]);
    await ledgerOk();
  });
});

describe('returns: money', () => {
  it('credits back exactly what was debited, once; payouts and fees never go below zero; ledger verifies', async () => {
    await settle(); // what earlier tests left pending
    const before = await systemBalances(tenant.owner.tenantId);
    const usd = await completed('123.45', '200.00');
    expect(await balance(usd.from)).toMatchObject({ available: '75.93', pending: '0.00' });
    // Converted: USD → MXN over SPEI.
    const from = await sender('1000.00');
    const spei = await t.http.post(`/v1/accounts/${from}/payment-methods`, {
      token: tenant.key,
      body: { type: 'bank_account', rail: 'spei', details: { clabe: '032180000118359719', holderName: 'Maria Garcia' } },
    });
    const converted = await payout({ fromAccountId: from, paymentMethodId: spei.body.data.id, amount: '333.33' });
    await settle();
    expect((await forceReturn(usd.payout.id)).status).toBe(200);
    expect((await forceReturn(converted.id)).status).toBe(200);
    expect(await balance(usd.from)).toMatchObject({ available: '200.00', pending: '0.00' });
    expect(await balance(from)).toMatchObject({ available: '1000.00', pending: '0.00' });
    // What the platform's payouts and fees accounts hold is back where it was.
    expect(await systemBalances(tenant.owner.tenantId)).toEqual(before);
    for (const b of await systemBalances(tenant.owner.tenantId)) expect(Number(b.available)).toBeGreaterThanOrEqual(0);
    // One transfer_return transaction per return.
    const txns = await withOwner(t.db, (tx) =>
      tx.query<{ reference_id: string }>(
        "SELECT reference_id FROM ledger_transactions WHERE reference_type = 'transfer_return' AND reference_id = ANY($1::uuid[])",
        [[usd.payout.id, converted.id]],
      ),
    );
    expect(txns).toHaveLength(2);
    await ledgerOk();
  });

  it('replaying an Idempotency-Key answers the first return; another body or another caller with it never credits twice', async () => {
    const { from, payout: p } = await completed('40.00', '100.00');
    const key = crypto.randomUUID();
    const first = await forceReturn(p.id, { code: 'regulatory' }, { headers: { 'idempotency-key': key } });
    expect(first.status).toBe(200);
    const replay = await forceReturn(p.id, { code: 'regulatory' }, { headers: { 'idempotency-key': key } });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    const otherBody = await forceReturn(p.id, { code: 'account_closed' }, { headers: { 'idempotency-key': key } });
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.error.code).toBe('idempotency_key_reused');
    const member = await addMember(t.http, await tenant.userToken(), 'member');
    const otherCaller = await forceReturn(p.id, { code: 'regulatory' }, { token: member.token, headers: { 'idempotency-key': key } });
    expect(otherCaller.status).toBe(422);
    expect(otherCaller.body.error.code).toBe('idempotency_key_reused');
    expect(await balance(from)).toMatchObject({ available: '100.00', pending: '0.00' });
    await ledgerOk();
  });

  it('a return gives the sender no limit usage back (it may land long after its send); the counters verify', async () => {
    // Tier 1: 5,000 per transaction, 20,000 a day; 4,975.00 + 24.88 fees = 4,999.88 each.
    const from = await sender('30000.00', tenant, 1);
    const pm = await ach(from, '4432198765');
    const sent: Json[] = [];
    for (let i = 0; i < 4; i++) sent.push(await payout({ fromAccountId: from, paymentMethodId: pm, amount: '4975.00' }));
    const over = await createPayout({ fromAccountId: from, paymentMethodId: pm, amount: '1.00' });
    expect(over.body.error.code).toBe('limit_exceeded');
    await settle();
    expect((await forceReturn(sent[0]?.id)).status).toBe(200);
    expect((await createPayout({ fromAccountId: from, paymentMethodId: pm, amount: '1.00' })).body.error.code).toBe('limit_exceeded');
    await ledgerOk();
  });

  // Was open: a return counted in the hour it landed gave a window its send had left negative usage, so the
  // sender could send more than its limit within one day. Returns are now uncounted (0021), as refunds (0019).
  it('a return landing a day after its send does not let the sender exceed its daily limit', async () => {
    const from = await sender('70000.00', tenant, 1);
    const pm = await ach(from, '4432198765');
    const sent: Json[] = [];
    for (let i = 0; i < 4; i++) sent.push(await payout({ fromAccountId: from, paymentMethodId: pm, amount: '4975.00' }));
    await settle();
    t.clock.advance(DAY_MS + HOUR_MS);
    for (const p of sent) expect((await forceReturn(p.id)).status).toBe(200);
    // Within this one day the sender may send 20,000 — and no more.
    let accepted = 0;
    for (let i = 0; i < 8; i++) {
      if ((await createPayout({ fromAccountId: from, paymentMethodId: pm, amount: '4975.00' })).status === 201) accepted++;
    }
    expect(accepted).toBe(4);
  });
});

describe('returns: the wire JSON', () => {
  it('list, GET and the transfer.returned event are byte-identical, whatever the reason says', async () => {
    const { from, payout: p } = await completed('7.77', '100.00');
    const reason = 'Quote " back\\slash \u0001\u001f\u007f \u2028\u2029 ñ 😀 </script> \t\n end';
    const res = await forceReturn(p.id, { code: 'name_mismatch', reason });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.returnDetails.reason).toBe(reason.trim());
    const got = await rawGet(`/v1/transfers/${p.id}`);
    const object = got.slice('{"data":'.length, -1);
    expect(JSON.parse(object)).toEqual(res.body.data);
    expect(await rawGet(`/v1/transfers?accountId=${from}`)).toContain(object);
    expect(await rawGet(`/v1/accounts/${from}/transfers?status=returned`)).toContain(object);
    const events = (await t.http.get(`/v1/events?objectId=${p.id}&type=transfer.returned`, { token: tenant.key })).body.data as Json[];
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0]?.data.object)).toBe(object);
  });
});

describe.runIf(isRealPostgres)('returns under concurrency (PostgreSQL)', () => {
  it('a forced return racing the worker and two workers checking at once: each payout returned once', async () => {
    const payouts = [] as { from: string; payout: Json }[];
    for (let i = 0; i < 6; i++) payouts.push(await completed('10.00', '100.00', '4432190001'));
    t.clock.advance(RETURN_DELAY_MS);
    const [forced, a, b] = await Promise.all([
      Promise.all(payouts.map((p) => forceReturn(p.payout.id))),
      checkDueReturns(t.db, t.deps),
      checkDueReturns(t.db, t.deps),
    ]);
    const byHelper = forced.filter((r) => r.status === 200).length;
    for (const r of forced.filter((x) => x.status !== 200)) expect(r.body.error.code).toBe('invalid_state');
    expect(byHelper + a + b).toBe(payouts.length);
    for (const p of payouts) {
      expect((await getTransfer(p.payout.id)).status).toBe('returned');
      expect(await balance(p.from)).toMatchObject({ available: '100.00', pending: '0.00' });
    }
    const txns = await withOwner(t.db, (tx) =>
      tx.query("SELECT reference_id FROM ledger_transactions WHERE reference_type = 'transfer_return' AND reference_id = ANY($1::uuid[])", [
        payouts.map((p) => p.payout.id),
      ]),
    );
    expect(txns).toHaveLength(payouts.length);
    await ledgerOk();
  });

  it('a return racing a settlement, a cancel and a refund of the same payout: no double credit, no 500', async () => {
    const from = await sender('100.00');
    const created = await payout({ fromAccountId: from, paymentMethodId: await ach(from, '4432198765'), amount: '30.00' });
    t.clock.advance(2_000);
    const [returned, , cancelled, refunded] = await Promise.all([
      forceReturn(created.id),
      settleDuePayouts(t.db, t.deps),
      t.http.post(`/v1/transfers/${created.id}/cancel`, { token: tenant.key }),
      t.http.post('/v1/refunds', { token: tenant.key, body: { transferId: created.id, reason: 'error' } }),
    ]);
    for (const r of [returned, cancelled, refunded]) expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
    const final = await getTransfer(created.id);
    const available = (await balance(from)).available as string;
    if (final.status === 'cancelled') expect(available).toBe('100.00');
    else if (final.status === 'returned') expect(available).toBe('100.00');
    else expect(final.status).toBe('completed');
    expect(refunded.status).toBe(422);
    await ledgerOk();
  });
});
