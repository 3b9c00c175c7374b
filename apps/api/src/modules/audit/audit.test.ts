import { describe, expect, it } from 'vitest';
import { testApp } from '../../../../../tests/fixtures.js';
import { createKey, signup, uniqueEmail } from '../../../../../tests/harness.js';

const t = testApp();

describe('audit events', () => {
  it('records every state change with its actor and request id, in this environment only', async () => {
    const owner = await signup(t.http, 'audited');
    const { key, id: keyId } = await createKey(t.http, owner.token);
    const account = await t.http.post('/v1/accounts', {
      token: key,
      body: { type: 'person', name: 'Audited' },
      headers: { 'x-request-id': 'req-audit-1' },
    });
    const accountId = account.body.data.id;
    await t.http.patch(`/v1/accounts/${accountId}`, { token: owner.token, body: { name: 'Audited Person' } });
    await t.http.post(`/v1/accounts/${accountId}/verify`, { token: owner.token, body: { tier: 1 } });
    await t.http.post('/v1/deposits', { token: key, body: { accountId, amount: '10', currency: 'USD' } });
    await t.http.post('/v1/organization/team/invites', { token: owner.token, body: { email: uniqueEmail('aud'), role: 'viewer' } });
    await t.http.post('/v1/accounts', { token: owner.token, environment: 'live', body: { type: 'person', name: 'Live one' } });

    const events = await t.http.get('/v1/audit-events?limit=100', { token: owner.token });
    const actions = events.body.data.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'organization.created',
        'api_key.created',
        'account.created',
        'account.updated',
        'account.verified',
        'deposit.created',
        'invite.created',
      ]),
    );
    const created = events.body.data.find((e: { action: string }) => e.action === 'account.created');
    expect(created).toMatchObject({
      actor: { type: 'api_key', id: keyId },
      objectType: 'account',
      objectId: accountId,
      requestId: 'req-audit-1',
    });
    const byObject = await t.http.get(`/v1/audit-events?objectId=${accountId}`, { token: owner.token });
    expect(byObject.body.data.map((e: { action: string }) => e.action).sort()).toEqual([
      'account.created',
      'account.updated',
      'account.verified',
    ]);

    const live = await t.http.get('/v1/audit-events', { token: owner.token, environment: 'live' });
    expect(live.body.data.map((e: { action: string }) => e.action)).toEqual(['account.created']);
    const other = await signup(t.http, 'audit-other');
    const theirs = await t.http.get('/v1/audit-events', { token: other.token });
    expect(theirs.body.data.map((e: { action: string }) => e.action)).toEqual(['organization.created']);
  });

  it('writes nothing for a change that failed', async () => {
    const owner = await signup(t.http, 'audit-fail');
    const accountId = (await t.http.post('/v1/accounts', { token: owner.token, body: { type: 'person', name: 'Rich' } })).body.data.id;
    await t.http.post('/v1/deposits', { token: owner.token, body: { accountId, amount: '10', currency: 'USD' } });
    const before = (await t.http.get('/v1/audit-events', { token: owner.token })).body.data.length;
    expect((await t.http.delete(`/v1/accounts/${accountId}`, { token: owner.token })).status).toBe(422);
    expect((await t.http.post('/v1/deposits', { token: owner.token, body: { accountId, amount: '-1', currency: 'USD' } })).status).toBe(
      400,
    );
    expect((await t.http.get('/v1/audit-events', { token: owner.token })).body.data.length).toBe(before);
  });
});
