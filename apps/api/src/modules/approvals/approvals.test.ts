import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import {
  createAgent,
  createApprovalPolicy,
  developerKey,
  expectLedgerOk,
  openAccount,
  refusalChecker,
  tenantWithKey,
  testApp,
} from '../../../../../tests/fixtures.js';
import { addMember, isRealPostgres, type Json, signup } from '../../../../../tests/harness.js';
import { settleDuePayouts } from '../transfers/settlement.service.js';
import { expireDueApprovals } from './approvals.service.js';

const t = testApp();
const tenant = tenantWithKey(t, 'approvals');
const HOUR_MS = 60 * 60 * 1000;

const account = (name: string, funds?: string) => openAccount(t.http, tenant.key, { name, tier: 2, funds });
const policy = async (body: Json) => createApprovalPolicy(t.http, await tenant.userToken(), body);
const removePolicies = async () => {
  const token = await tenant.userToken();
  const list = await t.http.get('/v1/approval-policies', { token });
  for (const p of list.body.data) await t.http.delete(`/v1/approval-policies/${p.id}`, { token });
};
/** Held transfers are started with a developer's key: the owner and admins may decide on them. */
const devKey = developerKey(t, tenant);
const internal = async (from: string, to: string, amount: string, token?: string) =>
  t.http.post('/v1/transfers', {
    token: token ?? (await devKey()),
    body: { type: 'internal', fromAccountId: from, toAccountId: to, amount, currency: 'USDC' },
  });
const balance = async (id: string) =>
  (await t.http.get(`/v1/accounts/${id}/balances`, { token: tenant.key })).body.data.balances.find(
    (b: { currency: string }) => b.currency === 'USDC',
  ) as { available: string; pending: string } | undefined;
const getTransfer = async (id: string) => (await t.http.get(`/v1/transfers/${id}`, { token: tenant.key })).body.data as Json;
const approve = (id: string, token: string) => t.http.post(`/v1/transfers/${id}/approve`, { token });
const deny = (id: string, token: string, reason = 'Not on the supplier list') =>
  t.http.post(`/v1/transfers/${id}/deny`, { token, body: { reason } });
const ledgerOk = async () => expectLedgerOk(t.http, await tenant.userToken());
const rows = async () =>
  withOwner(t.db, async (tx) => ({
    transfers: await tx.query('SELECT id, status, updated_at FROM transfers ORDER BY id'),
    requests: await tx.query('SELECT id, status FROM approval_requests ORDER BY id'),
    decisions: await tx.query('SELECT request_id, user_id FROM approval_decisions ORDER BY 1, 2'),
    ledger: await tx.query('SELECT count(*)::int AS n FROM ledger_transactions'),
  }));

/** Refused with `status`/`code`, writing nothing. */
const refused = refusalChecker(rows);

