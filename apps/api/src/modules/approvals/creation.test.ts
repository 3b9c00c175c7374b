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
import { runDueSchedules } from '../schedules/schedules.service.js';
import { expireDueApprovals } from './approvals.service.js';

/*
 * Issue #19 §1: schedules and streams a policy matches need approval at creation, not at each run —
 * a schedule by its amount per run and kind, a stream by its funding (money between two accounts:
 * `internal`). Decided through /v1/approvals/{id}/approve|deny.
 */

const t = testApp();
const tenant = tenantWithKey(t, 'creation-approvals');
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

const account = (name: string, funds?: string) => openAccount(t.http, tenant.key, { name, tier: 2, funds });
const policy = async (body: Json) => createApprovalPolicy(t.http, await tenant.userToken(), body);
const removePolicies = async () => {
  const token = await tenant.userToken();
  const list = await t.http.get('/v1/approval-policies', { token });
  for (const p of list.body.data) await t.http.delete(`/v1/approval-policies/${p.id}`, { token });
};
/** Started with a developer's key: the owner and admins may decide on what it starts. */
const devKey = developerKey(t, tenant);
const today = () => t.clock.now().toISOString().slice(0, 10);
const inDays = (days: number) => new Date(t.clock.now().getTime() + days * DAY_MS).toISOString().slice(0, 10);

const schedule = async (body: Json, token?: string) =>
  t.http.post('/v1/scheduled-transfers', {
    token: token ?? (await devKey()),
    body: { amount: '40.00', currency: 'USDC', frequency: 'weekly', startDate: today(), ...body },
  });
const stream = async (from: string, to: string, fundingAmount: string, token?: string) =>
  t.http.post('/v1/streams', {
    token: token ?? (await devKey()),
    body: { senderAccountId: from, receiverAccountId: to, currency: 'USDC', ratePerMonth: '300.00', fundingAmount },
  });
const approvalOf = async (query: string) => {
  const res = await t.http.get(`/v1/approvals?${query}`, { token: await tenant.userToken() });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data[0] as Json;
};
const approve = (id: string, token: string, headers?: Record<string, string>) =>
  t.http.post(`/v1/approvals/${id}/approve`, { token, headers });
const deny = (id: string, token: string, reason = 'Not budgeted') => t.http.post(`/v1/approvals/${id}/deny`, { token, body: { reason } });
const balance = async (id: string) =>
  (await t.http.get(`/v1/accounts/${id}/balances`, { token: tenant.key })).body.data.balances.find(
    (b: { currency: string }) => b.currency === 'USDC',
  ) as { available: string; pending: string; inStreams: string };
const getSchedule = async (id: string) => (await t.http.get(`/v1/scheduled-transfers/${id}`, { token: tenant.key })).body.data as Json;
const getStream = async (id: string) => (await t.http.get(`/v1/streams/${id}`, { token: tenant.key })).body.data as Json;
const transfersOf = async (accountId: string) =>
  (await t.http.get(`/v1/transfers?accountId=${accountId}`, { token: tenant.key })).body.data as Json[];
const ledgerOk = async () => expectLedgerOk(t.http, await tenant.userToken());
const rows = async () =>
  withOwner(t.db, async (tx) => ({
    schedules: await tx.query('SELECT id, status, next_run_at, updated_at FROM transfer_schedules ORDER BY id'),
    streams: await tx.query('SELECT id, status, funded::text, updated_at FROM streams ORDER BY id'),
    requests: await tx.query('SELECT id, status FROM approval_requests ORDER BY id'),
    decisions: await tx.query('SELECT request_id, user_id FROM approval_decisions ORDER BY 1, 2'),
    ledger: await tx.query('SELECT count(*)::int AS n FROM ledger_transactions'),
  }));

/** Refused with `status`/`code`, writing nothing. */
const refused = refusalChecker(rows);

