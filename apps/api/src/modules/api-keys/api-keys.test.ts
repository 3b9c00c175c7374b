import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { testApp } from '../../../../../tests/fixtures.js';
import { addMember, buildApp, createKey, PASSWORD, signup } from '../../../../../tests/harness.js';

const t = testApp();

const HOUR = 60 * 60 * 1000;

describe('API keys', () => {
  it('create → use → revoke → 401, with the secret shown once and stored hashed', async () => {
    const owner = await signup(t.http, 'keys');
    const created = await t.http.post('/v1/api-keys', { token: owner.token, body: { name: 'Backend', environment: 'live' } });
    expect(created.status).toBe(201);
    const { key, id, prefix } = created.body.data;
    expect(key).toMatch(/^pk_live_[A-Za-z0-9]{43}$/);
    expect(key.startsWith(prefix)).toBe(true);
    expect(created.body.data).toMatchObject({ name: 'Backend', environment: 'live', status: 'active', lastUsedAt: null });

    const [stored] = await withOwner(t.db, (tx) => tx.query<{ key_hash: string }>('SELECT key_hash FROM api_keys WHERE id = $1', [id]));
    expect(stored?.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.key_hash).not.toContain(key);

    const used = await t.http.get('/v1/organization', { token: key });
    expect(used.status).toBe(200);
    const fetched = await t.http.get(`/v1/api-keys/${id}`, { token: owner.token });
    expect(fetched.body.data.lastUsedAt).not.toBeNull();
    expect(fetched.body.data.key).toBeUndefined();
    const listed = await t.http.get('/v1/api-keys', { token: owner.token });
    expect(JSON.stringify(listed.body)).not.toContain(key);

    const revoked = await t.http.delete(`/v1/api-keys/${id}`, { token: owner.token });
    expect(revoked.status).toBe(200);
    expect(revoked.body.data.status).toBe('revoked');
    const after = await t.http.get('/v1/organization', { token: key });
    expect(after.status).toBe(401);
    expect(after.body.error).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key', message: 'Invalid API key.' });
  });

  it('gives unknown, malformed and revoked keys the same 401', async () => {
    const unknown = await t.http.get('/v1/organization', { token: 'pk_test_0000000000000000000000000000000000000000000' });
    const malformed = await t.http.get('/v1/organization', { token: 'pk_test_!!' + 'x'.repeat(20) });
    for (const res of [unknown, malformed]) {
      expect(res.status).toBe(401);
      expect(res.body.error.message).toBe('Invalid API key.');
    }
    expect((await t.http.get('/v1/organization')).status).toBe(401);
  });

  it('revocation reaches another API instance within one second', async () => {
    const owner = await signup(t.http, 'instances');
    const { key, id } = await createKey(t.http, owner.token);
    const other = buildApp(t.db, { clock: t.clock });
    expect((await other.http.get('/v1/organization', { token: key })).status).toBe(200);
    await t.http.delete(`/v1/api-keys/${id}`, { token: owner.token });
    t.clock.advance(1_001);
    expect((await other.http.get('/v1/organization', { token: key })).status).toBe(401);
  });

  it('rotation issues a new key and keeps the old one for exactly 24 hours', async () => {
    const owner = await signup(t.http, 'rotate');
    const { key: oldKey, id } = await createKey(t.http, owner.token);
    const rotated = await t.http.post(`/v1/api-keys/${id}/rotate`, { token: owner.token });
    expect(rotated.status).toBe(201);
    const newKey = rotated.body.data.key;
    expect(newKey).not.toBe(oldKey);
    expect(rotated.body.data.replaces).toMatchObject({ id, status: 'grace_period' });

    expect((await t.http.get('/v1/organization', { token: oldKey })).status).toBe(200);
    expect((await t.http.get('/v1/organization', { token: newKey })).status).toBe(200);
    const again = await t.http.post(`/v1/api-keys/${id}/rotate`, { token: owner.token });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('invalid_state');

    t.clock.advance(24 * HOUR - 2_000);
    expect((await t.http.get('/v1/organization', { token: oldKey })).status).toBe(200);
    t.clock.advance(2_001);
    expect((await t.http.get('/v1/organization', { token: oldKey })).status).toBe(401);
    expect((await t.http.get('/v1/organization', { token: newKey })).status).toBe(200);
    // A day later the owner's access token has long expired: log in again to look.
    const login = await t.http.post('/v1/auth/login', { body: { email: owner.email, password: PASSWORD } });
    const token = login.body.data.session.accessToken;
    expect((await t.http.get(`/v1/api-keys/${id}`, { token })).body.data.status).toBe('expired');
  });

  it('members manage only their own keys; admins manage all', async () => {
    const owner = await signup(t.http, 'perm');
    const member = await addMember(t.http, owner.token, 'member');
    const admin = await addMember(t.http, owner.token, 'admin');
    const ownerKey = await createKey(t.http, owner.token);
    const memberKey = await createKey(t.http, member.token);
    expect((await t.http.delete(`/v1/api-keys/${ownerKey.id}`, { token: member.token })).status).toBe(403);
    expect((await t.http.post(`/v1/api-keys/${ownerKey.id}/rotate`, { token: member.token })).status).toBe(403);
    expect((await t.http.get('/v1/organization', { token: ownerKey.key })).status).toBe(200);
    expect((await t.http.delete(`/v1/api-keys/${memberKey.id}`, { token: member.token })).status).toBe(200);
    expect((await t.http.delete(`/v1/api-keys/${ownerKey.id}`, { token: admin.token })).status).toBe(200);
  });

  it('validates input and filters by environment', async () => {
    const owner = await signup(t.http, 'validate');
    const bad = await t.http.post('/v1/api-keys', { token: owner.token, body: { name: 'x', environment: 'prod' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('environment');
    await createKey(t.http, owner.token, 'test');
    await createKey(t.http, owner.token, 'live');
    const live = await t.http.get('/v1/api-keys?environment=live', { token: owner.token });
    expect(live.body.data.map((k: { environment: string }) => k.environment)).toEqual(['live']);
  });

  it('paginates newest first with an opaque cursor', async () => {
    const owner = await signup(t.http, 'pages');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1_000);
      ids.push((await createKey(t.http, owner.token)).id);
    }
    const first = await t.http.get('/v1/api-keys?limit=2', { token: owner.token });
    expect(first.body).toMatchObject({ hasMore: true });
    const second = await t.http.get(`/v1/api-keys?limit=2&cursor=${first.body.nextCursor}`, { token: owner.token });
    const third = await t.http.get(`/v1/api-keys?limit=2&cursor=${second.body.nextCursor}`, { token: owner.token });
    expect(third.body).toMatchObject({ hasMore: false, nextCursor: null });
    const seen = [...first.body.data, ...second.body.data, ...third.body.data].map((k: { id: string }) => k.id);
    expect(seen).toEqual([...ids].reverse());
    const badCursor = await t.http.get('/v1/api-keys?cursor=garbage', { token: owner.token });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.param).toBe('cursor');
    expect((await t.http.get('/v1/api-keys?limit=101', { token: owner.token })).body.error.param).toBe('limit');
  });
});
