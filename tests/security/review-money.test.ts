/**
 * Regression tests for the external security review's money findings, all through HTTP:
 *  1. nested ownership — a payment method must belong to the sending account (payouts, schedules,
 *     and again when a schedule runs);
 *  2. ids compared in canonical (lowercase) form — an uppercased own id is the same account;
 *  3. a non-zero amount never counts as zero against a USD limit;
 *  4. a non-zero fee line never rounds to 0.00.
 * Every refusal is checked to write nothing (a checksum of the tenant's rows) and every test ends
 * with GET /v1/ledger/verification ok.
 */
import { withOwner } from '@payos/db';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runDueSchedules } from '../../apps/api/src/modules/schedules/schedules.service.js';
import { settleDuePayouts } from '../../apps/api/src/modules/transfers/settlement.service.js';
import { testApp } from '../fixtures.js';
import { createKey, PASSWORD, signup, testClock } from '../harness.js';
import { tenantChecksum } from './checksum.js';

const t = testApp({ clock: testClock(new Date('2026-03-01T12:00:00Z')) });
let owner: Awaited<ReturnType<typeof signup>>;
let key: string;

beforeAll(async () => {
  owner = await signup(t.http, 'review-money');
  key = (await createKey(t.http, owner.token)).key;
});

// Money is never created or lost, whatever a test did.
afterEach(async () => {
  const verification = await t.http.get('/v1/ledger/verification', { token: await ownerToken() });
  expect(verification.status).toBe(200);
  expect(verification.body.data).toMatchObject({ ok: true, discrepancies: [] });
});

/** A fresh owner token (tests move the clock; an access token lives 15 minutes). */
async function ownerToken() {
  const login = await t.http.post('/v1/auth/login', { body: { email: owner.email, password: PASSWORD } });
  return login.body.data.session.accessToken as string;
}

async function account(name: string, tier: number, funds?: { amount: string; currency: string }) {
  const id = (await t.http.post('/v1/accounts', { token: key, body: { type: 'business', name } })).body.data.id as string;
  await t.http.post(`/v1/accounts/${id}/verify`, { token: await ownerToken(), body: { tier } });
  if (funds) {
    const deposit = await t.http.post('/v1/deposits', { token: key, body: { accountId: id, ...funds } });
    expect(deposit.status).toBe(201);
  }
  return id;
}

async function speiMethod(accountId: string) {
  const res = await t.http.post(`/v1/accounts/${accountId}/payment-methods`, {
    token: key,
    body: { type: 'bank_account', rail: 'spei', details: { clabe: '032180000118359719', holderName: 'Maria Garcia' } },
  });
  expect(res.status).toBe(201);
  return res.body.data.id as string;
}

async function agentOf(accountId: string) {
  const created = await t.http.post('/v1/agents', { token: key, body: { accountId, name: 'Payer bot' } });
  expect(created.status).toBe(201);
  await t.http.post(`/v1/agents/${created.body.data.id}/verify`, { token: await ownerToken(), body: { tier: 3 } });
  return { id: created.body.data.id as string, token: created.body.data.token as string };
}

/** Every row of the tenant (an agent's refused calls are logged; its successful ones are not expected). */
const checksum = (tenantId: string) => tenantChecksum(t.db, tenantId, { activity: 'succeeded' });

/** Runs `call` and proves it wrote nothing (an agent's refused calls are logged to its activity, and only those). */
async function writesNothing<T>(call: () => Promise<T>): Promise<T> {
  const before = await checksum(owner.tenantId);
  const result = await call();
  expect(await checksum(owner.tenantId)).toEqual(before);
  return result;
}

const transfer = (body: Record<string, unknown>, token = key) => t.http.post('/v1/transfers', { token, body });
const schedule = (body: Record<string, unknown>, token = key) =>
  t.http.post('/v1/scheduled-transfers', {
    token,
    body: { amount: '10.00', currency: 'USDC', frequency: 'monthly', startDate: t.clock.now().toISOString().slice(0, 10), ...body },
  });
const notFoundWith = (param: string) => ({ type: 'not_found_error', code: 'resource_missing', param });

