import { describe, expect, it } from 'vitest';
import { openAccount, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import { addMember, createKey, isRealPostgres, signup } from '../../../../../tests/harness.js';
import { runDueSchedules } from '../schedules/schedules.service.js';

const t = testApp();
const tenant = tenantWithKey(t, 'agents');

const account = (name: string, options: { type?: 'business' | 'person'; tier?: number; funds?: string } = {}) =>
  openAccount(t.http, tenant.key, { name, ...options });

async function agent(accountId: string, body: Record<string, unknown> = {}, tier = 1) {
  const res = await t.http.post('/v1/agents', { token: tenant.key, body: { accountId, name: 'Payroll Autopilot', ...body } });
  expect(res.status).toBe(201);
  if (tier > 0) await t.http.post(`/v1/agents/${res.body.data.id}/verify`, { token: await tenant.userToken(), body: { tier } });
  return { id: res.body.data.id as string, token: res.body.data.token as string };
}

const pay = (token: string, from: string, to: string, amount: string) =>
  t.http.post('/v1/transfers', { token, body: { type: 'internal', fromAccountId: from, toAccountId: to, amount, currency: 'USDC' } });

describe('agents', () => {
  it('are created for business accounts with a token shown once and stored hashed', async () => {
    const biz = await account('Agent business');
    const res = await t.http.post('/v1/agents', {
      token: tenant.key,
      body: { accountId: biz, name: 'Invoice Bot', type: 'payment', limits: { daily: '500.00' } },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      accountId: biz,
      name: 'Invoice Bot',
      status: 'active',
      kyaTier: 0,
      permissions: ['accounts.view', 'paymentMethods.view', 'transactions.initiate'],
      limits: { perTransaction: null, daily: '500.00', monthly: null },
    });
    expect(res.body.data.token).toMatch(/^agent_[A-Za-z0-9_-]{40,}$/);
    const got = await t.http.get(`/v1/agents/${res.body.data.id}`, { token: tenant.key });
    expect(got.body.data.token).toBeUndefined();
    expect(got.body.data.tokenPrefix).toBe(res.body.data.token.slice(0, 20));
    const person = await account('A person', { type: 'person' });
    expect((await t.http.post('/v1/agents', { token: tenant.key, body: { accountId: person, name: 'X' } })).body.error.code).toBe(
      'invalid_account_type',
    );
    expect(
      (await t.http.post('/v1/agents', { token: tenant.key, body: { accountId: biz, name: 'X', permissions: ['everything'] } })).status,
    ).toBe(400);
  });

  it('act only once verified, only on their own account, only where listed and permitted', async () => {
    const [own, other] = [await account('Own', { funds: '100.00' }), await account('Other', { funds: '100.00' })];
    const created = await t.http.post('/v1/agents', { token: tenant.key, body: { accountId: own, name: 'Unverified' } });
    const token = created.body.data.token;
    expect((await t.http.get(`/v1/accounts/${own}`, { token })).body.error).toMatchObject({
      type: 'permission_error',
      code: 'agent_not_verified',
    });
    await t.http.post(`/v1/agents/${created.body.data.id}/verify`, { token: await tenant.userToken(), body: { tier: 1 } });

    expect((await t.http.get(`/v1/accounts/${own}`, { token })).status).toBe(200);
    expect((await t.http.get(`/v1/accounts/${own}/balances`, { token })).status).toBe(200);
    expect((await t.http.get(`/v1/accounts/${other}`, { token })).status).toBe(404);
    expect((await t.http.get(`/v1/accounts/${other}/ledger-entries`, { token })).status).toBe(404);
    const list = await t.http.get('/v1/accounts', { token });
    expect(list.body.data.map((a: { id: string }) => a.id)).toEqual([own]);
    for (const path of ['/v1/api-keys', '/v1/organization/team', '/v1/agents', '/v1/audit-events', '/v1/reports/overview']) {
      expect((await t.http.get(path, { token })).body.error, path).toMatchObject({ type: 'permission_error', code: 'agent_not_allowed' });
    }
    expect((await t.http.post('/v1/deposits', { token, body: { accountId: own, amount: '1.00', currency: 'USDC' } })).status).toBe(403);
    // Paying from someone else's account: that account does not exist for this agent.
    expect((await pay(token, other, own, '1.00')).status).toBe(404);

    const paid = await pay(token, own, other, '10.00');
    expect(paid.status).toBe(201);
    expect(paid.body.data.initiatedBy).toEqual({ type: 'agent', id: created.body.data.id, name: 'Unverified' });
    const transfers = await t.http.get('/v1/transfers', { token });
    expect(
      transfers.body.data.every((x: { fromAccountId: string; toAccountId: string }) => x.fromAccountId === own || x.toAccountId === own),
    ).toBe(true);

    // Quotes: an agent sees and uses only the ones it asked for.
    const theirs = (
      await t.http.post('/v1/quotes', { token: tenant.key, body: { fromCurrency: 'USDC', toCurrency: 'MXN', amount: '10.00' } })
    ).body.data.id;
    expect((await t.http.get(`/v1/quotes/${theirs}`, { token })).status).toBe(404);
    const mine = (await t.http.post('/v1/quotes', { token, body: { fromCurrency: 'USDC', toCurrency: 'MXN', amount: '10.00' } })).body.data
      .id;
    expect((await t.http.get(`/v1/quotes/${mine}`, { token })).status).toBe(200);
    expect((await t.http.get(`/v1/quotes/${mine}`, { token: tenant.key })).status).toBe(200);

    await t.http.patch(`/v1/agents/${created.body.data.id}`, { token: tenant.key, body: { permissions: ['accounts.view'] } });
    expect((await pay(token, own, other, '1.00')).body.error).toMatchObject({
      code: 'agent_permission_missing',
      details: { permission: 'transactions.initiate' },
    });
    expect((await t.http.get(`/v1/accounts/${own}/payment-methods`, { token })).body.error.code).toBe('agent_permission_missing');
  });

  it('refuse each limit type with its figures: KYA per-transaction, own daily, effective monthly', async () => {
    const [own, payee] = [await account('Limited', { tier: 3, funds: '100000.00' }), await account('Payee')];
    const a = await agent(own, { limits: { daily: '1500.00', monthly: '2000.00' } }, 1);
    const perTx = await pay(a.token, own, payee, '1000.01');
    expect(perTx.body.error).toMatchObject({
      code: 'limit_exceeded',
      details: { limitType: 'per_transaction', limit: '1000.00', used: '0.00', requested: '1000.01', cappedBy: 'kya_tier', scope: 'agent' },
    });
    expect((await pay(a.token, own, payee, '1000.00')).status).toBe(201);
    expect((await pay(a.token, own, payee, '500.01')).body.error.details).toMatchObject({
      limitType: 'daily',
      limit: '1500.00',
      used: '1000.00',
      requested: '500.01',
      cappedBy: 'agent',
    });
    expect((await pay(a.token, own, payee, '500.00')).status).toBe(201);
    t.clock.advance(25 * 60 * 60 * 1000);
    expect((await pay(a.token, own, payee, '500.01')).body.error.details).toMatchObject({
      limitType: 'monthly',
      limit: '2000.00',
      used: '1500.00',
    });

    const limits = (await t.http.get(`/v1/agents/${a.id}/limits`, { token: tenant.key })).body.data;
    expect(limits).toMatchObject({
      currency: 'USD',
      perTransaction: { kyaTier: '1000.00', agent: null, accountTier: '500000.00', effective: '1000.00', cappedBy: 'kya_tier' },
      daily: { effective: '1500.00', cappedBy: 'agent', used: '0.00', remaining: '1500.00' },
      monthly: { effective: '2000.00', cappedBy: 'agent', used: '1500.00', remaining: '500.00' },
    });
  });

  it('are capped by their parent account’s tier', async () => {
    const [own, payee] = [await account('Tier one business', { tier: 1, funds: '20000.00' }), await account('Payee 2')];
    const a = await agent(own, {}, 3);
    const refused = await pay(a.token, own, payee, '5000.01');
    expect(refused.body.error).toMatchObject({ code: 'limit_exceeded', details: { limitType: 'per_transaction', limit: '5000.00' } });
    const limits = (await t.http.get(`/v1/agents/${a.id}/limits`, { token: tenant.key })).body.data;
    expect(limits.perTransaction).toMatchObject({
      kyaTier: '100000.00',
      accountTier: '5000.00',
      effective: '5000.00',
      cappedBy: 'account_tier',
    });
  });

  it('rotation kills the old token at once; suspension refuses the agent; account suspension suspends it for good', async () => {
    const [own, payee] = [await account('Rotating', { funds: '100.00' }), await account('Payee 3')];
    const a = await agent(own);
    expect((await t.http.get(`/v1/accounts/${own}`, { token: a.token })).status).toBe(200);
    const rotated = await t.http.post(`/v1/agents/${a.id}/rotate-token`, { token: tenant.key });
    expect(rotated.body.data.token).not.toBe(a.token);
    expect((await t.http.get(`/v1/accounts/${own}`, { token: a.token })).status).toBe(401);
    const token = rotated.body.data.token as string;
    expect((await t.http.get(`/v1/accounts/${own}`, { token })).status).toBe(200);

    await t.http.post(`/v1/agents/${a.id}/suspend`, { token: tenant.key });
    expect((await pay(token, own, payee, '1.00')).body.error).toMatchObject({ type: 'permission_error', code: 'agent_suspended' });
    await t.http.post(`/v1/agents/${a.id}/activate`, { token: tenant.key });
    expect((await pay(token, own, payee, '1.00')).status).toBe(201);

    await t.http.post(`/v1/accounts/${own}/suspend`, { token: tenant.key });
    expect((await t.http.get(`/v1/agents/${a.id}`, { token: tenant.key })).body.data).toMatchObject({
      status: 'suspended',
      suspendedReason: 'account_suspended',
    });
    expect((await t.http.post(`/v1/agents/${a.id}/activate`, { token: tenant.key })).body.error.code).toBe('account_suspended');
    await t.http.post(`/v1/accounts/${own}/activate`, { token: tenant.key });
    expect((await t.http.get(`/v1/agents/${a.id}`, { token: tenant.key })).body.data.status).toBe('suspended');
    expect((await pay(token, own, payee, '1.00')).status).toBe(403);

    await t.http.delete(`/v1/agents/${a.id}`, { token: tenant.key });
    expect((await t.http.get(`/v1/agents/${a.id}`, { token: tenant.key })).status).toBe(404);
    expect((await t.http.get(`/v1/accounts/${own}`, { token })).status).toBe(401);
  });

  it('schedule transfers that run as the agent, within its limits, and stop when it is suspended', async () => {
    const [own, payee] = [await account('Scheduling business', { funds: '1000.00' }), await account('Scheduled payee')];
    const a = await agent(own, { limits: { daily: '15.00' } });
    const today = t.clock.now().toISOString().slice(0, 10);
    const created = await t.http.post('/v1/scheduled-transfers', {
      token: a.token,
      body: { fromAccountId: own, toAccountId: payee, amount: '10.00', currency: 'USDC', frequency: 'daily', startDate: today },
    });
    expect(created.status).toBe(201);
    expect(created.body.data.initiatedBy).toMatchObject({ type: 'agent', id: a.id });
    const other = await account('Not the agent’s');
    expect(
      (
        await t.http.post('/v1/scheduled-transfers', {
          token: a.token,
          body: { fromAccountId: other, toAccountId: payee, amount: '1.00', currency: 'USDC', frequency: 'once', startDate: today },
        })
      ).status,
    ).toBe(404);
    await runDueSchedules(t.db, t.deps);
    const runs = async () =>
      (await t.http.get(`/v1/scheduled-transfers/${created.body.data.id}/executions`, { token: tenant.key })).body.data;
    const [first] = await runs();
    expect(first.status).toBe('succeeded');
    expect((await t.http.get(`/v1/transfers/${first.transferId}`, { token: tenant.key })).body.data.initiatedBy).toMatchObject({
      type: 'agent',
      id: a.id,
    });
    // A second schedule of the agent's, due today too: its run is the agent's, within its limits.
    const more = await t.http.post('/v1/scheduled-transfers', {
      token: a.token,
      body: { fromAccountId: own, toAccountId: payee, amount: '10.00', currency: 'USDC', frequency: 'once', startDate: today },
    });
    await runDueSchedules(t.db, t.deps);
    const [refused] = (await t.http.get(`/v1/scheduled-transfers/${more.body.data.id}/executions`, { token: tenant.key })).body.data;
    expect(refused).toMatchObject({ status: 'retrying', error: { code: 'limit_exceeded' } }); // 10 + 10 > 15 a day
    // A run-now is its caller's (an API key here), not the agent's: the agent's limits do not apply.
    const manual = await t.http.post(`/v1/scheduled-transfers/${created.body.data.id}/run-now`, { token: tenant.key });
    expect(manual.body.data).toMatchObject({ kind: 'manual', status: 'succeeded' });
    expect((await t.http.get(`/v1/transfers/${manual.body.data.transferId}`, { token: tenant.key })).body.data.initiatedBy).toMatchObject({
      type: 'api_key',
    });
    await t.http.post(`/v1/agents/${a.id}/suspend`, { token: tenant.key });
    t.clock.advance(24 * 60 * 60 * 1000);
    await runDueSchedules(t.db, t.deps);
    const second = (await runs()).find(
      (e: { kind: string; occurrenceDate: string }) => e.kind === 'scheduled' && e.occurrenceDate !== today,
    );
    expect(second).toMatchObject({ status: 'retrying', error: { code: 'agent_suspended' } });
  });

  it('log every call with its result', async () => {
    const [own, payee] = [await account('Logged', { funds: '50.00' }), await account('Payee 4')];
    const a = await agent(own);
    await pay(a.token, own, payee, '5.00');
    await pay(a.token, own, payee, '500.00'); // insufficient funds
    await t.http.get('/v1/api-keys', { token: a.token });
    const activity = (await t.http.get(`/v1/agents/${a.id}/activity`, { token: tenant.key })).body.data;
    expect(activity.map((e: { action: string; result: string; errorCode: string | null }) => [e.action, e.result, e.errorCode])).toEqual([
      ['listApiKeys', 'refused', 'agent_not_allowed'],
      ['createTransfer', 'refused', 'insufficient_funds'],
      ['createTransfer', 'succeeded', null],
    ]);
    expect(activity[2].objectId).toMatch(/^[0-9a-f-]{36}$/);
    const refused = (await t.http.get(`/v1/agents/${a.id}/activity?result=refused`, { token: tenant.key })).body.data;
    expect(refused).toHaveLength(2);
  });

  it('are invisible to other tenants, the other environment and their tokens; viewers cannot manage them', async () => {
    const own = await account('Isolated');
    const a = await agent(own);
    const other = await signup(t.http, 'agents-other');
    const live = (await createKey(t.http, await tenant.userToken(), 'live')).key;
    for (const token of [other.token, live]) {
      expect((await t.http.get(`/v1/agents/${a.id}`, { token })).status).toBe(404);
      expect((await t.http.post(`/v1/agents/${a.id}/suspend`, { token })).status).toBe(404);
      expect((await t.http.get(`/v1/agents/${a.id}/activity`, { token })).status).toBe(404);
    }
    const theirAccount = (await t.http.post('/v1/accounts', { token: other.token, body: { type: 'business', name: 'Theirs' } })).body.data
      .id;
    expect((await t.http.get(`/v1/accounts/${theirAccount}`, { token: a.token })).status).toBe(404);
    const viewer = await addMember(t.http, await tenant.userToken(), 'viewer');
    expect((await t.http.post(`/v1/agents/${a.id}/suspend`, { token: viewer.token })).status).toBe(403);
  });
});

describe.runIf(isRealPostgres)('agent limits under concurrency (PostgreSQL)', () => {
  it('50 parallel transfers by an agent whose daily limit allows 10: exactly 10 land', async () => {
    const [own, payee] = [await account('Burst', { funds: '10000.00' }), await account('Burst payee')];
    const a = await agent(own, { limits: { daily: '100.00' } });
    const replies = await Promise.all(Array.from({ length: 50 }, () => pay(a.token, own, payee, '10.00')));
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(replies.filter((r) => r.status !== 201).every((r) => r.body.error?.code === 'limit_exceeded')).toBe(true);
    expect((await t.http.get('/v1/ledger/verification', { token: await tenant.userToken() })).body.data.ok).toBe(true);
  });
});
