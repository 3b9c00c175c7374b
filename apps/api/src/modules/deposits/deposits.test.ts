import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { openAccount, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import { createKey, signup } from '../../../../../tests/harness.js';

const t = testApp();
const tenant = tenantWithKey(t, 'deposits');

const newAccount = (name = 'TechCorp Inc') => openAccount(t.http, tenant.key, { name, tier: 0 });

const deposit = (body: Record<string, unknown>, headers: Record<string, string> = {}, token = tenant.key) =>
  t.http.post('/v1/deposits', { token, body, headers });

const ledgerRows = async (tenantId: string) => {
  const [row] = await withOwner(t.db, (tx) =>
    tx.query<{ entries: number; transactions: number; deposits: number }>(
      `SELECT (SELECT count(*)::int FROM ledger_entries WHERE tenant_id = $1) AS entries,
              (SELECT count(*)::int FROM ledger_transactions WHERE tenant_id = $1) AS transactions,
              (SELECT count(*)::int FROM deposits WHERE tenant_id = $1) AS deposits`,
      [tenantId],
    ),
  );
  return row;
};

describe('deposits', () => {
  it('credits the account from funding in one balanced ledger transaction', async () => {
    const accountId = await newAccount();
    const res = await deposit({ accountId, amount: '250000', currency: 'USDC' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ accountId, amount: '250000.000000', currency: 'USDC', status: 'completed' });

    const account = await t.http.get(`/v1/accounts/${accountId}`, { token: tenant.key });
    expect(account.body.data.balances).toEqual([
      { currency: 'USDC', available: '250000.000000', pending: '0.000000', inStreams: '0.000000', total: '250000.000000' },
    ]);
    const entries = await withOwner(t.db, (tx) =>
      tx.query<{ amount: string; balance_after: string; system_kind: string | null }>(
        `SELECT e.amount::text, e.balance_after::text, a.system_kind FROM ledger_entries e
           JOIN accounts a ON a.tenant_id = e.tenant_id AND a.id = e.account_id
          WHERE e.transaction_id = $1 ORDER BY e.seq`,
        [res.body.data.ledgerTransactionId],
      ),
    );
    expect(entries).toEqual([
      { amount: '-250000.00000000', balance_after: '-250000.00000000', system_kind: 'funding' },
      { amount: '250000.00000000', balance_after: '250000.00000000', system_kind: null },
    ]);
    const verification = await t.http.get('/v1/ledger/verification', { token: tenant.owner.token });
    expect(verification.body.data).toMatchObject({ ok: true, discrepancies: [] });
    expect(verification.body.data.balancesChecked).toBeGreaterThanOrEqual(2);
  });

  it('refuses a JSON number for an amount (400 amount_must_be_string) and lists deposits by account', async () => {
    const a = await newAccount('Numbers');
    const b = await newAccount('Other');
    const number = await deposit({ accountId: a, amount: 12.5, currency: 'MXN' });
    expect(number.status).toBe(400);
    expect(number.body.error).toMatchObject({ code: 'amount_must_be_string', param: 'amount' });
    expect((await deposit({ accountId: a, amount: '12.5', currency: 'MXN' })).body.data.amount).toBe('12.50');
    await deposit({ accountId: b, amount: '1', currency: 'USD' });
    const list = await t.http.get(`/v1/deposits?accountId=${a}`, { token: tenant.key });
    expect(list.body.data.map((d: { accountId: string }) => d.accountId)).toEqual([a]);
  });

  it('is idempotent: a replay returns the same deposit and credits once', async () => {
    const accountId = await newAccount('Replay');
    const body = { accountId, amount: '100.00', currency: 'USD' };
    const first = await deposit(body, { 'idempotency-key': 'dep-1' });
    const second = await deposit(body, { 'idempotency-key': 'dep-1' });
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.data.id).toBe(first.body.data.id);
    const changed = await deposit({ ...body, amount: '200.00' }, { 'idempotency-key': 'dep-1' });
    expect(changed.status).toBe(422);
    const account = await t.http.get(`/v1/accounts/${accountId}`, { token: tenant.key });
    expect(account.body.data.balances[0].available).toBe('100.00');
  });

  it.each([
    ['1.0000001', 'USDC', 'amount_too_precise'],
    ['1.001', 'USD', 'amount_too_precise'],
    ['-5', 'USD', 'invalid_amount'],
    ['0', 'USD', 'amount_not_positive'],
    ['1e3', 'USD', 'invalid_amount'],
    ['NaN', 'USD', 'invalid_amount'],
  ])('rejects amount %s %s with 400 %s and writes nothing', async (amount, currency, code) => {
    const accountId = await newAccount('Bad amounts');
    const before = await ledgerRows(tenant.owner.tenantId);
    const res = await deposit({ accountId, amount, currency });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code, param: 'amount' });
    expect(await ledgerRows(tenant.owner.tenantId)).toEqual(before);
  });

  it('rejects unknown currencies and fields', async () => {
    const accountId = await newAccount('Bad fields');
    expect((await deposit({ accountId, amount: '1', currency: 'EUR' })).body.error.param).toBe('currency');
    expect((await deposit({ accountId, amount: '1', currency: 'USD', fee: '0' })).body.error.param).toBe('fee');
  });

  it("gives 404 for unknown, other tenants' and other environments' accounts, writing nothing", async () => {
    const accountId = await newAccount('Target');
    const intruder = await signup(t.http, 'intruder');
    const intruderKey = (await createKey(t.http, intruder.token)).key;
    const liveKey = (await createKey(t.http, tenant.owner.token, 'live')).key;
    const before = await ledgerRows(tenant.owner.tenantId);
    for (const res of [
      await deposit({ accountId: '00000000-0000-4000-8000-000000000000', amount: '1', currency: 'USD' }),
      await deposit({ accountId, amount: '1', currency: 'USD' }, {}, intruderKey),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.type).toBe('not_found_error');
    }
    // Live has no simulated on-ramp at all: refused before the account is even looked up.
    const live = await deposit({ accountId, amount: '1', currency: 'USD' }, {}, liveKey);
    expect(live.status).toBe(403);
    expect(live.body.error.code).toBe('test_mode_only');
    expect(await ledgerRows(tenant.owner.tenantId)).toEqual(before);
    expect((await ledgerRows(intruder.tenantId))?.entries).toBe(0);
    expect((await t.http.get('/v1/deposits', { token: intruderKey })).body.data).toEqual([]);
  });

  it('ledger verification is for owners and admins', async () => {
    const res = await t.http.get('/v1/ledger/verification', { token: tenant.key });
    expect(res.status).toBe(403);
  });
});