describe('1. a payment method must belong to the sending account', () => {
  it('a payout to another account’s payment method is a 404 naming paymentMethodId, and writes nothing', async () => {
    const x = await account('Sender X', 2, { amount: '1000.00', currency: 'USDC' });
    const y = await account('Bystander Y', 2);
    const pmY = await speiMethod(y);
    for (const id of [pmY, pmY.toUpperCase()]) {
      const res = await writesNothing(() =>
        transfer({ type: 'payout', fromAccountId: x, paymentMethodId: id, amount: '10.00', currency: 'USDC' }),
      );
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject(notFoundWith('paymentMethodId'));
    }
    // With a quote too: the quote is fine, the destination is not.
    const quote = await t.http.post('/v1/quotes', { token: key, body: { fromCurrency: 'USDC', toCurrency: 'MXN', amount: '10.00' } });
    const quoted = await writesNothing(() =>
      transfer({ type: 'payout', fromAccountId: x, paymentMethodId: pmY, amount: '10.00', currency: 'USDC', quoteId: quote.body.data.id }),
    );
    expect(quoted.body.error).toMatchObject(notFoundWith('paymentMethodId'));
    // The same payout to X's own method goes through.
    const pmX = await speiMethod(x);
    expect((await transfer({ type: 'payout', fromAccountId: x, paymentMethodId: pmX, amount: '10.00', currency: 'USDC' })).status).toBe(
      201,
    );
  });

  it('an agent of X cannot pay out to Y’s CLABE', async () => {
    const x = await account('Agent home X', 2, { amount: '1000.00', currency: 'USDC' });
    const y = await account('Victim Y', 2);
    const pmY = await speiMethod(y);
    const agent = await agentOf(x);
    const res = await writesNothing(() =>
      transfer({ type: 'payout', fromAccountId: x, paymentMethodId: pmY, amount: '10.00', currency: 'USDC' }, agent.token),
    );
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject(notFoundWith('paymentMethodId'));
    const scheduled = await writesNothing(() => schedule({ fromAccountId: x, paymentMethodId: pmY }, agent.token));
    expect(scheduled.status).toBe(404);
    expect(scheduled.body.error).toMatchObject(notFoundWith('paymentMethodId'));
  });

  it('a schedule to another account’s payment method is a 404 naming paymentMethodId, and writes nothing', async () => {
    const x = await account('Scheduler X', 2, { amount: '1000.00', currency: 'USDC' });
    const y = await account('Scheduled Y', 2);
    const pmY = await speiMethod(y);
    const res = await writesNothing(() => schedule({ fromAccountId: x, paymentMethodId: pmY }));
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject(notFoundWith('paymentMethodId'));
  });

  it('the runner re-checks the payment method: a removed one fails the occurrence cleanly, once, with no money moved', async () => {
    const x = await account('Runner X', 2, { amount: '1000.00', currency: 'USDC' });
    const pmX = await speiMethod(x);
    const created = await schedule({ fromAccountId: x, paymentMethodId: pmX, frequency: 'daily' });
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;
    expect((await t.http.delete(`/v1/accounts/${x}/payment-methods/${pmX}`, { token: key })).status).toBe(200);
    await runDueSchedules(t.db, t.deps);
    const [execution] = (await t.http.get(`/v1/scheduled-transfers/${id}/executions`, { token: key })).body.data;
    expect(execution).toMatchObject({
      status: 'failed',
      attempts: 1,
      nextAttemptAt: null,
      transferId: null,
      error: { code: 'resource_missing' },
    });
    const runNow = await t.http.post(`/v1/scheduled-transfers/${id}/run-now`, { token: key });
    expect(runNow.body.data).toMatchObject({ status: 'failed', transferId: null, error: { code: 'resource_missing' } });
    const balances = (await t.http.get(`/v1/accounts/${x}/balances`, { token: key })).body.data.balances;
    expect(balances).toEqual([expect.objectContaining({ currency: 'USDC', available: '1000.000000', pending: '0.000000' })]);
    // The schedule itself carries on (its next date is tomorrow).
    expect((await t.http.get(`/v1/scheduled-transfers/${id}`, { token: key })).body.data).toMatchObject({ status: 'active' });
  });

  it('the runner re-checks ownership: a schedule that points at another account’s method (written before the fix) pays nothing', async () => {
    const x = await account('Legacy X', 2, { amount: '1000.00', currency: 'USDC' });
    const y = await account('Legacy Y', 2);
    const pmY = await speiMethod(y);
    const created = await schedule({ fromAccountId: x, toAccountId: y, frequency: 'once' });
    const id = created.body.data.id as string;
    // What the old code let through: the schedule's destination is Y's payment method.
    await withOwner(t.db, (tx) =>
      tx.query('UPDATE transfer_schedules SET to_account_id = NULL, payment_method_id = $2 WHERE id = $1', [id, pmY]),
    );
    await runDueSchedules(t.db, t.deps);
    const [execution] = (await t.http.get(`/v1/scheduled-transfers/${id}/executions`, { token: key })).body.data;
    expect(execution).toMatchObject({ status: 'failed', transferId: null, error: { code: 'resource_missing' } });
    const transfers = (await t.http.get(`/v1/transfers?accountId=${x}`, { token: key })).body.data;
    expect(transfers).toEqual([]);
  });
  it('settlement re-checks ownership: a payout that points at another account’s method (written before the fix) fails and returns the hold', async () => {
    const x = await account('Settling X', 2, { amount: '100.00', currency: 'USDC' });
    const y = await account('Settling Y', 2);
    const [pmX, pmY] = [await speiMethod(x), await speiMethod(y)];
    const created = await transfer({ type: 'payout', fromAccountId: x, paymentMethodId: pmX, amount: '10.00', currency: 'USDC' });
    expect(created.status).toBe(201);
    await withOwner(t.db, (tx) => tx.query('UPDATE transfers SET payment_method_id = $2 WHERE id = $1', [created.body.data.id, pmY]));
    t.clock.advance(t.deps.payouts.latencyMs);
    await settleDuePayouts(t.db, t.deps);
    const settled = (await t.http.get(`/v1/transfers/${created.body.data.id}`, { token: key })).body.data;
    expect(settled).toMatchObject({ status: 'failed', failureReason: 'invalid_payment_method' });
    const balances = (await t.http.get(`/v1/accounts/${x}/balances`, { token: key })).body.data.balances;
    expect(balances).toEqual([expect.objectContaining({ currency: 'USDC', available: '100.000000', pending: '0.000000' })]);
  });
});