describe('schedules matched at creation', () => {
  it('waits in requires_approval with no run — not even on demand — until approved; its runs then go through unasked', async () => {
    await removePolicies();
    await policy({ amountGte: '40.00' });
    const owner = await tenant.userToken();
    const from = await account('Payroll', '500.00');
    const to = await account('Employee');
    const small = await schedule({ fromAccountId: from, toAccountId: to, amount: '39.99' });
    expect(small.body.data).toMatchObject({ status: 'active' });
    await t.http.post(`/v1/scheduled-transfers/${small.body.data.id}/cancel`, { token: tenant.key });

    const created = await schedule({ fromAccountId: from, toAccountId: to });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.data.id as string;
    expect(created.body.data).toMatchObject({ status: 'requires_approval', nextRunAt: null });
    expect(created.body.data.upcomingRuns[0]).toBe(today());
    await refused(t.http.post(`/v1/scheduled-transfers/${id}/run-now`, { token: tenant.key }), 422, 'invalid_state');
    await refused(t.http.post(`/v1/scheduled-transfers/${id}/pause`, { token: tenant.key }), 422, 'invalid_state');
    await runDueSchedules(t.db, t.deps);
    expect(await transfersOf(from)).toEqual([]);

    const approval = await approvalOf(`scheduleId=${id}`);
    expect(approval).toMatchObject({
      objectType: 'schedule',
      scheduleId: id,
      transferId: null,
      streamId: null,
      transfer: null,
      stream: null,
      amountUsd: '40.00',
      canDecide: true,
      schedule: { id, status: 'requires_approval' },
    });
    expect((await approvalOf('objectType=schedule')).id).toBe(approval.id);
    expect(await approvalOf('objectType=stream')).toBeUndefined();
    const approved = await approve(approval.id, owner);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.data).toMatchObject({ status: 'approved', schedule: { status: 'active' } });
    expect(approved.body.data.schedule.nextRunAt).not.toBeNull();

    // Each run moves money, matched against the policies no more: this week's and next week's.
    await runDueSchedules(t.db, t.deps);
    t.clock.advance(7 * DAY_MS);
    await runDueSchedules(t.db, t.deps);
    expect((await transfersOf(from)).map((x) => x.status)).toEqual(['completed', 'completed']);
    expect(await balance(to)).toMatchObject({ available: '80.000000' });
    // A run-now is an extra run, not one that was approved: matched again.
    const extra = await t.http.post(`/v1/scheduled-transfers/${id}/run-now`, { token: tenant.key });
    expect(extra.body.data).toMatchObject({ kind: 'manual', status: 'succeeded' });
    expect((await transfersOf(from)).map((x) => x.status).sort()).toEqual(['completed', 'completed', 'requires_approval']);
    const fresh = await tenant.userToken(); // the clock moved a week
    const events = await t.http.get(`/v1/events?objectId=${id}`, { token: fresh });
    expect(events.body.data.map((e: Json) => e.type)).toEqual(expect.arrayContaining(['schedule.created', 'schedule.approved']));
    const audit = await t.http.get(`/v1/audit-events?objectId=${id}`, { token: fresh });
    expect(audit.body.data.map((e: Json) => e.action)).toContain('scheduled_transfer.approved');
    await ledgerOk();
  });

  it('matches a payout schedule as a payout: a policy for internal transfers lets it through, one for payouts holds it', async () => {
    await removePolicies();
    const from = await account('Exporter', '500.00');
    const pm = await t.http.post(`/v1/accounts/${from}/payment-methods`, {
      token: tenant.key,
      body: { type: 'bank_account', rail: 'spei', details: { clabe: '032180000118359719', holderName: 'Proveedora del Norte' } },
    });
    expect(pm.status, JSON.stringify(pm.body)).toBe(201);
    const body = { fromAccountId: from, paymentMethodId: pm.body.data.id, frequency: 'monthly', startDate: inDays(3) };
    const internalOnly = await policy({ amountGte: '10.00', appliesTo: 'internal' });
    expect((await schedule(body)).body.data.status).toBe('active');
    await t.http.delete(`/v1/approval-policies/${internalOnly.id}`, { token: await tenant.userToken() });
    await policy({ amountGte: '10.00', appliesTo: 'payout' });
    expect((await schedule(body)).body.data.status).toBe('requires_approval');
  });

  it('is never approved by its maker; a denial ends it before any run; its creator may cancel it while it waits', async () => {
    await removePolicies();
    await policy({ amountGte: '10.00', initiatorTypes: ['user'] });
    const owner = await tenant.userToken();
    const admin = await addMember(t.http, owner, 'admin');
    const from = await account('Treasury', '500.00');
    const to = await account('Vendor');
    const made = await schedule({ fromAccountId: from, toAccountId: to }, admin.token);
    expect(made.body.data.status).toBe('requires_approval');
    const approval = await approvalOf(`scheduleId=${made.body.data.id}`);
    await refused(approve(approval.id, admin.token), 403, 'self_approval');
    await refused(deny(approval.id, admin.token), 403, 'self_approval');
    const denied = await deny(approval.id, owner, 'Vendor not onboarded');
    expect(denied.status, JSON.stringify(denied.body)).toBe(200);
    expect(denied.body.data).toMatchObject({
      status: 'denied',
      decisions: [{ decision: 'denied', reason: 'Vendor not onboarded' }],
      schedule: { status: 'denied', nextRunAt: null, upcomingRuns: [] },
    });
    await refused(approve(approval.id, owner), 422, 'invalid_state');
    await refused(t.http.post(`/v1/scheduled-transfers/${made.body.data.id}/cancel`, { token: tenant.key }), 422, 'invalid_state');
    await runDueSchedules(t.db, t.deps);
    expect(await transfersOf(from)).toEqual([]);

    const again = await schedule({ fromAccountId: from, toAccountId: to }, admin.token);
    const cancelled = await t.http.post(`/v1/scheduled-transfers/${again.body.data.id}/cancel`, { token: admin.token });
    expect(cancelled.body.data.status).toBe('cancelled');
    expect(await approvalOf(`scheduleId=${again.body.data.id}&status=cancelled`)).toMatchObject({ status: 'cancelled' });
    expect(await approvalOf(`scheduleId=${again.body.data.id}`)).toBeUndefined();
  });

  it('refuses a schedule from a suspended account at creation (each run would be refused), writing nothing', async () => {
    await removePolicies();
    const from = await account('Frozen', '100.00');
    const to = await account('Payee');
    expect((await t.http.post(`/v1/accounts/${from}/suspend`, { token: tenant.key })).status).toBe(200);
    await refused(schedule({ fromAccountId: from, toAccountId: to }), 422, 'account_suspended');
  });

  it('makes an agent’s schedule above the threshold wait for a human', async () => {
    await removePolicies();
    const owner = await tenant.userToken();
    await policy({ amountGte: '25.00', initiatorTypes: ['agent'] });
    const from = await account('Agent wallet', '100.00');
    const to = await account('Supplier');
    // Its token is a developer's (their key created it): the owner may decide what it starts.
    const agent = await createAgent(t.http, await devKey(), owner, from);
    const made = await schedule({ fromAccountId: from, toAccountId: to, amount: '25.00' }, agent.token);
    expect(made.body.data).toMatchObject({ status: 'requires_approval', initiatedBy: { type: 'agent', id: agent.id } });
    const approval = await approvalOf(`scheduleId=${made.body.data.id}`);
    await refused(approve(approval.id, agent.token), 403, 'agent_not_allowed');
    expect((await approve(approval.id, owner)).body.data.schedule.status).toBe('active');
  });

  it('a one-off approved after its date runs at once; a weekly one skips the dates that passed while it waited', async () => {
    await removePolicies();
    await policy({ amountGte: '10.00' });
    const from = await account('Late', '500.00');
    const to = await account('Payee');
    const once = (await schedule({ fromAccountId: from, toAccountId: to, frequency: 'once' })).body.data.id as string;
    const weekly = (await schedule({ fromAccountId: from, toAccountId: to })).body.data.id as string;
    t.clock.advance(2 * DAY_MS);
    const owner = await tenant.userToken();
    await approve((await approvalOf(`scheduleId=${once}`)).id, owner);
    const approved = await approve((await approvalOf(`scheduleId=${weekly}`)).id, owner);
    expect(approved.body.data.schedule.nextRunAt.slice(0, 10)).toBe(inDays(5));
    await runDueSchedules(t.db, t.deps);
    expect(await getSchedule(once)).toMatchObject({ status: 'completed', occurrencesRun: 1 });
    expect(await getSchedule(weekly)).toMatchObject({ status: 'active', occurrencesRun: 0 });
    expect(await balance(to)).toMatchObject({ available: '40.000000' });
  });
});

