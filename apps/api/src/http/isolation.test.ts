import { withOwner, withTenant } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { testApp } from '../../../../tests/fixtures.js';
import { addMember, createKey, signup } from '../../../../tests/harness.js';

const t = testApp();

/** Everything tenant A owns, read as the owner role (RLS does not apply) to prove nothing changed. */
async function snapshot(tenantId: string) {
  return withOwner(t.db, async (tx) => ({
    tenant: await tx.query('SELECT name, metadata, status, updated_at FROM tenants WHERE id = $1', [tenantId]),
    users: await tx.query('SELECT id, role, status, updated_at FROM users WHERE tenant_id = $1 ORDER BY id', [tenantId]),
    keys: await tx.query('SELECT id, revoked_at, expires_at FROM api_keys WHERE tenant_id = $1 ORDER BY id', [tenantId]),
    sessions: await tx.query('SELECT id, revoked_at FROM sessions WHERE tenant_id = $1 ORDER BY id', [tenantId]),
    invites: await tx.query('SELECT id, accepted_at FROM invites WHERE tenant_id = $1 ORDER BY id', [tenantId]),
  }));
}

describe('tenant isolation', () => {
  it("tenant B's credentials on tenant A's ids get 404 on every route and change nothing", async () => {
    const a = await signup(t.http, 'tenant-a');
    const aMember = await addMember(t.http, a.token, 'member');
    const aKey = await createKey(t.http, a.token);
    const aSessions = await t.http.get('/v1/auth/sessions', { token: a.token });
    const aSessionId = aSessions.body.data[0].id as string;

    const b = await signup(t.http, 'tenant-b');
    const before = await snapshot(a.tenantId);

    const attempts = [
      t.http.get(`/v1/api-keys/${aKey.id}`, { token: b.token }),
      t.http.delete(`/v1/api-keys/${aKey.id}`, { token: b.token }),
      t.http.post(`/v1/api-keys/${aKey.id}/rotate`, { token: b.token }),
      t.http.patch(`/v1/organization/team/${aMember.userId}`, { token: b.token, body: { role: 'viewer' } }),
      t.http.delete(`/v1/organization/team/${aMember.userId}`, { token: b.token }),
      t.http.delete(`/v1/auth/sessions/${aSessionId}`, { token: b.token }),
      t.http.get(`/v1/api-keys/${aKey.id}`, { token: b.token, environment: 'live' }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(404);
      expect(res.body.error.type).toBe('not_found_error');
    }

    const bKeys = await t.http.get('/v1/api-keys', { token: b.token });
    expect(bKeys.body.data).toEqual([]);
    const bTeam = await t.http.get('/v1/organization/team', { token: b.token });
    expect(bTeam.body.data.map((m: { id: string }) => m.id)).toEqual([b.userId]);
    const bOrg = await t.http.get('/v1/organization', { token: b.token });
    expect(bOrg.body.data.id).toBe(b.tenantId);

    expect(await snapshot(a.tenantId)).toEqual(before);
    expect((await t.http.get('/v1/organization', { token: aKey.key })).status).toBe(200);
  });

  it('a forged access token naming another tenant is rejected', async () => {
    const a = await signup(t.http, 'forge-a');
    const [, payload] = a.token.split('.');
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString());
    claims.tid = '00000000-0000-0000-0000-000000000000';
    const forged = a.token.replace(payload as string, Buffer.from(JSON.stringify(claims)).toString('base64url'));
    expect((await t.http.get('/v1/organization', { token: forged })).status).toBe(401);
  });
});

describe('environment isolation', () => {
  it('a pk_test_ key never sees live objects', async () => {
    const owner = await signup(t.http, 'envs');
    const testKey = await createKey(t.http, owner.token, 'test');
    const liveKey = await createKey(t.http, owner.token, 'live');
    // A live object: the stored result of a live idempotent request.
    const live = await t.http.post('/v1/api-keys', {
      token: owner.token,
      environment: 'live',
      body: { name: 'made-in-live', environment: 'live' },
      headers: { 'idempotency-key': 'shared-key' },
    });
    expect(live.status).toBe(201);
    const scope = (environment: 'test' | 'live') => ({ tenantId: owner.tenantId, environment });
    const count = (environment: 'test' | 'live') =>
      withTenant(t.db, scope(environment), (tx) =>
        tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = 'shared-key'`),
      );
    expect((await count('live'))[0]?.n).toBe(1);
    expect((await count('test'))[0]?.n).toBe(0);

    // The same idempotency key in test is a different request: no replay of the live object.
    const testReply = await t.http.post('/v1/api-keys', {
      token: owner.token,
      body: { name: 'made-in-live', environment: 'live' },
      headers: { 'idempotency-key': 'shared-key' },
    });
    expect(testReply.headers.get('idempotent-replayed')).toBeNull();
    expect(testReply.body.data.id).not.toBe(live.body.data.id);

    // Keys carry their environment; a header cannot move a key into the other one (it is a 400 that says so).
    const moved = await t.http.get('/v1/organization', { token: testKey.key, environment: 'live' });
    expect(moved.status).toBe(400);
    expect(moved.body.error.code).toBe('invalid_environment');
    await withTenant(t.db, scope('test'), async (tx) => {
      const rows = await tx.query(`SELECT 1 FROM idempotency_keys WHERE environment = 'live'`);
      expect(rows).toHaveLength(0);
    });
    expect(liveKey.key.startsWith('pk_live_')).toBe(true);
  });
});
