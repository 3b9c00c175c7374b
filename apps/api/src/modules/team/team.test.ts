import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { testApp } from '../../../../../tests/fixtures.js';
import { addMember, createKey, PASSWORD, signup, uniqueEmail } from '../../../../../tests/harness.js';

const t = testApp();

describe('invites', () => {
  it('invite → accept → the new member logs in with the invited role; the token works once', async () => {
    const owner = await signup(t.http, 'inviter');
    const email = uniqueEmail('invitee');
    const invite = await t.http.post('/v1/organization/team/invites', { token: owner.token, body: { email, role: 'member' } });
    expect(invite.status).toBe(201);
    expect(invite.body.data).toMatchObject({ email, role: 'member', invitedBy: owner.userId });
    expect(invite.body.data.inviteToken).toMatch(/^inv_/);

    const pending = await t.http.get('/v1/organization/team/invites', { token: owner.token });
    expect(pending.body.data.map((i: { email: string }) => i.email)).toEqual([email]);
    expect(JSON.stringify(pending.body)).not.toContain(invite.body.data.inviteToken);

    const accepted = await t.http.post('/v1/auth/accept-invite', {
      body: { inviteToken: invite.body.data.inviteToken, password: PASSWORD, name: 'New Hire' },
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.data.user).toMatchObject({ email, role: 'member', name: 'New Hire' });
    expect(accepted.body.data.tenant.id).toBe(owner.tenantId);

    const again = await t.http.post('/v1/auth/accept-invite', {
      body: { inviteToken: invite.body.data.inviteToken, password: PASSWORD, name: 'Twice' },
    });
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({ code: 'invite_invalid', param: 'inviteToken' });

    const team = await t.http.get('/v1/organization/team', { token: owner.token });
    expect(team.body.data.map((m: { email: string }) => m.email).sort()).toEqual([email, owner.email].sort());
  });

  it('expires invites after 7 days', async () => {
    const owner = await signup(t.http, 'expiring');
    const invite = await t.http.post('/v1/organization/team/invites', {
      token: owner.token,
      body: { email: uniqueEmail('late'), role: 'viewer' },
    });
    t.clock.advance(7 * 24 * 60 * 60 * 1000 + 1);
    const late = await t.http.post('/v1/auth/accept-invite', {
      body: { inviteToken: invite.body.data.inviteToken, password: PASSWORD, name: 'Late' },
    });
    expect(late.status).toBe(400);
  });

  it('refuses an invite for an existing user (409) and a duplicate pending invite (409)', async () => {
    const owner = await signup(t.http, 'dupes');
    const other = await signup(t.http, 'elsewhere');
    const existing = await t.http.post('/v1/organization/team/invites', {
      token: owner.token,
      body: { email: other.email, role: 'member' },
    });
    expect(existing.status).toBe(409);
    expect(existing.body.error.code).toBe('email_taken');
    const email = uniqueEmail('twice');
    expect((await t.http.post('/v1/organization/team/invites', { token: owner.token, body: { email, role: 'member' } })).status).toBe(201);
    const second = await t.http.post('/v1/organization/team/invites', { token: owner.token, body: { email, role: 'member' } });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('invite_pending');
  });
});

describe('role matrix', () => {
  it('viewers read but get 403 on every write', async () => {
    const owner = await signup(t.http, 'viewer-owner');
    const viewer = await addMember(t.http, owner.token, 'viewer');
    expect((await t.http.get('/v1/organization', { token: viewer.token })).status).toBe(200);
    expect((await t.http.get('/v1/organization/team', { token: viewer.token })).status).toBe(200);
    expect((await t.http.get('/v1/api-keys', { token: viewer.token })).status).toBe(200);
    const writes = [
      t.http.post('/v1/api-keys', { token: viewer.token, body: { name: 'nope', environment: 'test' } }),
      t.http.patch('/v1/organization', { token: viewer.token, body: { name: 'Hijacked' } }),
      t.http.post('/v1/organization/team/invites', { token: viewer.token, body: { email: uniqueEmail('x'), role: 'viewer' } }),
      t.http.patch(`/v1/organization/team/${owner.userId}`, { token: viewer.token, body: { role: 'viewer' } }),
      t.http.delete(`/v1/organization/team/${owner.userId}`, { token: viewer.token }),
    ];
    for (const res of await Promise.all(writes)) {
      expect(res.status).toBe(403);
      expect(res.body.error.type).toBe('permission_error');
    }
    const org = await t.http.get('/v1/organization', { token: owner.token });
    expect(org.body.data.name).toBe('viewer-owner org');
  });

  it('nobody invites or promotes above their own role; admins cannot touch owners', async () => {
    const owner = await signup(t.http, 'matrix');
    const admin = await addMember(t.http, owner.token, 'admin');
    const member = await addMember(t.http, owner.token, 'member');

    const memberInvite = await t.http.post('/v1/organization/team/invites', {
      token: member.token,
      body: { email: uniqueEmail('m'), role: 'admin' },
    });
    expect(memberInvite.status).toBe(403);

    const adminInvitesOwner = await t.http.post('/v1/organization/team/invites', {
      token: admin.token,
      body: { email: uniqueEmail('o'), role: 'owner' },
    });
    expect(adminInvitesOwner.status).toBe(403);
    expect(adminInvitesOwner.body.error.code).toBe('role_above_own');

    const adminInvitesMember = await t.http.post('/v1/organization/team/invites', {
      token: admin.token,
      body: { email: uniqueEmail('ok'), role: 'member' },
    });
    expect(adminInvitesMember.status).toBe(201);

    expect((await t.http.patch(`/v1/organization/team/${member.userId}`, { token: admin.token, body: { role: 'owner' } })).status).toBe(
      403,
    );
    expect((await t.http.patch(`/v1/organization/team/${owner.userId}`, { token: admin.token, body: { role: 'member' } })).status).toBe(
      403,
    );
    expect((await t.http.delete(`/v1/organization/team/${owner.userId}`, { token: admin.token })).status).toBe(403);

    const promoted = await t.http.patch(`/v1/organization/team/${member.userId}`, { token: admin.token, body: { role: 'viewer' } });
    expect(promoted.status).toBe(200);
    expect(promoted.body.data.role).toBe('viewer');
    // The demotion applies to the member's next request (sessions re-read the role within a second).
    t.clock.advance(1_500);
    expect((await t.http.post('/v1/api-keys', { token: member.token, body: { name: 'k', environment: 'test' } })).status).toBe(403);
  });

  it('protects the last owner and lets an owner hand over', async () => {
    const owner = await signup(t.http, 'last');
    const demote = await t.http.patch(`/v1/organization/team/${owner.userId}`, { token: owner.token, body: { role: 'admin' } });
    expect(demote.status).toBe(422);
    expect(demote.body.error).toMatchObject({ type: 'business_rule_error', code: 'last_owner' });

    const second = await addMember(t.http, owner.token, 'admin');
    expect((await t.http.patch(`/v1/organization/team/${second.userId}`, { token: owner.token, body: { role: 'owner' } })).status).toBe(
      200,
    );
    expect((await t.http.patch(`/v1/organization/team/${owner.userId}`, { token: owner.token, body: { role: 'admin' } })).status).toBe(200);
    t.clock.advance(1_500);
    const removeLast = await t.http.delete(`/v1/organization/team/${second.userId}`, { token: owner.token });
    expect(removeLast.status).toBe(403);
    const self = await t.http.delete(`/v1/organization/team/${second.userId}`, { token: second.token });
    expect(self.status).toBe(422);
    expect(self.body.error.code).toBe('cannot_remove_self');
  });

  it('removing a member revokes their sessions and frees their e-mail', async () => {
    const owner = await signup(t.http, 'remover');
    const member = await addMember(t.http, owner.token, 'member');
    expect((await t.http.delete(`/v1/organization/team/${member.userId}`, { token: owner.token })).status).toBe(204);
    expect((await t.http.get('/v1/organization', { token: member.token })).status).toBe(401);
    const login = await t.http.post('/v1/auth/login', { body: { email: member.email, password: PASSWORD } });
    expect(login.status).toBe(401);
    const reinvite = await t.http.post('/v1/organization/team/invites', {
      token: owner.token,
      body: { email: member.email, role: 'viewer' },
    });
    expect(reinvite.status).toBe(201);
  });
});

describe('organization', () => {
  it('owners rename it; API keys may read it but not change it or the team', async () => {
    const owner = await signup(t.http, 'org');
    const renamed = await t.http.patch('/v1/organization', { token: owner.token, body: { name: 'Renamed', metadata: { region: 'mx' } } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data).toMatchObject({ name: 'Renamed', metadata: { region: 'mx' } });

    const { key } = await createKey(t.http, owner.token);
    expect((await t.http.get('/v1/organization', { token: key })).body.data.name).toBe('Renamed');
    const denied = await Promise.all([
      t.http.patch('/v1/organization', { token: key, body: { name: 'By key' } }),
      t.http.get('/v1/organization/team', { token: key }),
      t.http.post('/v1/organization/team/invites', { token: key, body: { email: uniqueEmail('k'), role: 'viewer' } }),
      t.http.post('/v1/api-keys', { token: key, body: { name: 'k2', environment: 'test' } }),
      t.http.get('/v1/auth/me', { token: key }),
      // Keys are managed by users only, and that includes reading them (SECURITY.md, permission table).
      t.http.get('/v1/api-keys', { token: key }),
    ]);
    for (const res of denied) expect(res.status).toBe(403);
    const [row] = await withOwner(t.db, (tx) => tx.query<{ name: string }>('SELECT name FROM tenants WHERE id = $1', [owner.tenantId]));
    expect(row?.name).toBe('Renamed');
  });

  it('rejects an empty patch', async () => {
    const owner = await signup(t.http, 'empty');
    const res = await t.http.patch('/v1/organization', { token: owner.token, body: {} });
    expect(res.status).toBe(400);
  });
});