describe('streams matched at creation', () => {
  it('holds the funding without flowing until approved, then flows from the approval', async () => {
    await removePolicies();
    await policy({ amountGte: '100.00' });
    const from = await account('Payer', '1000.00');
    const to = await account('Contractor');
    const small = await stream(from, to, '99.99');
    expect(small.body.data.status).toBe('active');
    await t.http.post(`/v1/streams/${small.body.data.id}/cancel`, { token: tenant.key });

    const made = await stream(from, to, '100.00');
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.data.id as string;
    expect(made.body.data).toMatchObject({ status: 'requires_approval', funded: '100.000000', depletesAt: null });
    expect(await balance(from)).toMatchObject({ available: '900.000000', inStreams: '100.000000' });
    t.clock.advance(DAY_MS);
    expect(await getStream(id)).toMatchObject({ streamed: '0.000000', withdrawable: '0.000000', remaining: '100.000000' });
    await refused(t.http.post(`/v1/streams/${id}/withdraw`, { token: tenant.key, body: {} }), 422, 'nothing_to_withdraw');
    await refused(t.http.post(`/v1/streams/${id}/pause`, { token: tenant.key }), 422, 'invalid_state');
    await refused(t.http.post(`/v1/streams/${id}/top-up`, { token: tenant.key, body: { amount: '1.00' } }), 422, 'invalid_state');

    const approval = await approvalOf(`streamId=${id}`);
    expect(approval).toMatchObject({ objectType: 'stream', amountUsd: '100.00', stream: { id, status: 'requires_approval' } });
    const approved = await approve(approval.id, await tenant.userToken());
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.data.stream).toMatchObject({ status: 'active', streamed: '0.000000' });
    t.clock.advance(HOUR_MS);
    // 300 USDC a month: 0.000115740740740740 a second, 3,600 s → 0.416666 (floored to the cent's 6 decimals).
    expect(await getStream(id)).toMatchObject({ status: 'active', withdrawable: '0.416666' });
    const events = await t.http.get(`/v1/streams/${id}/events`, { token: tenant.key });
    expect(events.body.data.map((e: Json) => e.type)).toEqual(['approved', 'created']);
    await ledgerOk();
  });

  it('a denial, an expiry or a cancel while waiting gives the whole funding back, to the cent', async () => {
    await removePolicies();
    await policy({ amountGte: '100.00' });
    const owner = await tenant.userToken();
    const from = await account('Refunded', '1000.00');
    const to = await account('Never paid');
    const [a, b, c] = [await stream(from, to, '123.45'), await stream(from, to, '200.00'), await stream(from, to, '300.00')];
    expect(await balance(from)).toMatchObject({ available: '376.550000', inStreams: '623.450000' });
    const denied = await deny((await approvalOf(`streamId=${a.body.data.id}`)).id, owner);
    expect(denied.body.data.stream).toMatchObject({ status: 'denied', refunded: '123.450000', withdrawn: '0.000000' });
    const cancelled = await t.http.post(`/v1/streams/${b.body.data.id}/cancel`, { token: tenant.key });
    expect(cancelled.body.data).toMatchObject({ status: 'cancelled', refunded: '200.000000' });
    expect(await approvalOf(`streamId=${b.body.data.id}&status=cancelled`)).toMatchObject({ status: 'cancelled' });
    // Earlier tests' leftovers expire too: only this stream's fate is looked at.
    t.clock.advance(72 * HOUR_MS - 1);
    await expireDueApprovals(t.db, t.deps);
    expect(await getStream(c.body.data.id)).toMatchObject({ status: 'requires_approval' });
    t.clock.advance(1);
    expect(await expireDueApprovals(t.db, t.deps)).toBeGreaterThanOrEqual(1);
    expect(await getStream(c.body.data.id)).toMatchObject({ status: 'expired', refunded: '300.000000' });
    expect(await approvalOf(`streamId=${c.body.data.id}&status=expired`)).toMatchObject({ status: 'expired' });
    expect(await balance(from)).toMatchObject({ available: '1000.000000', inStreams: '0.000000' });
    expect(await balance(to)).toBeUndefined();
    await ledgerOk();
  });

  it('expires a schedule nobody decided on; it never runs', async () => {
    await removePolicies();
    await policy({ amountGte: '10.00' });
    const from = await account('Forgotten', '100.00');
    const to = await account('Payee');
    const id = (await schedule({ fromAccountId: from, toAccountId: to })).body.data.id as string;
    t.clock.advance(72 * HOUR_MS);
    expect(await expireDueApprovals(t.db, t.deps)).toBeGreaterThanOrEqual(1);
    expect(await getSchedule(id)).toMatchObject({ status: 'expired', nextRunAt: null });
    await runDueSchedules(t.db, t.deps);
    expect(await transfersOf(from)).toEqual([]);
  });

  it('refuses a top-up a policy would hold (approval_required), writing nothing; smaller ones go through', async () => {
    await removePolicies();
    const from = await account('Topper', '2000.00');
    const to = await account('Receiver');
    const id = (await stream(from, to, '100.00')).body.data.id as string;
    await policy({ amountGte: '500.00' });
    const error = await refused(
      t.http.post(`/v1/streams/${id}/top-up`, { token: await devKey(), body: { amount: '500.00' } }),
      422,
      'approval_required',
    );
    expect(error.details.policy.name).toBe('Large');
    const ok = await t.http.post(`/v1/streams/${id}/top-up`, { token: await devKey(), body: { amount: '499.99' } });
    expect(ok.body.data).toMatchObject({ funded: '599.990000' });
    // A user session the policy does not cover tops up as before.
    const byUser = await t.http.post(`/v1/streams/${id}/top-up`, { token: await tenant.userToken(), body: { amount: '500.00' } });
    expect(byUser.status, JSON.stringify(byUser.body)).toBe(200);
  });
});