describe('2. ids are compared in canonical form', () => {
  it('an internal transfer to one’s own id in upper case is the same self-transfer error as in lower case', async () => {
    const x = await account('Canonical X', 2, { amount: '100.00', currency: 'USDC' });
    const body = { type: 'internal', fromAccountId: x, amount: '1.00', currency: 'USDC' };
    const lower = await transfer({ ...body, toAccountId: x });
    expect(lower.status).toBe(400);
    for (const [from, to] of [
      [x, x.toUpperCase()],
      [x.toUpperCase(), x],
      [x.toUpperCase(), x.toUpperCase()],
    ]) {
      const res = await writesNothing(() => transfer({ ...body, fromAccountId: from, toAccountId: to }));
      expect({ status: res.status, code: res.body.error?.code, param: res.body.error?.param }).toEqual({
        status: lower.status,
        code: lower.body.error.code,
        param: lower.body.error.param,
      });
    }
  });

  it('a conversion payout to one’s own id in upper case is the same self-transfer error as in lower case', async () => {
    const x = await account('Converter X', 2, { amount: '100.00', currency: 'USDC' });
    const body = { type: 'payout', fromAccountId: x, amount: '10.00', currency: 'USDC', destinationCurrency: 'MXN' };
    const lower = await transfer({ ...body, toAccountId: x });
    expect(lower.status).toBe(400);
    expect(lower.body.error).toMatchObject({ code: 'self_transfer', param: 'toAccountId' });
    const upper = await writesNothing(() => transfer({ ...body, toAccountId: x.toUpperCase() }));
    expect({ status: upper.status, code: upper.body.error?.code, param: upper.body.error?.param }).toEqual({
      status: 400,
      code: 'self_transfer',
      param: 'toAccountId',
    });
  });

  it('a schedule to one’s own id in upper case is refused like the lower-case one', async () => {
    const x = await account('Scheduling X', 2, { amount: '100.00', currency: 'USDC' });
    const lower = await schedule({ fromAccountId: x, toAccountId: x });
    expect(lower.body.error).toMatchObject({ code: 'self_transfer', param: 'toAccountId' });
    const upper = await writesNothing(() => schedule({ fromAccountId: x.toUpperCase(), toAccountId: x }));
    expect(upper.status).toBe(400);
    expect(upper.body.error).toMatchObject({ code: 'self_transfer', param: 'toAccountId' });
  });

  it('upper-case ids of one’s own objects work and come back canonical; upper-case foreign ids are still 404', async () => {
    const x = await account('Shouting X', 2, { amount: '100.00', currency: 'USDC' });
    const y = await account('Shouting Y', 2);
    const pmX = await speiMethod(x);
    const internal = await transfer({
      type: 'internal',
      fromAccountId: x.toUpperCase(),
      toAccountId: y.toUpperCase(),
      amount: '1.00',
      currency: 'USDC',
    });
    expect(internal.status).toBe(201);
    expect(internal.body.data).toMatchObject({ fromAccountId: x, toAccountId: y });
    const quote = await t.http.post('/v1/quotes', { token: key, body: { fromCurrency: 'USDC', toCurrency: 'MXN', amount: '10.00' } });
    const payout = await transfer({
      type: 'payout',
      fromAccountId: x.toUpperCase(),
      paymentMethodId: pmX.toUpperCase(),
      quoteId: quote.body.data.id.toUpperCase(),
      amount: '10.00',
      currency: 'USDC',
    });
    expect(payout.status).toBe(201);
    expect(payout.body.data).toMatchObject({ fromAccountId: x, paymentMethodId: pmX, quoteId: quote.body.data.id });
    const scheduled = await schedule({ fromAccountId: x.toUpperCase(), paymentMethodId: pmX.toUpperCase() });
    expect(scheduled.status).toBe(201);
    expect(scheduled.body.data).toMatchObject({ fromAccountId: x, paymentMethodId: pmX, toAccountId: null });

    const other = await signup(t.http, 'review-money-other');
    const otherKey = (await createKey(t.http, other.token)).key;
    const foreign = (await t.http.post('/v1/accounts', { token: otherKey, body: { type: 'business', name: 'Foreign' } })).body.data
      .id as string;
    const foreignPm = (
      await t.http.post(`/v1/accounts/${foreign}/payment-methods`, {
        token: otherKey,
        body: { type: 'bank_account', rail: 'spei', details: { clabe: '032180000118359719', holderName: 'Foreign' } },
      })
    ).body.data.id as string;
    const cases: [Record<string, unknown>, string][] = [
      [{ type: 'internal', fromAccountId: x, toAccountId: foreign.toUpperCase() }, 'toAccountId'],
      [{ type: 'internal', fromAccountId: foreign.toUpperCase(), toAccountId: x }, 'fromAccountId'],
      [{ type: 'payout', fromAccountId: x, paymentMethodId: foreignPm.toUpperCase() }, 'paymentMethodId'],
      [{ type: 'payout', fromAccountId: x, toAccountId: foreign.toUpperCase(), destinationCurrency: 'MXN' }, 'toAccountId'],
    ];
    for (const [body, param] of cases) {
      const res = await writesNothing(() => transfer({ amount: '1.00', currency: 'USDC', ...body }));
      expect({ body, status: res.status, error: res.body.error }).toMatchObject({ body, status: 404, error: notFoundWith(param) });
    }
  });
});

