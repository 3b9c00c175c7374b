import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { openAccount, signedUpTenant, testApp } from '../../../../../tests/fixtures.js';
import { addMember, createKey, signup, uniqueEmail } from '../../../../../tests/harness.js';

const t = testApp();
const tenant = signedUpTenant(t, 'accounts');

const create = (body: Record<string, unknown>, token = tenant.owner.token, environment?: 'test' | 'live') =>
  t.http.post('/v1/accounts', { token, body, environment });

describe('accounts', () => {
  it('creates, reads and updates an account', async () => {
    const email = uniqueEmail('maria');
    const created = await create({
      type: 'person',
      name: 'Maria Garcia',
      email: email.toUpperCase(),
      country: 'MX',
      metadata: { crm: '42' },
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      type: 'person',
      name: 'Maria Garcia',
      email,
      country: 'MX',
      metadata: { crm: '42' },
      environment: 'test',
      verificationTier: 0,
      verificationStatus: 'unverified',
      status: 'active',
      balances: [],
    });
    const id = created.body.data.id;
    expect((await t.http.get(`/v1/accounts/${id}`, { token: tenant.owner.token })).body.data.id).toBe(id);
    const updated = await t.http.patch(`/v1/accounts/${id}`, { token: tenant.owner.token, body: { name: 'Maria G.', country: null } });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({ name: 'Maria G.', country: null, email });
    const balances = await t.http.get(`/v1/accounts/${id}/balances`, { token: tenant.owner.token });
    expect(balances.body.data).toEqual({ accountId: id, balances: [] });
  });

  it('keeps e-mails unique per tenant environment', async () => {
    const email = uniqueEmail('unique');
    expect((await create({ type: 'person', name: 'A', email })).status).toBe(201);
    const dupe = await create({ type: 'business', name: 'B', email });
    expect(dupe.status).toBe(409);
    expect(dupe.body.error.code).toBe('account_email_taken');
    expect((await create({ type: 'person', name: 'Live twin', email }, tenant.owner.token, 'live')).status).toBe(201);
  });

  it('filters by type, verification status and search, newest first, with cursor pagination', async () => {
    const o = await signup(t.http, 'filters');
    for (const [type, name] of [
      ['business', 'TechCorp Inc'],
      ['person', 'Carlos Martinez'],
      ['person', 'Ana Garcia'],
      ['business', 'Garcia Imports'],
    ] as const) {
      t.clock.advance(1000);
      await create({ type, name }, o.token);
    }
    const people = await t.http.get('/v1/accounts?type=person', { token: o.token });
    expect(people.body.data.map((a: { name: string }) => a.name)).toEqual(['Ana Garcia', 'Carlos Martinez']);
    const garcia = await t.http.get('/v1/accounts?search=garcia', { token: o.token });
    expect(garcia.body.data.map((a: { name: string }) => a.name)).toEqual(['Garcia Imports', 'Ana Garcia']);
    const percent = await t.http.get('/v1/accounts?search=%25', { token: o.token });
    expect(percent.body.data).toEqual([]);
    expect((await t.http.get('/v1/accounts?verificationStatus=verified', { token: o.token })).body.data).toEqual([]);
    const page1 = await t.http.get('/v1/accounts?limit=3', { token: o.token });
    const page2 = await t.http.get(`/v1/accounts?limit=3&cursor=${page1.body.nextCursor}`, { token: o.token });
    expect(page1.body.data).toHaveLength(3);
    expect(page2.body).toMatchObject({ hasMore: false, nextCursor: null });
    expect(page2.body.data.map((a: { name: string }) => a.name)).toEqual(['TechCorp Inc']);
    const bad = await t.http.get('/v1/accounts?type=system', { token: o.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('type');
  });

  it('never exposes system accounts', async () => {
    const o = await signup(t.http, 'system');
    const [funding] = await withOwner(t.db, (tx) =>
      tx.query<{ id: string }>(`SELECT id FROM accounts WHERE tenant_id = $1 AND system_kind = 'funding' AND environment = 'test'`, [
        o.tenantId,
      ]),
    );
    expect((await t.http.get(`/v1/accounts/${funding?.id}`, { token: o.token })).status).toBe(404);
    expect((await t.http.get('/v1/accounts', { token: o.token })).body.data).toEqual([]);
    const [count] = await withOwner(t.db, (tx) =>
      tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM accounts WHERE tenant_id = $1 AND type = 'system'`, [o.tenantId]),
    );
    expect(count?.n).toBe(8); // funding, payouts, fees, fx × test, live
  });

  it.each([
    [{ type: 'robot', name: 'x' }, 'type'],
    [{ type: 'person' }, 'name'],
    [{ type: 'person', name: 'x', country: 'mex' }, 'country'],
    [{ type: 'person', name: 'x', email: 'nope' }, 'email'],
    [{ type: 'person', name: 'x', balance: '100' }, 'balance'],
  ])('rejects %j with a 400 naming %s', async (body, param) => {
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe(param);
  });

  it('takes only assigned ISO 3166-1 codes as a country, on create and update, writing nothing otherwise', async () => {
    const montenegro = await create({ type: 'person', name: 'Country ME', country: 'ME' });
    expect(montenegro.status).toBe(201);
    expect(montenegro.body.data.country).toBe('ME');
    const id = montenegro.body.data.id;
    for (const country of ['XX', 'ZZ', 'UK', 'EU', 'XK']) {
      const created = await create({ type: 'person', name: `Country ${country}`, country });
      expect(created.status, country).toBe(400);
      expect(created.body.error).toMatchObject({
        type: 'invalid_request_error',
        code: 'parameter_invalid',
        param: 'country',
        message: `country: ${country} is not an ISO 3166-1 country code`,
      });
      const updated = await t.http.patch(`/v1/accounts/${id}`, { token: tenant.owner.token, body: { country } });
      expect(updated.status, country).toBe(400);
      expect(updated.body.error).toMatchObject({ code: 'parameter_invalid', param: 'country' });
    }
    for (const country of ['Me', 'me', 'MNE', '']) {
      const res = await create({ type: 'person', name: 'Country case', country });
      expect(res.status, country).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'parameter_invalid', param: 'country' });
    }
    expect((await t.http.get(`/v1/accounts/${id}`, { token: tenant.owner.token })).body.data.country).toBe('ME');
    const names = (await t.http.get('/v1/accounts?search=Country', { token: tenant.owner.token })).body.data.map(
      (a: { name: string }) => a.name,
    );
    expect(names).toEqual(['Country ME']);
    const moved = await t.http.patch(`/v1/accounts/${id}`, { token: tenant.owner.token, body: { country: 'MX' } });
    expect(moved.body.data.country).toBe('MX');
  });

  it('works with API keys; viewers cannot write', async () => {
    const { key } = await createKey(t.http, tenant.owner.token);
    expect((await create({ type: 'business', name: 'Via key' }, key)).status).toBe(201);
    const viewer = await addMember(t.http, tenant.owner.token, 'viewer');
    expect((await create({ type: 'business', name: 'Nope' }, viewer.token)).status).toBe(403);
    expect((await t.http.get('/v1/accounts', { token: viewer.token })).status).toBe(200);
  });

  it("gives 404 for another tenant's and the other environment's accounts, changing nothing", async () => {
    const mine = await create({ type: 'person', name: 'Mine' });
    const id = mine.body.data.id;
    const other = await signup(t.http, 'intruder');
    const liveKey = await createKey(t.http, tenant.owner.token, 'live');
    for (const res of [
      await t.http.get(`/v1/accounts/${id}`, { token: other.token }),
      await t.http.get(`/v1/accounts/${id}/balances`, { token: other.token }),
      await t.http.patch(`/v1/accounts/${id}`, { token: other.token, body: { name: 'Hijacked' } }),
      await t.http.get(`/v1/accounts/${id}`, { token: liveKey.key }),
      await t.http.patch(`/v1/accounts/${id}`, { token: tenant.owner.token, environment: 'live', body: { name: 'Hijacked' } }),
    ]) {
      expect(res.status).toBe(404);
    }
    expect((await t.http.get(`/v1/accounts/${id}`, { token: tenant.owner.token })).body.data.name).toBe('Mine');
  });
});

describe('account lifecycle', () => {
  const fresh = (name: string) => openAccount(t.http, tenant.owner.token, { name, tier: 0 });
  const post = (path: string, body?: unknown) => t.http.post(path, { token: tenant.owner.token, body });

  it('verifies to a tier, suspends and activates back to what the tier says', async () => {
    const id = await fresh('Lifecycle');
    const verified = await post(`/v1/accounts/${id}/verify`, { tier: 2 });
    expect(verified.body.data).toMatchObject({ verificationTier: 2, verificationStatus: 'verified' });
    expect((await post(`/v1/accounts/${id}/suspend`)).body.data.verificationStatus).toBe('suspended');
    expect((await post(`/v1/accounts/${id}/suspend`)).status).toBe(200);
    const verifySuspended = await post(`/v1/accounts/${id}/verify`, { tier: 3 });
    expect(verifySuspended.status).toBe(422);
    expect(verifySuspended.body.error.code).toBe('invalid_state');
    expect((await post(`/v1/accounts/${id}/activate`)).body.data).toMatchObject({ verificationStatus: 'verified', verificationTier: 2 });
    expect((await post(`/v1/accounts/${id}/activate`)).status).toBe(422);
    expect((await post(`/v1/accounts/${id}/verify`, { tier: 0 })).body.data.verificationStatus).toBe('unverified');
    expect((await post(`/v1/accounts/${id}/verify`, { tier: 4 })).body.error.param).toBe('tier');
    const filtered = await t.http.get('/v1/accounts?verificationStatus=unverified&search=Lifecycle', { token: tenant.owner.token });
    expect(filtered.body.data.map((a: { id: string }) => a.id)).toEqual([id]);
  });

  it('refuses to close an account with a balance, closes it at zero, and frees its e-mail', async () => {
    const email = uniqueEmail('closing');
    const id = (await create({ type: 'person', name: 'Closing', email })).body.data.id as string;
    await t.http.post('/v1/deposits', { token: tenant.owner.token, body: { accountId: id, amount: '5.00', currency: 'USD' } });
    const refused = await t.http.delete(`/v1/accounts/${id}`, { token: tenant.owner.token });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'balance_not_zero', details: { balances: [{ currency: 'USD', total: '5.00' }] } });

    const empty = await fresh('Empty');
    const closed = await t.http.delete(`/v1/accounts/${empty}`, { token: tenant.owner.token });
    expect(closed.status).toBe(200);
    expect(closed.body.data.status).toBe('closed');
    expect((await t.http.delete(`/v1/accounts/${empty}`, { token: tenant.owner.token })).status).toBe(422);
    const deposit = await t.http.post('/v1/deposits', {
      token: tenant.owner.token,
      body: { accountId: empty, amount: '1', currency: 'USD' },
    });
    expect(deposit.status).toBe(404);

    const reusable = (await create({ type: 'person', name: 'Reuse' })).body.data.id as string;
    const reusedEmail = uniqueEmail('reuse');
    await t.http.patch(`/v1/accounts/${reusable}`, { token: tenant.owner.token, body: { email: reusedEmail } });
    await t.http.delete(`/v1/accounts/${reusable}`, { token: tenant.owner.token });
    expect((await create({ type: 'person', name: 'New owner of the e-mail', email: reusedEmail })).status).toBe(201);
  });

  it("lists an account's ledger entries newest first with running balances, filters and a cursor", async () => {
    const id = await fresh('Entries');
    for (const amount of ['10.00', '20.00', '30.00']) {
      await t.http.post('/v1/deposits', { token: tenant.owner.token, body: { accountId: id, amount, currency: 'USD' } });
    }
    await t.http.post('/v1/deposits', { token: tenant.owner.token, body: { accountId: id, amount: '1.5', currency: 'USDC' } });
    const all = await t.http.get(`/v1/accounts/${id}/ledger-entries`, { token: tenant.owner.token });
    expect(all.body.data.map((e: { amount: string; balanceAfter: string }) => `${e.amount}→${e.balanceAfter}`)).toEqual([
      '1.500000→1.500000',
      '30.00→60.00',
      '20.00→30.00',
      '10.00→10.00',
    ]);
    expect(all.body.data[1]).toMatchObject({ part: 'available', referenceType: 'deposit', currency: 'USD' });
    const usd = await t.http.get(`/v1/accounts/${id}/ledger-entries?currency=USD&limit=2`, { token: tenant.owner.token });
    expect(usd.body.data).toHaveLength(2);
    const rest = await t.http.get(`/v1/accounts/${id}/ledger-entries?currency=USD&limit=2&cursor=${usd.body.nextCursor}`, {
      token: tenant.owner.token,
    });
    expect(rest.body).toMatchObject({ hasMore: false, data: [{ amount: '10.00' }] });
    const future = await t.http.get(`/v1/accounts/${id}/ledger-entries?from=2999-01-01T00:00:00Z`, { token: tenant.owner.token });
    expect(future.body.data).toEqual([]);
    expect((await t.http.get(`/v1/accounts/${id}/ledger-entries?from=yesterday`, { token: tenant.owner.token })).body.error.param).toBe(
      'from',
    );
    const other = await signup(t.http, 'peeker');
    expect((await t.http.get(`/v1/accounts/${id}/ledger-entries`, { token: other.token })).status).toBe(404);
  });
});
