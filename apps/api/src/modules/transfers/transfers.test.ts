import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { openAccount, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import { createKey, isRealPostgres, signup } from '../../../../../tests/harness.js';

const t = testApp();
const tenant = tenantWithKey(t, 'transfers');

const account = (name: string, tier = 2, funds?: string) => openAccount(t.http, tenant.key, { name, tier, funds });

const transfer = (body: Record<string, unknown>, headers: Record<string, string> = {}, token = tenant.key) =>
  t.http.post('/v1/transfers', { token, body: { type: 'internal', currency: 'USDC', ...body }, headers });

const available = async (id: string) =>
  (await t.http.get(`/v1/accounts/${id}/balances`, { token: tenant.key })).body.data.balances.find(
    (b: { currency: string }) => b.currency === 'USDC',
  )?.available;

const transferCount = async () => {
  const [row] = await withOwner(t.db, (tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM transfers'));
  return row?.n;
};

describe('internal transfers', () => {
  it('moves exactly the amount, completes at once, and records who did it', async () => {
    const a = await account('Sender', 2, '1000.00');
    const b = await account('Receiver', 1);
    const res = await transfer({
      fromAccountId: a,
      toAccountId: b,
      amount: '250.123456',
      description: 'Invoice 42',
      metadata: { invoice: '42' },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      type: 'internal',
      status: 'completed',
      amount: '250.123456',
      currency: 'USDC',
      fees: { total: '0.000000', breakdown: [] },
      totalDebit: '250.123456',
      initiatedBy: { type: 'api_key', name: 'key test' },
      timeline: [{ status: 'pending' }, { status: 'completed' }],
      metadata: { invoice: '42' },
    });
    expect(await available(a)).toBe('749.876544');
    expect(await available(b)).toBe('250.123456');
    const detail = await t.http.get(`/v1/transfers/${res.body.data.id}`, { token: tenant.key });
    expect(detail.body.data.timeline.map((e: { status: string }) => e.status)).toEqual(['pending', 'completed']);
    const verification = await t.http.get('/v1/ledger/verification', { token: tenant.owner.token });
    expect(verification.body.data.ok).toBe(true);
  });

  it('refuses overdrafts, self-transfers, bad amounts and unknown accounts, writing nothing', async () => {
    const a = await account('Poor', 2, '10.00');
    const b = await account('Other', 1);
    const before = await transferCount();
    const poor = await transfer({ fromAccountId: a, toAccountId: b, amount: '10.000001' });
    expect(poor.status).toBe(422);
    expect(poor.body.error).toMatchObject({ code: 'insufficient_funds', details: { available: '10.000000', required: '10.000001' } });
    expect((await transfer({ fromAccountId: a, toAccountId: a, amount: '1' })).body.error).toMatchObject({
      code: 'self_transfer',
      param: 'toAccountId',
    });
    expect((await transfer({ fromAccountId: a, toAccountId: b, amount: '1.0000001' })).body.error.param).toBe('amount');
    expect((await transfer({ fromAccountId: a, toAccountId: '00000000-0000-4000-8000-000000000000', amount: '1' })).status).toBe(404);
    const payoutToAccount = await transfer({ type: 'payout', fromAccountId: a, toAccountId: b, amount: '1' });
    expect(payoutToAccount.status).toBe(400);
    expect(payoutToAccount.body.error).toMatchObject({ code: 'parameter_missing', param: 'destinationCurrency' });
    expect((await transfer({ type: 'wire', fromAccountId: a, toAccountId: b, amount: '1' })).body.error.param).toBe('type');
    expect(await transferCount()).toBe(before);
    expect(await available(a)).toBe('10.000000');
  });

  it('applies tier limits and suspension', async () => {
    const t1 = await account('Tier one', 1, '30000.00');
    const b = await account('Payee', 1);
    const big = await transfer({ fromAccountId: t1, toAccountId: b, amount: '5000.01' });
    expect(big.status).toBe(422);
    expect(big.body.error).toMatchObject({ code: 'limit_exceeded', details: { limitType: 'per_transaction', limit: '5000.00' } });
    for (let i = 0; i < 4; i++) expect((await transfer({ fromAccountId: t1, toAccountId: b, amount: '5000' })).status).toBe(201);
    const daily = await transfer({ fromAccountId: t1, toAccountId: b, amount: '1' });
    expect(daily.body.error.details.limitType).toBe('daily');
    await t.http.post(`/v1/accounts/${b}/suspend`, { token: tenant.owner.token });
    const suspended = await transfer({ fromAccountId: b, toAccountId: t1, amount: '1' });
    expect(suspended.body.error.code).toBe('account_suspended');
  });

  it('walks every transfer exactly once page by page, even when they share a timestamp', async () => {
    const a = await account('Pager', 2, '100.00');
    const b = await account('Pager payee', 1);
    // The test clock stands still: all seven carry the same created_at, so the cursor's id breaks the tie.
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await transfer({ fromAccountId: a, toAccountId: b, amount: '1.00' })).body.data.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await t.http.get(`/v1/accounts/${a}/transfers?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: tenant.key });
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((x: { id: string }) => x.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].sort().reverse());
  });

  it('reports the limit before the balance when a send breaks both, and writes nothing', async () => {
    // The limit check and the ledger post travel in one round trip; the refusal must still be the limit's.
    const poor = await account('Over both', 1, '100.00');
    const b = await account('Payee both', 1);
    const before = await transferCount();
    const both = await transfer({ fromAccountId: poor, toAccountId: b, amount: '6000' });
    expect(both.status).toBe(422);
    expect(both.body.error).toMatchObject({ code: 'limit_exceeded', details: { limitType: 'per_transaction' } });
    const funds = await transfer({ fromAccountId: poor, toAccountId: b, amount: '4000' });
    expect(funds.body.error.code).toBe('insufficient_funds');
    expect(await transferCount()).toBe(before);
    expect(await available(poor)).toBe('100.000000');
    expect(await available(b)).toBeUndefined(); // never credited: no USDC balance at all
  });

  it('is idempotent, including 20 concurrent requests with one key', async () => {
    const a = await account('Idem', 2, '100.00');
    const b = await account('Idem payee', 1);
    const body = { fromAccountId: a, toAccountId: b, amount: '1.00' };
    const replies = await Promise.all(Array.from({ length: 20 }, () => transfer(body, { 'idempotency-key': 'xfer-1' })));
    const created = replies.filter((r) => r.status === 201 && r.headers.get('idempotent-replayed') === null);
    expect(created).toHaveLength(1);
    for (const r of replies) expect([201, 409]).toContain(r.status);
    expect(await available(a)).toBe('99.000000');
  });

  it('lists with server-side filters and per account', async () => {
    const a = await account('Lister', 2, '1000.00');
    const b = await account('Lister payee', 1);
    const c = await account('Bystander', 1);
    for (const [amount, description] of [
      ['10', 'rent'],
      ['20', 'payroll november'],
      ['30', 'payroll december'],
    ]) {
      t.clock.advance(1000);
      await transfer({ fromAccountId: a, toAccountId: b, amount, description });
    }
    const byAccount = await t.http.get(`/v1/transfers?accountId=${a}`, { token: tenant.key });
    expect(byAccount.body.data.map((x: { amount: string }) => x.amount)).toEqual(['30.000000', '20.000000', '10.000000']);
    const payroll = await t.http.get(`/v1/transfers?accountId=${a}&search=payroll&minAmount=25`, { token: tenant.key });
    expect(payroll.body.data.map((x: { description: string }) => x.description)).toEqual(['payroll december']);
    const received = await t.http.get(`/v1/accounts/${b}/transfers?limit=2`, { token: tenant.key });
    expect(received.body).toMatchObject({ hasMore: true });
    expect((await t.http.get(`/v1/accounts/${c}/transfers`, { token: tenant.key })).body.data).toEqual([]);
    expect((await t.http.get(`/v1/transfers?accountId=${a}&status=failed`, { token: tenant.key })).body.data).toEqual([]);
    expect((await t.http.get('/v1/transfers?minAmount=1e3', { token: tenant.key })).body.error.param).toBe('minAmount');
    expect((await t.http.get('/v1/transfers?minAmount=5&maxAmount=1', { token: tenant.key })).body.error.param).toBe('minAmount');
  });

  it("gives 404 for another tenant's and the other environment's transfers and accounts", async () => {
    const a = await account('Private', 2, '50.00');
    const b = await account('Private payee', 1);
    const x = (await transfer({ fromAccountId: a, toAccountId: b, amount: '5' })).body.data.id;
    const other = await signup(t.http, 'xfer-intruder');
    const liveKey = (await createKey(t.http, tenant.owner.token, 'live')).key;
    const before = await transferCount();
    for (const res of [
      await t.http.get(`/v1/transfers/${x}`, { token: other.token }),
      await t.http.get(`/v1/transfers/${x}`, { token: liveKey }),
      await t.http.get(`/v1/accounts/${a}/transfers`, { token: other.token }),
      await transfer({ fromAccountId: a, toAccountId: b, amount: '1' }, {}, other.token),
      await transfer({ fromAccountId: a, toAccountId: b, amount: '1' }, {}, liveKey),
    ]) {
      expect(res.status).toBe(404);
    }
    expect(await transferCount()).toBe(before);
    expect((await t.http.get('/v1/transfers', { token: other.token })).body.data).toEqual([]);
  });
});

describe.runIf(isRealPostgres)('internal transfers under concurrency (PostgreSQL)', () => {
  it('50 parallel transfers from a balance that affords 20: exactly 20 land, no overdraft', async () => {
    const a = await account('Hot balance', 3, '200.00');
    const b = await account('Hot payee', 1);
    const replies = await Promise.all(Array.from({ length: 50 }, () => transfer({ fromAccountId: a, toAccountId: b, amount: '10.00' })));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(20);
    for (const r of replies.filter((x) => x.status !== 201)) expect(r.body.error.code).toBe('insufficient_funds');
    expect(await available(a)).toBe('0.000000');
    expect(await available(b)).toBe('200.000000');
    expect((await t.http.get('/v1/ledger/verification', { token: await tenant.userToken() })).body.data.ok).toBe(true);
  });

  it('opposite transfers (A→B and B→A) at the same time never deadlock', async () => {
    const a = await account('Left', 3, '1000.00');
    const b = await account('Right', 3, '1000.00');
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 2 === 0
          ? transfer({ fromAccountId: a, toAccountId: b, amount: '1.00' })
          : transfer({ fromAccountId: b, toAccountId: a, amount: '1.00' }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(30).fill(201));
    expect(await available(a)).toBe('1000.000000');
  });
});