describe('deciding through /v1/approvals', () => {
  it('is out of reach of API keys, another tenant and the other environment', async () => {
    await removePolicies();
    await policy({ amountGte: '10.00' });
    const from = await account('Mine', '500.00');
    const to = await account('Theirs');
    const made = await stream(from, to, '100.00');
    const approval = await approvalOf(`streamId=${made.body.data.id}`);
    await refused(approve(approval.id, tenant.key), 403, 'user_credentials_required');
    const other = await signup(t.http, 'other-creation-approver');
    await refused(approve(approval.id, other.token), 404, 'resource_missing');
    await refused(deny(approval.id, other.token), 404, 'resource_missing');
    const theirs = await t.http.get(`/v1/approvals?streamId=${made.body.data.id}`, { token: other.token });
    expect(theirs.body.data).toEqual([]);
    const live = { token: await tenant.userToken(), environment: 'live' as const };
    expect((await t.http.post(`/v1/approvals/${approval.id}/approve`, live)).status).toBe(404);
    await refused(approve('00000000-0000-4000-8000-000000000000', await tenant.userToken()), 404, 'resource_missing');
  });

  it('answers a replayed Idempotency-Key with the first answer, deciding once', async () => {
    await removePolicies();
    await policy({ amountGte: '10.00', requiredApprovals: 2 });
    const owner = await tenant.userToken();
    const from = await account('Replay', '500.00');
    const to = await account('Payee');
    const made = await stream(from, to, '100.00');
    const approval = await approvalOf(`streamId=${made.body.data.id}`);
    const headers = { 'Idempotency-Key': `approve-${approval.id}` };
    const first = await approve(approval.id, owner, headers);
    const second = await approve(approval.id, owner, headers);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(first.body.data).toMatchObject({
      status: 'pending',
      decisions: [{ decision: 'approved' }],
      stream: { status: 'requires_approval' },
    });
    await refused(approve(approval.id, owner), 409, 'already_decided');
  });

  it.runIf(isRealPostgres)('concurrent approvals by three admins start a two-approval stream exactly once', async () => {
    await removePolicies();
    const owner = await tenant.userToken();
    await policy({ amountGte: '10.00', requiredApprovals: 2 });
    const admins = await Promise.all([1, 2, 3].map(() => addMember(t.http, owner, 'admin')));
    const from = await account('Race', '500.00');
    const to = await account('Finish');
    const made = await stream(from, to, '100.00');
    const approval = await approvalOf(`streamId=${made.body.data.id}`);
    const results = await Promise.all(admins.map((a) => approve(approval.id, a.token)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 422]);
    const events = await t.http.get(`/v1/streams/${made.body.data.id}/events`, { token: tenant.key });
    expect(events.body.data.filter((e: Json) => e.type === 'approved')).toHaveLength(1);
    expect(await getStream(made.body.data.id)).toMatchObject({ status: 'active' });
    await ledgerOk();
  });

  it.runIf(isRealPostgres)('a denial racing the expiry worker ends the stream once, refunded once', async () => {
    await removePolicies();
    await policy({ amountGte: '10.00' });
    const from = await account('Raced', '500.00');
    const to = await account('Payee');
    const made = await stream(from, to, '100.00');
    const approval = await approvalOf(`streamId=${made.body.data.id}`);
    t.clock.advance(72 * HOUR_MS - 1_000);
    const fresh = await tenant.userToken();
    const [denied] = await Promise.all([
      deny(approval.id, fresh),
      (async () => {
        t.clock.advance(1_000);
        return expireDueApprovals(t.db, t.deps);
      })(),
    ]);
    const status = (await getStream(made.body.data.id)).status;
    expect(['denied', 'expired']).toContain(status);
    expect([200, 422]).toContain(denied.status);
    const refunds = await withOwner(t.db, (tx) =>
      tx.query(`SELECT count(*)::int AS n FROM ledger_transactions WHERE reference_id = $1 AND reference_type = 'stream_refund'`, [
        made.body.data.id,
      ]),
    );
    expect(refunds[0]).toEqual({ n: 1 });
    expect(await balance(from)).toMatchObject({ available: '500.000000', inStreams: '0.000000' });
    await ledgerOk();
  });
});