describe('3. a non-zero amount never counts as zero against a limit', () => {
  it('a tier-0 account cannot send 0.004999 USDC (it used to round to 0.00 USD)', async () => {
    const t0 = await account('Tier zero', 0, { amount: '1.000000', currency: 'USDC' });
    const to = await account('Receiver', 1);
    const res = await writesNothing(() =>
      transfer({ type: 'internal', fromAccountId: t0, toAccountId: to, amount: '0.004999', currency: 'USDC' }),
    );
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({
      code: 'limit_exceeded',
      // The comparison is exact; the figures shown are rounded up to the cent, so a non-zero request never reads 0.00.
      details: { limitType: 'per_transaction', limit: '0.00', used: '0.00', requested: '0.01', currency: 'USD' },
    });
    const smallest = await writesNothing(() =>
      transfer({ type: 'internal', fromAccountId: t0, toAccountId: to, amount: '0.000001', currency: 'USDC' }),
    );
    expect(smallest.body.error).toMatchObject({ code: 'limit_exceeded' });
  });

  it('tier 1 at its per-transaction limit: a sub-cent fraction below passes, a fraction above does not', async () => {
    const t1 = await account('Tier one', 1, { amount: '30000.000000', currency: 'USDC' });
    const to = await account('Big receiver', 1);
    const send = (amount: string) => transfer({ type: 'internal', fromAccountId: t1, toAccountId: to, amount, currency: 'USDC' });
    // 5000.000001 used to round to 5000.00 and pass.
    const above = await writesNothing(() => send('5000.000001'));
    expect(above.status).toBe(422);
    expect(above.body.error.details).toMatchObject({ limitType: 'per_transaction', limit: '5000.00', used: '0.00', requested: '5000.01' });
    expect((await send('4999.999999')).status).toBe(201);
    expect((await send('5000.000000')).status).toBe(201);
    expect((await send('5000.00')).status).toBe(201);
    // Daily: 20,000 USD, 14,999.999999 used. 5,000.000001 would reach 20,000 exactly but is over the per-transaction
    // limit; 5,000.000000 fits, and then exactly 0.000001 more.
    expect((await send('5000.000001')).status).toBe(422);
    expect((await send('5000.000000')).status).toBe(201);
    const over = await writesNothing(() => send('0.000002'));
    expect(over.status).toBe(422);
    expect(over.body.error.details).toMatchObject({ limitType: 'daily', limit: '20000.00', used: '20000.00', requested: '0.01' });
    expect((await send('0.000001')).status).toBe(201);
    expect((await send('0.000001')).status).toBe(422);
  });
});