describe('approval policies', () => {
  it('are created, listed, changed and deleted by owners and admins, audited', async () => {
    const owner = await tenant.userToken();
    const created = await policy({ name: 'Agents over 500', appliesTo: 'payout', amountGte: '500', initiatorTypes: ['agent', 'agent'] });
    expect(created).toMatchObject({
      appliesTo: 'payout',
      amountGte: '500.00',
      initiatorTypes: ['agent'],
      requiredApprovals: 1,
      approverRole: 'admin',
    });
    const patched = await t.http.patch(`/v1/approval-policies/${created.id}`, {
      token: owner,
      body: { requiredApprovals: 2, approverRole: 'owner' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({ name: 'Agents over 500', requiredApprovals: 2, approverRole: 'owner' });
    expect((await t.http.get(`/v1/approval-policies/${created.id}`, { token: owner })).body.data).toEqual(patched.body.data);
    const audit = await t.http.get('/v1/audit-events?objectId=' + created.id, { token: owner });
    expect(audit.body.data.map((e: Json) => e.action)).toEqual(
      expect.arrayContaining(['approval_policy.created', 'approval_policy.updated']),
    );
    expect((await t.http.delete(`/v1/approval-policies/${created.id}`, { token: owner })).status).toBe(200);
    expect((await t.http.get(`/v1/approval-policies/${created.id}`, { token: owner })).status).toBe(404);
  });

  it('refuse bad input with 400 and other roles and credentials with 403, writing nothing', async () => {
    const owner = await tenant.userToken();
    const member = await addMember(t.http, owner, 'member');
    const body = { name: 'x', appliesTo: 'all', amountGte: '10.00', initiatorTypes: ['user'], requiredApprovals: 1, approverRole: 'admin' };
    const post = (b: Json, token = owner) => t.http.post('/v1/approval-policies', { token, body: b });
    await refused(post({ ...body, requiredApprovals: 4 }), 400, 'parameter_invalid');
    await refused(post({ ...body, requiredApprovals: 0 }), 400, 'parameter_invalid');
    await refused(post({ ...body, initiatorTypes: [] }), 400, 'parameter_invalid');
    await refused(post({ ...body, initiatorTypes: ['system'] }), 400, 'parameter_invalid');
    await refused(post({ ...body, amountGte: '10.001' }), 400, 'parameter_invalid');
    await refused(post({ ...body, amountGte: 10 }), 400, 'amount_must_be_string');
    await refused(post({ ...body, approverRole: 'member' }), 400, 'parameter_invalid');
    await refused(post({ ...body, extra: true }), 400, 'unknown_parameter');
    await refused(post(body, member.token), 403, 'insufficient_permissions');
    await refused(post(body, tenant.key), 403, 'user_credentials_required');
    await refused(
      t.http.patch('/v1/approval-policies/00000000-0000-4000-8000-000000000000', { token: owner, body: { name: 'y' } }),
      404,
      'resource_missing',
    );
    await refused(
      t.http.patch('/v1/approval-policies/00000000-0000-4000-8000-000000000000', { token: owner, body: {} }),
      400,
      'invalid_body',
    );
  });
});

describe('maker-checker', () => {
  it('holds a matching transfer in requires_approval from its boundary up, and lets smaller ones through', async () => {
    await removePolicies();
    await policy({ amountGte: '1000.00', initiatorTypes: ['api_key'], appliesTo: 'internal' });
    const from = await account('Treasury', '5000.00');
    const to = await account('Supplier');
    const below = await internal(from, to, '999.99');
    expect(below.body.data.status).toBe('completed');
    const at = await internal(from, to, '1000.00');
    expect(at.status).toBe(201);
    expect(at.body.data).toMatchObject({ status: 'requires_approval', timeline: [{ status: 'requires_approval' }] });
    expect(at.body.data.timeline[0].note).toContain('Large');
    // Held on the sender, nothing on the recipient.
    expect(await balance(from)).toMatchObject({ available: '3000.010000', pending: '1000.000000' });
    expect(await balance(to)).toMatchObject({ available: '999.990000', pending: '0.000000' });
    // A user's transfer is not an API key's: the policy does not match it.
    const byUser = await internal(from, to, '1000.00', await tenant.userToken());
    expect(byUser.body.data.status).toBe('completed');
    await ledgerOk();
  });

  it('needs N distinct approvers, never the initiator, and moves the transfer on with the last approval', async () => {
    await removePolicies();
    const owner = await tenant.userToken();
    await policy({ amountGte: '100.00', initiatorTypes: ['user'], requiredApprovals: 2 });
    const [admin1, admin2, viewer] = [
      await addMember(t.http, owner, 'admin'),
      await addMember(t.http, owner, 'admin'),
      await addMember(t.http, owner, 'viewer'),
    ];
    const from = await account('Payroll', '500.00');
    const to = await account('Employee');
    const created = await internal(from, to, '200.00', admin1.token);
    expect(created.body.data.status).toBe('requires_approval');
    const id = created.body.data.id as string;

    await refused(approve(id, admin1.token), 403, 'self_approval');
    await refused(approve(id, viewer.token), 403, 'insufficient_permissions');
    await refused(approve(id, tenant.key), 403, 'user_credentials_required');
    const first = await approve(id, owner);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.data.status).toBe('requires_approval');
    expect(first.body.data.timeline.at(-1).note).toMatch(/^approved by .* \(1 of 2\)$/);
    await refused(approve(id, owner), 409, 'already_decided');
    // The inbox: admin2 may decide it; admin1 (the initiator) sees it but may not.
    const inbox2 = await t.http.get('/v1/approvals', { token: admin2.token });
    expect(inbox2.body.data.find((a: Json) => a.transferId === id)).toMatchObject({
      canDecide: true,
      decisions: [{ decision: 'approved' }],
    });
    const inbox1 = await t.http.get('/v1/approvals', { token: admin1.token });
    expect(inbox1.body.data.find((a: Json) => a.transferId === id)).toMatchObject({ canDecide: false });
    expect((await t.http.get('/v1/approvals', { token: viewer.token })).body.data).toEqual([]);

    const second = await approve(id, admin2.token);
    expect(second.status).toBe(200);
    expect(second.body.data.status).toBe('completed');
    expect(second.body.data.timeline.map((s: Json) => s.status)).toEqual([
      'requires_approval',
      'requires_approval',
      'pending',
      'completed',
    ]);
    expect(await balance(from)).toMatchObject({ available: '300.000000', pending: '0.000000' });
    expect(await balance(to)).toMatchObject({ available: '200.000000' });
    await refused(approve(id, admin2.token), 422, 'invalid_state');
    const events = await t.http.get(`/v1/events?objectId=${id}`, { token: owner });
    const bySequence = [...events.body.data].sort((a: Json, b: Json) => a.sequence - b.sequence);
    expect(bySequence.map((e: Json) => e.type)).toEqual(['transfer.created', 'transfer.approved', 'transfer.completed']);
    const approval = (await t.http.get(`/v1/approvals?status=approved&transferId=${id}`, { token: owner })).body.data[0];
    expect(approval).toMatchObject({ status: 'approved', canDecide: false, requiredApprovals: 2, amountUsd: '200.00' });
    expect(approval.decisions).toHaveLength(2);
    await ledgerOk();
  });

  it('treats a transfer an API key started as its creator’s: they may not approve it', async () => {
    await removePolicies();
    await policy({ amountGte: '10.00' });
    const from = await account('Own key', '100.00');
    const to = await account('Payee');
    const { id } = (await internal(from, to, '20.00', tenant.key)).body.data;
    const owner = await tenant.userToken();
    expect((await t.http.get('/v1/approvals', { token: owner })).body.data.find((a: Json) => a.transferId === id)).toMatchObject({
      canDecide: false,
    });
    await refused(approve(id, owner), 403, 'self_approval');
    const admin = await addMember(t.http, owner, 'admin');
    expect((await approve(id, admin.token)).body.data.status).toBe('completed');
  });

  it('leaves a transfer whose sender was suspended meanwhile waiting, and refuses one past its expiry before the worker came', async () => {
    await removePolicies();
    await policy({ amountGte: '10.00' });
    const owner = await tenant.userToken();
    const from = await account('Frozen', '100.00');
    const to = await account('Payee');
    const { id } = (await internal(from, to, '20.00')).body.data;
    expect((await t.http.post(`/v1/accounts/${from}/suspend`, { token: owner })).status).toBe(200);
    await refused(approve(id, owner), 422, 'account_suspended');
    expect((await getTransfer(id)).status).toBe('requires_approval');
    t.clock.advance(72 * HOUR_MS);
    await refused(deny(id, await tenant.userToken()), 422, 'invalid_state');
    expect(await expireDueApprovals(t.db, t.deps)).toBeGreaterThanOrEqual(1);
    expect((await getTransfer(id)).status).toBe('expired');
    await ledgerOk();
  });

  it('asks an owner when the policy says so', async () => {
    await removePolicies();
    const owner = await tenant.userToken();
    await policy({ approverRole: 'owner' });
    const admin = await addMember(t.http, owner, 'admin');
    const from = await account('Ops', '2000.00');
    const to = await account('Vendor');
    const { id } = (await internal(from, to, '1500.00')).body.data;
    await refused(approve(id, admin.token), 403, 'approver_role_required');
    await refused(deny(id, admin.token), 403, 'approver_role_required');
    expect((await t.http.get('/v1/approvals', { token: admin.token })).body.data.find((a: Json) => a.transferId === id)).toBeUndefined();
    expect((await approve(id, owner)).body.data.status).toBe('completed');
  });

  it('a denial voids the hold to the cent; a cancel by the initiator too', async () => {
    await removePolicies();
    const owner = await tenant.userToken();
    await policy({ amountGte: '10.00' });
    const from = await account('Shop', '100.00');
    const to = await account('Partner');
    const { id } = (await internal(from, to, '33.33')).body.data;
    expect(await balance(from)).toMatchObject({ available: '66.670000', pending: '33.330000' });
    await refused(t.http.post(`/v1/transfers/${id}/deny`, { token: owner, body: {} }), 400, 'parameter_missing');
    const denied = await deny(id, owner, 'Unknown partner');
    expect(denied.status).toBe(200);
    expect(denied.body.data).toMatchObject({ status: 'denied' });
    expect(denied.body.data.timeline.at(-1).note).toContain('Unknown partner');
    expect(await balance(from)).toMatchObject({ available: '100.000000', pending: '0.000000' });
    await refused(approve(id, owner), 422, 'invalid_state');

    const again = (await internal(from, to, '50.00')).body.data.id as string;
    const cancelled = await t.http.post(`/v1/transfers/${again}/cancel`, { token: tenant.key });
    expect(cancelled.body.data.status).toBe('cancelled');
    expect((await t.http.get(`/v1/approvals?status=cancelled&transferId=${again}`, { token: owner })).body.data).toHaveLength(1);
    expect(await balance(from)).toMatchObject({ available: '100.000000', pending: '0.000000' });
    await ledgerOk();
  });

  it('expires a transfer nobody decided on in 72 hours, voiding its hold', async () => {
    await removePolicies();
    await policy({ amountGte: '10.00' });
    const from = await account('Sleepy', '100.00');
    const to = await account('Waiting');
    const { id } = (await internal(from, to, '40.00')).body.data;
    t.clock.advance(72 * HOUR_MS - 1);
    expect(await expireDueApprovals(t.db, t.deps)).toBe(0);
    t.clock.advance(1);
    expect(await expireDueApprovals(t.db, t.deps)).toBeGreaterThanOrEqual(1);
    expect(await getTransfer(id)).toMatchObject({ status: 'expired' });
    expect(await balance(from)).toMatchObject({ available: '100.000000', pending: '0.000000' });
    const owner = await tenant.userToken();
    await refused(approve(id, owner), 422, 'invalid_state');
    await ledgerOk();
  });

  it('holds a payout until approved, then the settlement worker pays it', async () => {
    await removePolicies();
    await policy({ appliesTo: 'payout', amountGte: '100.00' });
    const from = await account('Exporter', '1000.00');
    const pm = await t.http.post(`/v1/accounts/${from}/payment-methods`, {
      token: tenant.key,
      body: { type: 'bank_account', rail: 'spei', details: { clabe: '032180000118359719', holderName: 'Proveedor SA' } },
    });
    expect(pm.status, JSON.stringify(pm.body)).toBe(201);
    const created = await t.http.post('/v1/transfers', {
      token: await devKey(),
      body: { type: 'payout', fromAccountId: from, paymentMethodId: pm.body.data.id, amount: '200.00', currency: 'USDC' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data.status).toBe('requires_approval');
    const id = created.body.data.id as string;
    const held = created.body.data.totalDebit as string;
    expect((await balance(from))?.pending).toBe(held);
    t.clock.advance(HOUR_MS);
    await settleDuePayouts(t.db, t.deps);
    expect((await getTransfer(id)).status).toBe('requires_approval');
    expect((await approve(id, await tenant.userToken())).body.data.status).toBe('pending');
    t.clock.advance(HOUR_MS);
    await settleDuePayouts(t.db, t.deps);
    expect((await getTransfer(id)).status).toBe('completed');
    await ledgerOk();
  });

  it('makes an agent above the threshold wait for a human; an agent can never decide', async () => {
    await removePolicies();
    const owner = await tenant.userToken();
    await policy({ amountGte: '50.00', initiatorTypes: ['agent'] });
    const from = await account('Agent wallet', '500.00');
    const to = await account('Merchant');
    // Its token is a developer's (their key created it): the owner may decide what it starts.
    const agent = await createAgent(t.http, await devKey(), owner, from);
    const small = await internal(from, to, '49.99', agent.token);
    expect(small.body.data.status).toBe('completed');
    const big = await internal(from, to, '50.00', agent.token);
    expect(big.body.data.status).toBe('requires_approval');
    await refused(approve(big.body.data.id, agent.token), 403, 'agent_not_allowed');
    expect((await approve(big.body.data.id, owner)).body.data.status).toBe('completed');
  });

  it('is out of reach of another tenant and the other environment', async () => {
    await removePolicies();
    await policy({ amountGte: '10.00' });
    const from = await account('Mine', '100.00');
    const to = await account('Theirs');
    const { id } = (await internal(from, to, '20.00')).body.data;
    const other = await signup(t.http, 'other-approver');
    await refused(approve(id, other.token), 404, 'resource_missing');
    await refused(deny(id, other.token), 404, 'resource_missing');
    expect((await t.http.get('/v1/approvals', { token: other.token })).body.data).toEqual([]);
    const owner = await tenant.userToken();
    const live = { token: owner, environment: 'live' as const };
    expect((await t.http.post(`/v1/transfers/${id}/approve`, live)).status).toBe(404);
    expect((await t.http.get('/v1/approvals', live)).body.data).toEqual([]);
  });

  it.runIf(isRealPostgres)('concurrent approvals by three admins complete a two-approval transfer exactly once', async () => {
    await removePolicies();
    const owner = await tenant.userToken();
    await policy({ amountGte: '10.00', requiredApprovals: 2 });
    const admins = [
      await addMember(t.http, owner, 'admin'),
      await addMember(t.http, owner, 'admin'),
      await addMember(t.http, owner, 'admin'),
    ];
    const from = await account('Race', '100.00');
    const to = await account('Finish');
    const { id } = (await internal(from, to, '60.00')).body.data;
    const results = await Promise.all(admins.map((a) => approve(id, a.token)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 422]);
    expect(await getTransfer(id)).toMatchObject({ status: 'completed' });
    expect(await balance(to)).toMatchObject({ available: '60.000000' });
    const settlements = await withOwner(t.db, (tx) =>
      tx.query(`SELECT count(*)::int AS n FROM ledger_transactions WHERE reference_id = $1 AND reference_type = 'transfer_settlement'`, [
        id,
      ]),
    );
    expect(settlements[0]).toEqual({ n: 1 });
    await ledgerOk();
  });
});