describe('scheduled payouts and the travel rule', () => {
  it('asks for the travel rule data at creation, stores it masked, and each run’s payout carries it', async () => {
    await removePolicies();
    const from = await account('Importer', '10000.00');
    const pm = await t.http.post(`/v1/accounts/${from}/payment-methods`, {
      token: tenant.key,
      body: { type: 'bank_account', rail: 'spei', details: { clabe: '032180000118359719', holderName: 'Proveedora del Norte' } },
    });
    const body = { fromAccountId: from, paymentMethodId: pm.body.data.id, amount: '3000.00', frequency: 'once', startDate: today() };
    const missing = await refused(schedule(body), 422, 'travel_rule_data_required');
    expect(missing.param).toBe('originator.name');
    const to = await account('Not a payout');
    await refused(
      schedule({ fromAccountId: from, toAccountId: to, amount: '10.00', originator: { name: 'Acme' } }),
      400,
      'parameter_invalid',
    );
    const parties = {
      originator: { name: 'Acme Importadora SA', address: 'Av. Reforma 222, CDMX', accountNumber: '0123456789014821' },
      beneficiary: { name: 'Proveedora del Norte SA' },
    };
    const made = await schedule({ ...body, ...parties });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.data.travelRule).toEqual({
      originator: { name: 'Acme Importadora SA', address: 'Av. Reforma 222, CDMX', accountNumber: '••••4821' },
      beneficiary: { name: 'Proveedora del Norte SA', address: null },
    });
    await runDueSchedules(t.db, t.deps);
    const [payout] = await transfersOf(from);
    expect(payout).toMatchObject({ type: 'payout', status: 'pending', travelRule: made.body.data.travelRule });
    expect(await getSchedule(made.body.data.id)).toMatchObject({ status: 'completed', occurrencesRun: 1 });
    await ledgerOk();
  });
});
