import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { testApp } from '../../../../../tests/fixtures.js';
import { PASSWORD, signup, uniqueEmail } from '../../../../../tests/harness.js';

const t = testApp();

describe('signup, login, me, refresh', () => {
  it('walks the whole session lifecycle, and reuse of a refresh token revokes every session', async () => {
    const email = uniqueEmail('lifecycle');
    const created = await t.http.post('/v1/auth/signup', {
      body: { email: email.toUpperCase(), password: PASSWORD, name: 'Ana Souza', organizationName: 'Acme Payouts' },
    });
    expect(created.status).toBe(201);
    expect(created.body.data.user).toMatchObject({ email, name: 'Ana Souza', role: 'owner' });
    expect(created.body.data.tenant).toMatchObject({ name: 'Acme Payouts', status: 'active' });
    expect(created.body.data.session).toMatchObject({ expiresIn: 900, tokenType: 'Bearer' });

    const login = await t.http.post('/v1/auth/login', { body: { email, password: PASSWORD } });
    expect(login.status).toBe(200);
    const { accessToken, refreshToken } = login.body.data.session;

    const me = await t.http.get('/v1/auth/me', { token: accessToken });
    expect(me.status).toBe(200);
    expect(me.body.data).toMatchObject({ role: 'owner', user: { email }, tenant: { id: created.body.data.tenant.id } });

    const sessions = await t.http.get('/v1/auth/sessions', { token: accessToken });
    expect(sessions.body.data).toHaveLength(2);
    expect(sessions.body.data.filter((s: { current: boolean }) => s.current)).toHaveLength(1);

    const refreshed = await t.http.post('/v1/auth/refresh', { body: { refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.data.session.refreshToken).not.toBe(refreshToken);
    const rotatedAccess = refreshed.body.data.session.accessToken;
    expect((await t.http.get('/v1/auth/me', { token: rotatedAccess })).status).toBe(200);

    // The old refresh token again: treated as stolen. Every session of the user dies.
    const reused = await t.http.post('/v1/auth/refresh', { body: { refreshToken } });
    expect(reused.status).toBe(401);
    expect(reused.body.error.code).toBe('refresh_token_reused');
    expect((await t.http.post('/v1/auth/refresh', { body: { refreshToken: refreshed.body.data.session.refreshToken } })).status).toBe(401);
    expect((await t.http.get('/v1/auth/me', { token: rotatedAccess })).status).toBe(401);
    expect((await t.http.get('/v1/auth/me', { token: created.body.data.session.accessToken })).status).toBe(401);
    const [open] = await withOwner(t.db, (tx) =>
      tx.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1 AND revoked_at IS NULL', [me.body.data.user.id]),
    );
    expect(open?.n).toBe(0);
  });

  it('expires access tokens after 15 minutes and refresh tokens after 7 days', async () => {
    const owner = await signup(t.http, 'expiry');
    t.clock.advance(15 * 60 * 1000 + 1000);
    expect((await t.http.get('/v1/auth/me', { token: owner.token })).status).toBe(401);
    const refreshed = await t.http.post('/v1/auth/refresh', { body: { refreshToken: owner.refreshToken } });
    expect(refreshed.status).toBe(200);
    t.clock.advance(7 * 24 * 60 * 60 * 1000 + 1000);
    const late = await t.http.post('/v1/auth/refresh', { body: { refreshToken: refreshed.body.data.session.refreshToken } });
    expect(late.status).toBe(401);
    expect(late.body.error.code).toBe('invalid_refresh_token');
  });

  it('logout revokes the session; sessions can be listed and revoked one by one', async () => {
    const owner = await signup(t.http, 'logout');
    const second = await t.http.post('/v1/auth/login', { body: { email: owner.email, password: PASSWORD } });
    const secondToken = second.body.data.session.accessToken;
    const list = await t.http.get('/v1/auth/sessions', { token: owner.token });
    const other = list.body.data.find((s: { current: boolean }) => !s.current);
    expect((await t.http.delete(`/v1/auth/sessions/${other.id}`, { token: owner.token })).status).toBe(204);
    expect((await t.http.get('/v1/auth/me', { token: secondToken })).status).toBe(401);
    expect((await t.http.post('/v1/auth/logout', { token: owner.token })).status).toBe(204);
    expect((await t.http.get('/v1/auth/me', { token: owner.token })).status).toBe(401);
    expect((await t.http.post('/v1/auth/refresh', { body: { refreshToken: owner.refreshToken } })).status).toBe(401);
  });

  it('rejects a duplicate e-mail with 409 and writes nothing', async () => {
    const owner = await signup(t.http, 'dupe');
    const again = await t.http.post('/v1/auth/signup', {
      body: { email: owner.email, password: PASSWORD, name: 'x', organizationName: 'Second org' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ type: 'conflict_error', code: 'email_taken' });
    const [row] = await withOwner(t.db, (tx) =>
      tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM tenants WHERE name = 'Second org'`),
    );
    expect(row?.n).toBe(0);
  });

  it.each([
    [{ password: 'short-pass' }, 'password'],
    [{ password: 'x'.repeat(129) }, 'password'],
    [{ email: 'not-an-email' }, 'email'],
    [{ name: '' }, 'name'],
    [{ organizationName: 42 }, 'organizationName'],
    [{ unexpected: true }, 'unexpected'],
  ])('signup with %j is a 400 naming %s', async (patch, param) => {
    const body = { email: uniqueEmail('bad'), password: PASSWORD, name: 'n', organizationName: 'o', ...patch };
    const res = await t.http.post('/v1/auth/signup', { body });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', param });
    expect(res.body.error.requestId).toMatch(/^req_/);
  });
});

describe('login failures', () => {
  it('answers unknown e-mail and wrong password identically', async () => {
    const owner = await signup(t.http, 'generic');
    const wrong = await t.http.post('/v1/auth/login', { body: { email: owner.email, password: 'wrong-password-123' } });
    const unknown = await t.http.post('/v1/auth/login', { body: { email: uniqueEmail('nobody'), password: 'wrong-password-123' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    expect(wrong.body.error.code).toBe('invalid_credentials');
  });

  it('locks an e-mail for 15 minutes after 5 failures, even with the right password', async () => {
    const owner = await signup(t.http, 'locked');
    for (let i = 0; i < 5; i++) {
      const res = await t.http.post('/v1/auth/login', { body: { email: owner.email, password: 'wrong-password-123' } });
      expect(res.status).toBe(401);
    }
    const locked = await t.http.post('/v1/auth/login', { body: { email: owner.email, password: PASSWORD } });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('login_locked');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
  });
});
