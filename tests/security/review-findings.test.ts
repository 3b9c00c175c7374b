/**
 * Regression tests for the external review's critical and high findings, written from the outside
 * (through HTTP, the way the reviewer did it). Each failed against the code before the fix.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { createAgent, openAccount, testApp } from '../fixtures.js';
import { addMember, buildApp, createKey, signup, TEST_CONFIG, uniqueEmail } from '../harness.js';

const t = testApp();

const live = { 'payos-environment': 'live' };
const spei = { type: 'bank_account', rail: 'spei', details: { clabe: '032180000118359719', holderName: 'Maria Garcia' } };

describe('critical: the live environment cannot create money', () => {
  it('refuses the simulated on-ramp and self-service verification in live, so nothing can be minted and paid out', async () => {
    const owner = await signup(t.http, 'mint');
    const liveKey = (await createKey(t.http, owner.token, 'live')).key;
    const account = await t.http.post('/v1/accounts', { token: liveKey, body: { type: 'business', name: 'Mint Co' } });
    expect(account.status).toBe(201);
    const id = account.body.data.id as string;

    // The reviewer's chain: deposit → self-verify → pay out.
    const deposit = await t.http.post('/v1/deposits', { token: liveKey, body: { accountId: id, amount: '1000000.00', currency: 'USDC' } });
    expect(deposit.status).toBe(403);
    expect(deposit.body.error).toMatchObject({ type: 'permission_error', code: 'test_mode_only' });
    expect(deposit.body.error.message).toMatch(/test environment only.*no live on-ramp is connected/);
    const asOwner = await t.http.post('/v1/deposits', {
      token: owner.token,
      headers: live,
      body: { accountId: id, amount: '1000000.00', currency: 'USDC' },
    });
    expect(asOwner.status).toBe(403);
    expect(asOwner.body.error.code).toBe('test_mode_only');

    const selfVerify = await t.http.post(`/v1/accounts/${id}/verify`, { token: liveKey, body: { tier: 3 } });
    expect(selfVerify.status).toBe(403);
    expect(selfVerify.body.error.code).toBe('user_credentials_required');
    const member = await addMember(t.http, owner.token, 'member');
    const byMember = await t.http.post(`/v1/accounts/${id}/verify`, {
      token: member.token,
      headers: live,
      body: { tier: 3, reason: 'me' },
    });
    expect(byMember.status).toBe(403);
    expect(byMember.body.error.code).toBe('insufficient_permissions');

    const pm = await t.http.post(`/v1/accounts/${id}/payment-methods`, { token: liveKey, body: spei });
    const payout = await t.http.post('/v1/transfers', {
      token: liveKey,
      body: { type: 'payout', fromAccountId: id, paymentMethodId: pm.body.data.id, amount: '1000.00', currency: 'USDC' },
    });
    expect(payout.status).toBe(422);
    const [row] = await withOwner(t.db, (tx) =>
      tx.query<{ n: string }>(`SELECT count(*)::text AS n FROM ledger_entries WHERE tenant_id = $1 AND environment = 'live'`, [
        owner.tenantId,
      ]),
    );
    expect(row?.n).toBe('0');
  });

  it('lets an owner or admin verify in live only with a reason, recorded with the actor in the audit log', async () => {
    const owner = await signup(t.http, 'verify-live');
    const admin = await addMember(t.http, owner.token, 'admin');
    const id = (await t.http.post('/v1/accounts', { token: owner.token, headers: live, body: { type: 'business', name: 'KYB Co' } })).body
      .data.id as string;
    const noReason = await t.http.post(`/v1/accounts/${id}/verify`, { token: admin.token, headers: live, body: { tier: 2 } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error).toMatchObject({ code: 'parameter_missing', param: 'reason' });
    const reason = 'KYB reviewed: incorporation, tax id, beneficial owners';
    const ok = await t.http.post(`/v1/accounts/${id}/verify`, { token: admin.token, headers: live, body: { tier: 2, reason } });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ verificationTier: 2, verificationStatus: 'verified' });
    const events = (await t.http.get(`/v1/audit-events?objectId=${id}`, { token: owner.token, headers: live })).body.data;
    expect(events.find((e: { action: string }) => e.action === 'account.verified')).toMatchObject({
      actor: { type: 'user', id: admin.userId },
      reason,
    });
    // In test, verification stays self-service (simulated KYC), for keys too.
    const testKey = (await createKey(t.http, owner.token)).key;
    const testAccount = (await t.http.post('/v1/accounts', { token: testKey, body: { type: 'person', name: 'Sandbox' } })).body.data.id;
    expect((await t.http.post(`/v1/accounts/${testAccount}/verify`, { token: testKey, body: { tier: 1 } })).status).toBe(200);
  });
});

describe('high: an idempotency replay never skips authorization or crosses actors', () => {
  it("does not hand an owner's new live API key to a viewer or to an API key that replays the owner's key", async () => {
    const owner = await signup(t.http, 'replay-keys');
    const viewer = await addMember(t.http, owner.token, 'viewer');
    const testKey = (await createKey(t.http, owner.token)).key;
    const headers = { 'idempotency-key': 'create-live-key' };
    const body = { name: 'production', environment: 'live' };
    const created = await t.http.post('/v1/api-keys', { token: owner.token, headers, body });
    expect(created.status).toBe(201);
    expect(created.body.data.key).toMatch(/^pk_live_/);
    for (const token of [viewer.token, testKey]) {
      const replay = await t.http.post('/v1/api-keys', { token, headers, body });
      expect(replay.status).toBe(403);
      expect(JSON.stringify(replay.body)).not.toContain('pk_live_');
    }
    // The owner who lost the response can recover it: the stored copy is sealed, the replay is whole.
    const again = await t.http.post('/v1/api-keys', { token: owner.token, headers, body });
    expect(again.body.data.key).toBe(created.body.data.key);
  });

  it("does not let a viewer replay an admin's invite and then join as admin", async () => {
    const owner = await signup(t.http, 'replay-invite');
    const admin = await addMember(t.http, owner.token, 'admin');
    const viewer = await addMember(t.http, owner.token, 'viewer');
    const headers = { 'idempotency-key': 'invite-1' };
    const body = { email: uniqueEmail('accomplice'), role: 'admin' };
    expect((await t.http.post('/v1/organization/team/invites', { token: admin.token, headers, body })).status).toBe(201);
    const replay = await t.http.post('/v1/organization/team/invites', { token: viewer.token, headers, body });
    expect(replay.status).toBe(403);
    expect(replay.body.data?.inviteToken).toBeUndefined();
  });

  it("does not replay one agent's transfer to another account's agent, nor a user's to another user", async () => {
    const owner = await signup(t.http, 'replay-agent');
    const key = (await createKey(t.http, owner.token)).key;
    const business = async (name: string) => {
      const id = (await t.http.post('/v1/accounts', { token: key, body: { type: 'business', name } })).body.data.id as string;
      await t.http.post(`/v1/accounts/${id}/verify`, { token: key, body: { tier: 2 } });
      await t.http.post('/v1/deposits', { token: key, body: { accountId: id, amount: '100.00', currency: 'USDC' } });
      return id;
    };
    const [x, y] = [await business('X'), await business('Y')];
    const agentOf = async (accountId: string) => {
      const agent = (await t.http.post('/v1/agents', { token: key, body: { accountId, name: 'A' } })).body.data;
      await t.http.post(`/v1/agents/${agent.id}/verify`, { token: owner.token, body: { tier: 1 } });
      return agent.token as string;
    };
    const [agentX, agentY] = [await agentOf(x), await agentOf(y)];
    const headers = { 'idempotency-key': 'agent-pay-1' };
    const body = { type: 'internal', fromAccountId: x, toAccountId: y, amount: '5.00', currency: 'USDC' };
    const paid = await t.http.post('/v1/transfers', { token: agentX, headers, body });
    expect(paid.status).toBe(201);
    const foreign = await t.http.post('/v1/transfers', { token: agentY, headers, body });
    expect(foreign.status).toBe(404); // X is not Y's agent's account
    const ownBody = { ...body, fromAccountId: y, toAccountId: x };
    const sameKey = await t.http.post('/v1/transfers', { token: agentY, headers, body: ownBody });
    expect(sameKey.status).toBe(422);
    expect(sameKey.body.error.code).toBe('idempotency_key_reused');
    expect(JSON.stringify(sameKey.body)).not.toContain(paid.body.data.id);
    const member = await addMember(t.http, owner.token, 'member');
    const byUser = await t.http.post('/v1/transfers', { token: member.token, headers, body });
    expect(byUser.status).toBe(422);
    expect(byUser.body.error.code).toBe('idempotency_key_reused');
    const transfers = (await t.http.get(`/v1/accounts/${x}/transfers`, { token: key })).body.data;
    expect(transfers).toHaveLength(1);
  });
});

describe('medium and low: budgets and key listings', () => {
  it('counts requests whose credential does not resolve against the IP alone: random bearer values share one budget', async () => {
    const limited = buildApp(t.db, { limits: { perMinute: 5, strictPerMinute: 100, authPerMinute: 100 } });
    const from = { 'x-forwarded-for': '203.0.113.77' };
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const junk = `pk_test_${randomBytes(24).toString('base64url')}`;
      statuses.push((await limited.http.get('/v1/accounts', { token: junk, headers: from })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // A caller whose credential resolves keeps its own budget on the same address.
    const owner = await signup(limited.http, 'budget');
    const key = (await createKey(limited.http, owner.token)).key;
    expect((await limited.http.get('/v1/accounts', { token: key, headers: from })).status).toBe(200);
  });

  it('answers 403 to an API key listing or reading API keys (keys are managed by users only)', async () => {
    const owner = await signup(t.http, 'key-lister');
    const { key, id } = await createKey(t.http, owner.token);
    for (const path of ['/v1/api-keys', `/v1/api-keys/${id}`]) {
      const res = await t.http.get(path, { token: key });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('user_credentials_required');
    }
  });
});

describe('red-team pass on the rebuilt pipeline', () => {
  it('answers HEAD on the stream feed without holding one of the caller’s feed slots', async () => {
    const owner = await signup(t.http, 'feed-head');
    const key = (await createKey(t.http, owner.token)).key;
    const path = `/v1/events/streams?ids=${randomUUID()}`;
    const headers = { authorization: `Bearer ${key}` };
    for (let i = 0; i < 6; i++) expect((await t.app.request(path, { method: 'HEAD', headers })).status).toBe(200);
    const feed = await t.app.request(path, { headers });
    expect(feed.status).toBe(200);
    await feed.body?.cancel();
  });

  it('answers 400 to date filters outside years 1–9999, on every list that takes them', async () => {
    const owner = await signup(t.http, 'dates');
    const account = await openAccount(t.http, owner.token, { tier: 0 });
    for (const path of [
      '/v1/transfers',
      `/v1/accounts/${account}/transfers`,
      `/v1/accounts/${account}/ledger-entries`,
      '/v1/audit-events',
    ]) {
      for (const query of ['from=0000-01-01T00:00:00Z', 'to=9999-12-31T23:30:00-01:00']) {
        const res = await t.http.get(`${path}?${query}`, { token: owner.token });
        expect(res.status, `${path}?${query}`).toBe(400);
        expect(res.body.error.param).toBe(query.slice(0, query.indexOf('=')));
      }
    }
  });

  it('answers 409 idempotency_response_unavailable when a sealed response cannot be opened after a secret change', async () => {
    const owner = await signup(t.http, 'sealed');
    const key = (await createKey(t.http, owner.token)).key;
    const account = await openAccount(t.http, key, { name: 'Sealed' });
    const request = { token: key, headers: { 'idempotency-key': 'sealed-agent' }, body: { accountId: account, name: 'Sealed agent' } };
    expect((await t.http.post('/v1/agents', request)).status).toBe(201);
    const rotated = buildApp(t.db, { config: { ...TEST_CONFIG, jwtSecret: 'another-secret-another-secret-another-1' } });
    const replay = await rotated.http.post('/v1/agents', request);
    expect(replay.status).toBe(409);
    expect(replay.body.error.code).toBe('idempotency_response_unavailable');
    expect((await t.http.get('/v1/agents', { token: key })).body.data).toHaveLength(1);
  });

  it('does not write an activity row for each rate-limited agent call', async () => {
    const limited = buildApp(t.db, { limits: { perMinute: 2, strictPerMinute: 100, authPerMinute: 100 } });
    const owner = await signup(t.http, 'agent-flood');
    const key = (await createKey(t.http, owner.token)).key;
    const agent = await createAgent(t.http, key, owner.token, await openAccount(t.http, key, { name: 'Flooded' }));
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await limited.http.get('/v1/corridors', { token: agent.token })).status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
    const activity = (await t.http.get(`/v1/agents/${agent.id}/activity`, { token: key })).body.data;
    expect(activity).toHaveLength(2);
  });

  it('treats an agent’s upper-case account filter like the lower-case one', async () => {
    const owner = await signup(t.http, 'agent-filter');
    const key = (await createKey(t.http, owner.token)).key;
    const [own, other] = [
      await openAccount(t.http, key, { name: 'Own', funds: '100.00' }),
      await openAccount(t.http, key, { name: 'Other' }),
    ];
    const agent = await createAgent(t.http, key, owner.token, own);
    const pay = await t.http.post('/v1/transfers', {
      token: agent.token,
      body: { type: 'internal', fromAccountId: own, toAccountId: other, amount: '1.00', currency: 'USDC' },
    });
    expect(pay.status).toBe(201);
    for (const id of [own, own.toUpperCase()]) {
      expect((await t.http.get(`/v1/transfers?accountId=${id}`, { token: agent.token })).body.data).toHaveLength(1);
    }
  });

  it('makes lifting a suspension in live an owner/admin decision with a reason, and refuses a key used with the other environment', async () => {
    const owner = await signup(t.http, 'live-activate');
    const admin = await addMember(t.http, owner.token, 'admin');
    const liveKey = (await createKey(t.http, owner.token, 'live')).key;
    const id = (await t.http.post('/v1/accounts', { token: liveKey, body: { type: 'business', name: 'Suspended Co' } })).body.data.id;
    expect((await t.http.post(`/v1/accounts/${id}/suspend`, { token: liveKey })).status).toBe(200);
    const byKey = await t.http.post(`/v1/accounts/${id}/activate`, { token: liveKey });
    expect(byKey.status).toBe(403);
    expect(byKey.body.error.code).toBe('user_credentials_required');
    const noReason = await t.http.post(`/v1/accounts/${id}/activate`, { token: admin.token, headers: live, body: {} });
    expect(noReason.body.error).toMatchObject({ code: 'parameter_missing', param: 'reason' });
    const weak = await t.http.post(`/v1/accounts/${id}/activate`, { token: admin.token, headers: live, body: { reason: '...' } });
    expect(weak.status).toBe(400);
    const reason = 'Compliance review closed: source of funds documented';
    expect((await t.http.post(`/v1/accounts/${id}/activate`, { token: admin.token, headers: live, body: { reason } })).status).toBe(200);
    // A live key told to act in test is a mistake to point out, not to answer with live data.
    const mixed = await t.http.get('/v1/accounts', { token: liveKey, headers: { 'payos-environment': 'test' } });
    expect(mixed.status).toBe(400);
    expect(mixed.body.error).toMatchObject({ code: 'invalid_environment', param: 'PayOS-Environment' });
  });
});