describe('4. a non-zero fee line never rounds to 0.00', () => {
  it('prices the smallest quote with every fee line rounded up to the source scale', async () => {
    // 1.00 USD → MXN: platform 0.5 % = 0.005 → 0.01; cross-currency 0.2 % = 0.002 → 0.01 (half-up made it 0.00).
    const res = await t.http.post('/v1/quotes', { token: key, body: { fromCurrency: 'USD', toCurrency: 'MXN', amount: '1.00' } });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      sourceAmount: '1.00',
      destinationAmount: '17.15',
      fees: {
        total: '0.02',
        breakdown: [
          { type: 'platform', amount: '0.01' },
          { type: 'cross_currency', amount: '0.01' },
        ],
      },
      totalDebit: '1.02',
    });
    // USDC keeps six decimals: 1.000001 × 0.5 % = 0.005000005 → 0.005001; × 0.2 % = 0.002000002 → 0.002001.
    const usdc = await t.http.post('/v1/quotes', { token: key, body: { fromCurrency: 'USDC', toCurrency: 'MXN', amount: '1.000001' } });
    expect(usdc.body.data.fees.breakdown).toEqual([
      { type: 'platform', amount: '0.005001' },
      { type: 'cross_currency', amount: '0.002001' },
    ]);
    // The docs/MONEY.md example is unchanged: fees that are whole cents stay as they are.
    const spec = await t.http.post('/v1/quotes', { token: key, body: { fromCurrency: 'USD', toCurrency: 'MXN', amount: '1000.00' } });
    expect(spec.body.data).toMatchObject({ fees: { total: '7.00' }, totalDebit: '1007.00', destinationAmount: '17150.00' });
  });

  it('a payout of the smallest amount holds the rounded-up fees and settles them to the fee account', async () => {
    const x = await account('Fee payer', 2, { amount: '10.00', currency: 'USD' });
    const pm = await speiMethod(x);
    const res = await transfer({ type: 'payout', fromAccountId: x, paymentMethodId: pm, amount: '1.00', currency: 'USD' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ fees: { total: '0.02' }, totalDebit: '1.02' });
    const balances = async () => (await t.http.get(`/v1/accounts/${x}/balances`, { token: key })).body.data.balances;
    expect(await balances()).toEqual([expect.objectContaining({ currency: 'USD', available: '8.98', pending: '1.02' })]);
    t.clock.advance(t.deps.payouts.latencyMs);
    await settleDuePayouts(t.db, t.deps);
    expect((await t.http.get(`/v1/transfers/${res.body.data.id}`, { token: key })).body.data.status).toBe('completed');
    expect(await balances()).toEqual([expect.objectContaining({ currency: 'USD', available: '8.98', pending: '0.00', total: '8.98' })]);
  });
});
