import { describe, expect, it } from 'vitest';
import { tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import { addMember } from '../../../../../tests/harness.js';

const t = testApp();
const tenant = tenantWithKey(t, 'locale');

/** The dashboard language per user (issue #20 §6): PATCH /v1/auth/me {locale}, read back by GET /v1/auth/me. */
describe('PATCH /v1/auth/me {locale}', () => {
  it('starts unset, is set, read back (also by a new login), and reset to the browser default with null', async () => {
    const token = tenant.owner.token;
    expect((await t.http.get('/v1/auth/me', { token })).body.data.locale).toBeNull();

    const set = await t.http.patch('/v1/auth/me', { token, body: { locale: 'pt-BR' } });
    expect(set.status).toBe(200);
    expect(set.body.data).toMatchObject({ locale: 'pt-BR', user: { id: tenant.owner.userId }, role: 'owner' });
    expect((await t.http.get('/v1/auth/me', { token: await tenant.userToken() })).body.data.locale).toBe('pt-BR');

    expect((await t.http.patch('/v1/auth/me', { token, body: { locale: 'es-419' } })).body.data.locale).toBe('es-419');
    const reset = await t.http.patch('/v1/auth/me', { token, body: { locale: null } });
    expect(reset.status).toBe(200);
    expect(reset.body.data.locale).toBeNull();
    expect((await t.http.get('/v1/auth/me', { token })).body.data.locale).toBeNull();
  });

  it('records who changed their preferences in the audit trail', async () => {
    const token = tenant.owner.token;
    await t.http.patch('/v1/auth/me', { token, body: { locale: 'en' } });
    // The test clock stands still, so events of one instant are in no particular order: look for it.
    const events = await t.http.get('/v1/audit-events?limit=100', { token });
    const recorded = (events.body.data as { action: string }[]).filter((e) => e.action === 'user.preferences_updated');
    expect(recorded.length).toBeGreaterThan(0);
    expect(recorded[0]).toMatchObject({ objectType: 'user', objectId: tenant.owner.userId, actor: { type: 'user' } });
  });

  it.each([
    [{ locale: 'es' }, 'locale'],
    [{ locale: 'pt-PT' }, 'locale'],
    [{ locale: 'EN' }, 'locale'],
    [{ locale: 7 }, 'locale'],
    [{}, 'locale'],
    [{ locale: 'en', theme: 'dark' }, undefined],
  ])('refuses %j with a 400 and changes nothing', async (body, param) => {
    const token = tenant.owner.token;
    await t.http.patch('/v1/auth/me', { token, body: { locale: 'pt-BR' } });
    const refused = await t.http.patch('/v1/auth/me', { token, body });
    expect(refused.status).toBe(400);
    expect(refused.body.error.type).toBe('invalid_request_error');
    if (param) expect(refused.body.error.param).toBe(param);
    expect((await t.http.get('/v1/auth/me', { token })).body.data.locale).toBe('pt-BR');
  });

  it('is for users only: an API key gets 403', async () => {
    const refused = await t.http.patch('/v1/auth/me', { token: tenant.key, body: { locale: 'es-419' } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.type).toBe('permission_error');
  });

  it("a viewer sets their own, and leaves every other user's untouched", async () => {
    const owner = tenant.owner.token;
    await t.http.patch('/v1/auth/me', { token: owner, body: { locale: 'pt-BR' } });
    const viewer = await addMember(t.http, owner, 'viewer');
    expect((await t.http.get('/v1/auth/me', { token: viewer.token })).body.data.locale).toBeNull();

    const set = await t.http.patch('/v1/auth/me', { token: viewer.token, body: { locale: 'es-419' } });
    expect(set.status).toBe(200);
    expect(set.body.data.locale).toBe('es-419');
    expect((await t.http.get('/v1/auth/me', { token: owner })).body.data.locale).toBe('pt-BR');
    expect((await t.http.get('/v1/auth/me', { token: viewer.token })).body.data.locale).toBe('es-419');
  });
});
