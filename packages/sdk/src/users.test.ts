import { describe, expect, it } from 'vitest';
import { PASSWORD, uniqueEmail } from '../../../tests/harness.js';
import { AuthenticationError, NotFoundError, PayOS, type PayOSOptions, PermissionError } from './index.js';
import { recordingFetch, serveApi } from './testing/api.js';

const api = serveApi();

/** A client with no credential, and one acting as the owner of a new organization signed up through it. */
async function owner(options: Partial<PayOSOptions> = {}) {
  const fetch = recordingFetch();
  const anonymous = new PayOS({ baseUrl: api().baseUrl, fetch });
  const email = uniqueEmail('sdk-owner');
  const signedUp = await anonymous.auth.signup({ email, password: PASSWORD, name: 'Ana Souza', organizationName: 'Northwind' });
  const payos = new PayOS({ baseUrl: api().baseUrl, accessToken: signedUp.session.accessToken, fetch, ...options });
  return { anonymous, payos, email, signedUp, calls: fetch.calls };
}

describe('user sessions through the SDK', () => {
  it('signs up and logs in without a credential, then me → sessions → refresh → logout; the old refresh token is refused', async () => {
    const { anonymous, email, signedUp, calls } = await owner();
    expect(signedUp).toMatchObject({ user: { email, role: 'owner' }, tenant: { name: 'Northwind' }, session: { tokenType: 'Bearer' } });

    const login = await anonymous.auth.login({ email, password: PASSWORD });
    expect(login.user.id).toBe(signedUp.user.id);
    expect(login.session.refreshToken).toMatch(/^rt_/);
    const user = new PayOS({ baseUrl: api().baseUrl, accessToken: login.session.accessToken, fetch: recordingFetch(calls) });
    expect(await user.auth.me()).toMatchObject({ user: { email }, tenant: { id: signedUp.tenant.id }, role: 'owner' });

    const sessions = await user.auth.sessions.list().toArray();
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);

    const refreshed = await anonymous.auth.refresh({ refreshToken: login.session.refreshToken });
    expect(refreshed.session.refreshToken).not.toBe(login.session.refreshToken);
    const renewed = new PayOS({ baseUrl: api().baseUrl, accessToken: refreshed.session.accessToken, fetch: recordingFetch(calls) });
    expect((await renewed.auth.me()).user.email).toBe(email);

    expect(await renewed.auth.logout()).toBeUndefined();
    const refused = await anonymous.auth.refresh({ refreshToken: refreshed.session.refreshToken }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AuthenticationError);
    expect(refused).toMatchObject({ type: 'authentication_error', status: 401 });
    await expect(renewed.auth.me()).rejects.toBeInstanceOf(AuthenticationError);

    // The public calls went without a credential or an Idempotency-Key; logout, an action, with neither body nor key.
    const publicCalls = calls.filter((c) => /^\/v1\/auth\/(signup|login|refresh)$/.test(c.path));
    expect(publicCalls.length).toBe(4);
    for (const call of publicCalls) {
      expect(call.headers.get('authorization')).toBeNull();
      expect(call.headers.get('idempotency-key')).toBeNull();
      expect(call.headers.get('content-type')).toBe('application/json');
    }
    const logout = calls.find((c) => c.path === '/v1/auth/logout');
    expect(logout?.status).toBe(204);
    expect(logout?.headers.get('content-type')).toBeNull();
    expect(logout?.headers.get('idempotency-key')).toBeNull();
  });

  it('revokes another session of the user', async () => {
    const { anonymous, payos, email } = await owner();
    const other = await anonymous.auth.login({ email, password: PASSWORD });
    const device = new PayOS({ baseUrl: api().baseUrl, accessToken: other.session.accessToken });
    // Both sessions may share a creation instant (the test clock), so find the other one by `current`.
    const sessions = await payos.auth.sessions.list().toArray({ max: 10 });
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const another = sessions.find((s) => !s.current);
    expect(another).toBeDefined();
    expect(await payos.auth.sessions.revoke(another?.id ?? '')).toBeUndefined();
    await expect(device.auth.me()).rejects.toBeInstanceOf(AuthenticationError);
    expect((await payos.auth.me()).user.email).toBe(email);
  });

  it('never sends a credential nor asks onUnauthorized for a public call; a user operation without one is 401', async () => {
    const fetch = recordingFetch();
    const asked: string[] = [];
    const payos = new PayOS({
      baseUrl: api().baseUrl,
      fetch,
      getToken: () => 'a.stale.token',
      onUnauthorized: (error) => {
        asked.push(error.code);
        return true;
      },
    });
    const wrong = await payos.auth.login({ email: uniqueEmail('nobody'), password: 'not-the-password' }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(AuthenticationError);
    expect(wrong).toMatchObject({ code: 'invalid_credentials', status: 401 });
    expect(asked).toEqual([]);
    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0]?.headers.get('authorization')).toBeNull();

    const anonymous = new PayOS({ baseUrl: api().baseUrl, fetch });
    const missing = await anonymous.auth.me().catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AuthenticationError);
    expect(missing).toMatchObject({ code: 'missing_credentials' });
    const noSession = new PayOS({ baseUrl: api().baseUrl, fetch, getToken: () => undefined });
    await expect(noSession.organization.get()).rejects.toMatchObject({ code: 'missing_credentials' });
    expect(fetch.calls.slice(1).map((c) => c.headers.get('authorization'))).toEqual([null, null]);
  });
});

describe('API keys through the SDK', () => {
  it('create → list → rotate → revoke: the rotated secret works, the revoked key answers 401', async () => {
    const { payos, calls } = await owner();
    const created = await payos.apiKeys.create({ name: 'Payroll backend', environment: 'test' });
    expect(created).toMatchObject({ name: 'Payroll backend', environment: 'test', status: 'active' });
    expect(created.key).toMatch(/^pk_test_/);
    const original = new PayOS({ baseUrl: api().baseUrl, apiKey: created.key });
    await original.accounts.list().page();

    expect((await payos.apiKeys.list({ environment: 'test' }).toArray()).map((k) => k.id)).toEqual([created.id]);
    expect(await payos.apiKeys.list({ environment: 'live' }).toArray()).toEqual([]);

    const rotated = await payos.apiKeys.rotate(created.id);
    expect(rotated.key).not.toBe(created.key);
    expect(rotated.replaces).toMatchObject({ id: created.id, status: 'grace_period' });
    const rotate = calls.find((c) => c.path.endsWith('/rotate'));
    expect(rotate?.headers.get('content-type')).toBeNull();
    expect(rotate?.headers.get('idempotency-key')).toMatch(/\S/);
    const current = new PayOS({ baseUrl: api().baseUrl, apiKey: rotated.key });
    const account = await current.accounts.create({ type: 'person', name: 'After rotation' });
    expect(account.name).toBe('After rotation');
    await original.accounts.get(account.id); // the old key keeps its 24-hour grace period

    expect((await payos.apiKeys.get(rotated.id)).status).toBe('active');
    expect(await payos.apiKeys.list().toArray()).toHaveLength(2);

    const revoked = await payos.apiKeys.revoke(rotated.id);
    expect(revoked).toMatchObject({ id: rotated.id, status: 'revoked' });
    const refused = await current.accounts.get(account.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AuthenticationError);
    expect(refused).toMatchObject({ status: 401, code: 'invalid_api_key' });

    // Keys are for users to manage: a key is refused.
    await expect(original.apiKeys.list().page()).rejects.toBeInstanceOf(PermissionError);
  });
});

describe('the team through the SDK', () => {
  it('invite → accept (no credential) → change role → remove', async () => {
    const { anonymous, payos, signedUp } = await owner();
    const email = uniqueEmail('invitee');
    const invite = await payos.organization.invites.create({ email, role: 'viewer' });
    expect(invite).toMatchObject({ email, role: 'viewer', invitedBy: signedUp.user.id });
    expect(invite.inviteToken).toMatch(/^inv_/);
    expect((await payos.organization.invites.list().toArray()).map((i) => i.id)).toEqual([invite.id]);

    const joined = await anonymous.organization.invites.accept({ inviteToken: invite.inviteToken, name: 'Bruno Lima', password: PASSWORD });
    expect(joined).toMatchObject({ user: { email, role: 'viewer' }, tenant: { id: signedUp.tenant.id } });
    expect(await payos.organization.invites.list().toArray()).toEqual([]);
    const member = new PayOS({ baseUrl: api().baseUrl, accessToken: joined.session.accessToken });
    expect((await member.auth.me()).role).toBe('viewer');
    await expect(member.organization.update({ name: 'Hijacked' })).rejects.toBeInstanceOf(PermissionError);

    const members = await payos.organization.members.list().toArray();
    expect(members.map((m) => m.email).sort()).toEqual([email, signedUp.user.email].sort());
    const promoted = await payos.organization.members.changeRole(joined.user.id, { role: 'admin' });
    expect(promoted).toMatchObject({ id: joined.user.id, role: 'admin' });
    expect((await payos.organization.update({ name: 'Northwind LLC', metadata: { region: 'latam' } })).name).toBe('Northwind LLC');

    expect(await payos.organization.members.remove(joined.user.id)).toBeUndefined();
    expect((await payos.organization.members.list().toArray()).map((m) => m.id)).toEqual([signedUp.user.id]);
    await expect(member.auth.me()).rejects.toBeInstanceOf(AuthenticationError);
    await expect(payos.organization.members.remove(joined.user.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
