/**
 * Hostile review of approvals at creation for schedules and streams (issue #19 §1, commits efebc0a..):
 * bypasses (run-now, top-ups, agents, API keys, closed receivers), odd states (pause/resume/cancel/
 * run-now/top-up/withdraw while waiting, deciding after expiry before the worker), other tenants and
 * the live environment, Idempotency-Keys across users, hostile deny reasons and filters, the ledger to
 * the cent after every path, and races on PostgreSQL.
 *
 * Tests named DEFECT are open findings, kept as it.fails so the suite stays green: each asserts the
 * secure behaviour and fails today. Flip them to `it` once fixed.
 */
import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { expireDueApprovals } from '../../apps/api/src/modules/approvals/approvals.service.js';
import { runDueSchedules } from '../../apps/api/src/modules/schedules/schedules.service.js';
import {
  createAgent,
  createApprovalPolicy,
  type DeveloperOrg,
  developerOrg,
  expectLedgerOk,
  openAccount,
  refusalChecker,
  testApp,
} from '../fixtures.js';
import { addMember, createKey, isRealPostgres, type Json } from '../harness.js';

const t = testApp();
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

const org = (label: string) => developerOrg(t.http, label);
type Org = DeveloperOrg;
const policy = async (o: Org, body: Json) => createApprovalPolicy(t.http, await o.login(), body);
const account = (o: Org, name: string, funds?: string) => openAccount(t.http, o.key, { name, tier: 2, funds });
const inDays = (days: number) => new Date(t.clock.now().getTime() + days * DAY_MS).toISOString().slice(0, 10);
const today = () => inDays(0);

const schedule = (token: string, body: Json) =>
  t.http.post('/v1/scheduled-transfers', {
    token,
    body: { amount: '100.00', currency: 'USDC', frequency: 'monthly', startDate: inDays(30), ...body },
  });
const stream = (token: string, from: string, to: string, fundingAmount: string, headers?: Record<string, string>) =>
  t.http.post('/v1/streams', {
    token,
    headers,
    body: { senderAccountId: from, receiverAccountId: to, currency: 'USDC', ratePerMonth: '300.00', fundingAmount },
  });
const approvalOf = async (o: Org, query: string) => {
  const res = await t.http.get(`/v1/approvals?${query}`, { token: await o.login() });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data[0] as Json;
};
const approve = (id: string, token: string, headers?: Record<string, string>) =>
  t.http.post(`/v1/approvals/${id}/approve`, { token, headers });
const deny = (id: string, token: string, reason = 'Not budgeted', headers?: Record<string, string>) =>
  t.http.post(`/v1/approvals/${id}/deny`, { token, headers, body: { reason } });
const balance = async (o: Org, id: string) =>
  ((await t.http.get(`/v1/accounts/${id}/balances`, { token: o.key })).body.data.balances.find(
    (b: { currency: string }) => b.currency === 'USDC',
  ) ?? { available: '0', pending: '0', inStreams: '0' }) as { available: string; pending: string; inStreams: string };
const getStream = async (o: Org, id: string) => (await t.http.get(`/v1/streams/${id}`, { token: o.key })).body.data as Json;
const getSchedule = async (o: Org, id: string) => (await t.http.get(`/v1/scheduled-transfers/${id}`, { token: o.key })).body.data as Json;
const getTransfer = async (o: Org, id: string) => (await t.http.get(`/v1/transfers/${id}`, { token: o.key })).body.data as Json;
const transfersOf = async (o: Org, accountId: string) =>
  (await t.http.get(`/v1/transfers?accountId=${accountId}`, { token: o.key })).body.data as Json[];
const ledgerOk = async (o: Org) => expectLedgerOk(t.http, await o.login());
const rows = () =>
  withOwner(t.db, async (tx) => ({
    schedules: await tx.query('SELECT id, status, next_run_at, approved_at, updated_at FROM transfer_schedules ORDER BY id'),
    streams: await tx.query('SELECT id, status, funded::text, withdrawn::text, running_since, updated_at FROM streams ORDER BY id'),
    transfers: await tx.query('SELECT id, status, updated_at FROM transfers ORDER BY id'),
    requests: await tx.query('SELECT id, status, expires_at FROM approval_requests ORDER BY id'),
    decisions: await tx.query('SELECT request_id, user_id, decision FROM approval_decisions ORDER BY 1, 2'),
    ledger: await tx.query('SELECT count(*)::int AS n FROM ledger_transactions'),
  }));
/** Refused with `status`/`code`, writing nothing. */
const refused = refusalChecker(rows);
const refundsOf = (streamId: string) =>
  withOwner(t.db, async (tx) => {
    const [row] = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ledger_transactions WHERE reference_id = $1 AND reference_type = 'stream_refund'`,
      [streamId],
    );
    return row?.n;
  });

/* ── Open findings ────────────────────────────────────────────────────────── */

describe('findings, fixed', () => {
  // Was a DEFECT (high, fixed: run-now runs as its caller): run-now acts as the schedule's *creator*, not as whoever pressed it. schedules.service.ts
  // runNow() passes the caller only as a scope to attempt(), which builds the transfer's actor from the
  // schedule row (actorOf(schedule) / agentActorFor, schedules.service.ts:447-450), so the run-now payout is
  // matched against the policies with the creator's initiator type. A policy written for API keys never
  // holds an API key's run-now of a schedule a user created (it was active: users are not covered) — and
  // run-now may be pressed any number of times, each moving the schedule's amount. The same key sending
  // the same amount with POST /v1/transfers is held. Fix: run the manual occurrence as the caller (its
  // kind, id, agent) — initiated_by the caller — and match the policies on that.
  it('an API key’s run-now of a user’s schedule is matched as the API key, held by an API-key policy', async () => {
    const o = await org('rca-runnow-key');
    const owner = await o.login();
    await policy(o, { amountGte: '10.00', initiatorTypes: ['api_key'] });
    const from = await account(o, 'Ops', '1000.00');
    const to = await account(o, 'Vendor');
    const made = await schedule(owner, { fromAccountId: from, toAccountId: to });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.data.status).toBe('active'); // a user's: the policy is for API keys
    // The key's own transfer of the same amount waits:
    const direct = await t.http.post('/v1/transfers', {
      token: o.key,
      body: { type: 'internal', fromAccountId: from, toAccountId: to, amount: '100.00', currency: 'USDC' },
    });
    expect(direct.body.data.status).toBe('requires_approval');
    // Its run-now, three times:
    for (let i = 0; i < 3; i++) {
      const run = await t.http.post(`/v1/scheduled-transfers/${made.body.data.id}/run-now`, { token: o.key });
      expect(run.status, JSON.stringify(run.body)).toBe(201);
      const transfer = await getTransfer(o, run.body.data.transferId);
      expect(transfer.status).toBe('requires_approval');
      expect(transfer.initiatedBy.type).toBe('api_key');
    }
    expect(await balance(o, to)).toMatchObject({ available: '0' });
  });

  // Was a DEFECT (medium, fixed with the one above): same root cause — the run-now transfer names the schedule's creator as its initiator,
  // so whoever pressed run-now may approve the payout they started (approvals.service.ts refusal() compares
  // the approver with initiated_by, which is the creator). One admin: presses run-now on a colleague's
  // approved schedule and approves the extra payout alone. Fix as above (the caller is the initiator).
  it('an admin who presses run-now cannot approve the payout they started', async () => {
    const o = await org('rca-runnow-self');
    const owner = await o.login();
    const admin = await addMember(t.http, owner, 'admin');
    await policy(o, { amountGte: '10.00', initiatorTypes: ['user'] });
    const from = await account(o, 'Ops', '1000.00');
    const to = await account(o, 'Vendor');
    const made = await schedule(owner, { fromAccountId: from, toAccountId: to });
    expect(made.body.data.status).toBe('requires_approval');
    const approval = await approvalOf(o, `scheduleId=${made.body.data.id}`);
    expect((await approve(approval.id, admin.token)).status).toBe(200);
    const run = await t.http.post(`/v1/scheduled-transfers/${made.body.data.id}/run-now`, { token: admin.token });
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    const transferId = run.body.data.transferId as string;
    expect((await getTransfer(o, transferId)).status).toBe('requires_approval');
    const own = await t.http.post(`/v1/transfers/${transferId}/approve`, { token: admin.token });
    expect(own.status, JSON.stringify(own.body)).toBe(403);
    expect(own.body.error.code).toBe('self_approval');
  });

  // Was a DEFECT (medium, fixed: agents.token_issued_to, approvals.repo peopleBehind): maker-checker through an agent. approvals.service.ts refusal() refuses the initiator
  // (a user) and the creator of the initiating API key, but an agent initiator is never traced to a person:
  // agents have no created_by (0012 agents table) and any member can create an agent or rotate its token
  // (POST /v1/agents, /v1/agents/{id}/rotate-token) and so hold its secret. An admin creates an agent,
  // opens with it a stream a policy for agents holds, and approves it alone. Fix: record who created the
  // agent / last issued its token (as api_keys.created_by) and refuse them as for API keys.
  it('an admin who created an agent cannot approve the stream they opened with it', async () => {
    const o = await org('rca-agent-self');
    const owner = await o.login();
    const admin = await addMember(t.http, owner, 'admin');
    await policy(o, { amountGte: '50.00', initiatorTypes: ['agent'] });
    const from = await account(o, 'Agent wallet', '500.00');
    const to = await account(o, 'Supplier');
    const agent = await createAgent(t.http, admin.token, owner, from);
    const made = await stream(agent.token, from, to, '100.00');
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.data.status).toBe('requires_approval');
    const approval = await approvalOf(o, `streamId=${made.body.data.id}`);
    const own = await approve(approval.id, admin.token);
    expect(own.status, JSON.stringify(own.body)).toBe(403);
    expect(own.body.error.code).toBe('self_approval');
  });

  // Was a DEFECT (medium, fixed: closeAccount raises account_has_streams; approveStream refuses a closed receiver): a waiting stream's receiver can be closed — it has a zero balance, and
  // accounts.service.ts closeAccount() never looks at incoming streams (account_has_streams is declared on
  // DELETE /v1/accounts/{id} but never raised) — and the approval starts it flowing into the closed
  // account anyway: streams.service.ts approveStream() checks only the sender's suspension. What streams
  // lands in an account that can no longer send it anywhere. A transfer approved after its recipient
  // closed fails, its hold voided (review-controls). Fix: refuse closing an account with live incoming
  // streams (account_has_streams), and/or have approveStream refuse (or end, refunding) a stream whose
  // receiver is closed.
  it('a waiting stream never flows into a receiver closed while it waited', async () => {
    const o = await org('rca-closed-receiver');
    await policy(o, { amountGte: '10.00' });
    const from = await account(o, 'Payer', '500.00');
    const to = await account(o, 'Leaving');
    const made = await stream(o.key, from, to, '100.00');
    expect(made.body.data.status).toBe('requires_approval');
    const closed = await t.http.delete(`/v1/accounts/${to}`, { token: o.key });
    const approval = await approvalOf(o, `streamId=${made.body.data.id}`);
    const approved = await approve(approval.id, await o.login());
    t.clock.advance(HOUR_MS);
    const s = await getStream(o, made.body.data.id);
    // Secure: either the receiver could not be closed, or the stream did not start flowing into it.
    const flowingIntoClosed = closed.status === 200 && approved.status === 200 && s.status === 'active';
    expect({ close: closed.status, approve: approved.status, stream: s.status, flowingIntoClosed }).toMatchObject({
      flowingIntoClosed: false,
    });
  });

  // Was a DEFECT (low, fixed in agentsUsage): an agent's limit usage counts the funding of its streams from their `created` events
  // whatever became of them (limits.repo.ts agentsUsage(): stream_events type IN ('created','topped_up'),
  // no look at the stream's status). A stream denied or expired while waiting moved nothing — its whole
  // funding went back to the sender, and the account's usage is given back (stream_refund) — yet the agent
  // stays charged for it for a day: one denial of a large agent stream blocks the agent. The same was
  // fixed for denied agent transfers. Fix: leave out (or offset) the funding of streams that ended denied
  // or expired — e.g. subtract their denied/expired events' amount.
  it('a denied agent stream gives the agent its limit usage back', async () => {
    const o = await org('rca-agent-usage');
    const owner = await o.login();
    await policy(o, { amountGte: '500.00', initiatorTypes: ['agent'] });
    const from = await account(o, 'Agent wallet', '5000.00');
    const to = await account(o, 'Supplier');
    const agent = await createAgent(t.http, o.key, owner, from);
    const limited = await t.http.patch(`/v1/agents/${agent.id}`, { token: owner, body: { limits: { daily: '1500.00' } } });
    expect(limited.status, JSON.stringify(limited.body)).toBe(200);
    const first = await stream(agent.token, from, to, '1000.00');
    expect(first.body.data.status).toBe('requires_approval');
    const denied = await deny((await approvalOf(o, `streamId=${first.body.data.id}`)).id, owner);
    expect(denied.body.data.stream).toMatchObject({ status: 'denied', refunded: '1000.000000' });
    expect(await balance(o, from)).toMatchObject({ available: '5000.000000', inStreams: '0.000000' });
    const again = await stream(agent.token, from, to, '1000.00');
    expect(again.status, JSON.stringify(again.body)).toBe(201);
  });
  // Was a DEFECT (low, fixed: schedules.service creatorOf, 403 schedule_creator_inactive): a schedule acts as its creator at every run (schedules.service.ts actorOf(), :409, used by
  // attempt() at :447-450) without asking whether that creator still may act: an API key revoked since
  // (e.g. after a leak) and a member removed from the organization keep moving money through the
  // schedules they started — and an approved one's runs skip the policies (approved_at). An agent's
  // schedule does stop (agentActorFor refuses a suspended or deleted agent). Fix: resolve a user or
  // API-key initiator on each run like agentActorFor (key not revoked/expired, user still a member, with
  // their current role) and fail the occurrence otherwise; or pause their schedules on revocation/removal.
  it('a schedule stops moving money once the API key that started it is revoked or its creator removed', async () => {
    const o = await org('rca-revoked');
    const owner = await o.login();
    const admin = await addMember(t.http, owner, 'admin');
    await policy(o, { amountGte: '10.00', initiatorTypes: ['user', 'api_key'] });
    const from = await account(o, 'Ops', '1000.00');
    const to = await account(o, 'Vendor');
    const leaked = await createKey(t.http, admin.token);
    const byKey = (await schedule(leaked.key, { fromAccountId: from, toAccountId: to, frequency: 'daily', startDate: today() })).body.data;
    const byAdmin = (await schedule(admin.token, { fromAccountId: from, toAccountId: to, frequency: 'daily', startDate: today() })).body
      .data;
    for (const s of [byKey, byAdmin]) expect((await approve((await approvalOf(o, `scheduleId=${s.id}`)).id, owner)).status).toBe(200);
    expect((await t.http.delete(`/v1/api-keys/${leaked.id}`, { token: owner })).status).toBe(200);
    expect((await t.http.delete(`/v1/organization/team/${admin.userId}`, { token: owner })).status).toBe(204);
    await runDueSchedules(t.db, t.deps);
    expect(await balance(o, to)).toMatchObject({ available: '0' });
  });
});

/* ── What held ────────────────────────────────────────────────────────────── */

describe('no way around the approval', () => {
  it('a waiting schedule: no pause, resume, run-now or runner; a waiting stream: no pause, resume, top-up, withdraw', async () => {
    const o = await org('rca-odd-states');
    await policy(o, { amountGte: '10.00' });
    const from = await account(o, 'Ops', '1000.00');
    const to = await account(o, 'Vendor');
    const s = (await schedule(o.key, { fromAccountId: from, toAccountId: to, frequency: 'daily', startDate: today() })).body.data;
    expect(s).toMatchObject({ status: 'requires_approval', nextRunAt: null });
    for (const action of ['pause', 'resume', 'run-now']) {
      await refused(t.http.post(`/v1/scheduled-transfers/${s.id}/${action}`, { token: o.key }), 422, 'invalid_state');
    }
    const st = (await stream(o.key, from, to, '100.00')).body.data;
    expect(st.status).toBe('requires_approval');
    for (const action of ['pause', 'resume']) {
      await refused(t.http.post(`/v1/streams/${st.id}/${action}`, { token: o.key }), 422, 'invalid_state');
    }
    await refused(t.http.post(`/v1/streams/${st.id}/top-up`, { token: o.key, body: { amount: '0.01' } }), 422, 'invalid_state');
    t.clock.advance(3 * DAY_MS - 1000);
    await runDueSchedules(t.db, t.deps);
    expect(await transfersOf(o, from)).toEqual([]);
    // The receiver gets nothing, however long it waits, by any path.
    await refused(t.http.post(`/v1/streams/${st.id}/withdraw`, { token: o.key, body: {} }), 422, 'nothing_to_withdraw');
    await refused(t.http.post(`/v1/streams/${st.id}/withdraw`, { token: o.key, body: { amount: '0.000001' } }), 422);
    expect(await getStream(o, st.id)).toMatchObject({ streamed: '0.000000', withdrawable: '0.000000', remaining: '100.000000' });
    expect(await balance(o, to)).toMatchObject({ available: '0' });
    await ledgerOk(o);
  });

  it('after its expiry and before the worker: neither approved nor denied; a cancel refunds it once, the worker then leaves it', async () => {
    const o = await org('rca-expiry-gap');
    await policy(o, { amountGte: '10.00' });
    const from = await account(o, 'Ops', '1000.00');
    const to = await account(o, 'Vendor');
    const s = (await schedule(o.key, { fromAccountId: from, toAccountId: to })).body.data;
    const st = (await stream(o.key, from, to, '123.45')).body.data;
    const sa = await approvalOf(o, `scheduleId=${s.id}`);
    const sta = await approvalOf(o, `streamId=${st.id}`);
    t.clock.advance(72 * HOUR_MS);
    const owner = await o.login();
    await refused(approve(sa.id, owner), 422, 'invalid_state');
    await refused(deny(sa.id, owner), 422, 'invalid_state');
    await refused(approve(sta.id, owner), 422, 'invalid_state');
    const cancelled = await t.http.post(`/v1/streams/${st.id}/cancel`, { token: o.key });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.data).toMatchObject({ status: 'cancelled', refunded: '123.450000', withdrawn: '0.000000' });
    await expireDueApprovals(t.db, t.deps);
    expect(await getStream(o, st.id)).toMatchObject({ status: 'cancelled' });
    expect(await getSchedule(o, s.id)).toMatchObject({ status: 'expired', nextRunAt: null });
    expect(await refundsOf(st.id)).toBe(1);
    expect(await balance(o, from)).toMatchObject({ available: '1000.000000', inStreams: '0.000000' });
    await refused(t.http.post(`/v1/scheduled-transfers/${s.id}/run-now`, { token: o.key }), 422, 'invalid_state');
    await refused(t.http.post(`/v1/scheduled-transfers/${s.id}/resume`, { token: o.key }), 422, 'invalid_state');
    await ledgerOk(o);
  });

  it('a denied stream is refunded once: no second deny, cancel, approval or expiry moves money again', async () => {
    const o = await org('rca-once');
    const owner = await o.login();
    const admin = await addMember(t.http, owner, 'admin');
    await policy(o, { amountGte: '10.00', requiredApprovals: 2 });
    const from = await account(o, 'Ops', '1000.00');
    const to = await account(o, 'Vendor');
    const st = (await stream(o.key, from, to, '250.000001')).body.data;
    expect(st).toMatchObject({ status: 'requires_approval', funded: '250.000001' });
    const a = await approvalOf(o, `streamId=${st.id}`);
    expect((await approve(a.id, admin.token)).body.data).toMatchObject({ status: 'pending', stream: { status: 'requires_approval' } });
    const denied = await deny(a.id, owner, 'No');
    expect(denied.body.data).toMatchObject({ status: 'denied', stream: { status: 'denied', refunded: '250.000001' } });
    await refused(deny(a.id, owner), 422, 'invalid_state');
    await refused(approve(a.id, owner), 422, 'invalid_state');
    await refused(t.http.post(`/v1/streams/${st.id}/cancel`, { token: o.key }), 422, 'invalid_state');
    await refused(t.http.post(`/v1/streams/${st.id}/top-up`, { token: o.key, body: { amount: '1' } }), 422, 'invalid_state');
    t.clock.advance(73 * HOUR_MS);
    await expireDueApprovals(t.db, t.deps);
    expect(await refundsOf(st.id)).toBe(1);
    expect(await balance(o, from)).toMatchObject({ available: '1000.000000', inStreams: '0.000000' });
    await ledgerOk(o);
  });

  it('top-ups: one a policy would hold is refused for every initiator it names; an agent’s too', async () => {
    const o = await org('rca-topup');
    const owner = await o.login();
    const from = await account(o, 'Ops', '5000.00');
    const to = await account(o, 'Vendor');
    const agent = await createAgent(t.http, o.key, owner, from);
    const open = (await stream(agent.token, from, to, '100.00')).body.data;
    expect(open.status).toBe('active');
    await policy(o, { amountGte: '500.00', initiatorTypes: ['agent', 'api_key'] });
    for (const token of [agent.token, o.key]) {
      await refused(t.http.post(`/v1/streams/${open.id}/top-up`, { token, body: { amount: '500' } }), 422, 'approval_required');
    }
    // Paused changes nothing.
    expect((await t.http.post(`/v1/streams/${open.id}/pause`, { token: o.key })).status).toBe(200);
    await refused(t.http.post(`/v1/streams/${open.id}/top-up`, { token: o.key, body: { amount: '500.000000' } }), 422, 'approval_required');
    expect(await getStream(o, open.id)).toMatchObject({ funded: '100.000000' });
    await ledgerOk(o);
  });

  it('a stream whose sender was suspended while it waited is not started (nothing written); a denial still refunds it', async () => {
    const o = await org('rca-suspended');
    const owner = await o.login();
    await policy(o, { amountGte: '10.00' });
    const from = await account(o, 'Ops', '1000.00');
    const to = await account(o, 'Vendor');
    const st = (await stream(o.key, from, to, '100.00')).body.data;
    const a = await approvalOf(o, `streamId=${st.id}`);
    expect((await t.http.post(`/v1/accounts/${from}/suspend`, { token: o.key })).status).toBe(200);
    await refused(approve(a.id, owner), 422, 'account_suspended');
    const denied = await deny(a.id, owner);
    expect(denied.body.data.stream).toMatchObject({ status: 'denied', refunded: '100.000000' });
    expect(await balance(o, from)).toMatchObject({ available: '1000.000000', inStreams: '0.000000' });
    await ledgerOk(o);
  });

  it('approvalGranted is never taken from a request body', async () => {
    const o = await org('rca-granted');
    await policy(o, { amountGte: '10.00' });
    const from = await account(o, 'Ops', '500.00');
    const to = await account(o, 'Vendor');
    await refused(
      t.http.post('/v1/transfers', {
        token: o.key,
        body: { type: 'internal', fromAccountId: from, toAccountId: to, amount: '100.00', currency: 'USDC', approvalGranted: true },
      }),
      400,
    );
    await refused(schedule(o.key, { fromAccountId: from, toAccountId: to, approvalGranted: true }), 400);
    await refused(
      t.http.post('/v1/streams', {
        token: o.key,
        body: {
          senderAccountId: from,
          receiverAccountId: to,
          currency: 'USDC',
          ratePerMonth: '300.00',
          fundingAmount: '100',
          status: 'active',
        },
      }),
      400,
    );
  });

  it('an approved schedule’s runs go unasked; pause/resume keep that; a run-now and a later schedule of the same are asked again', async () => {
    const o = await org('rca-approved-runs');
    const owner = await o.login();
    await policy(o, { amountGte: '10.00' });
    const from = await account(o, 'Ops', '1000.00');
    const to = await account(o, 'Vendor');
    const s = (await schedule(o.key, { fromAccountId: from, toAccountId: to, frequency: 'daily', startDate: today() })).body.data;
    const a = await approvalOf(o, `scheduleId=${s.id}`);
    expect((await approve(a.id, owner)).body.data.schedule.status).toBe('active');
    await runDueSchedules(t.db, t.deps);
    expect((await t.http.post(`/v1/scheduled-transfers/${s.id}/pause`, { token: o.key })).status).toBe(200);
    t.clock.advance(2 * DAY_MS);
    await runDueSchedules(t.db, t.deps);
    expect((await t.http.post(`/v1/scheduled-transfers/${s.id}/resume`, { token: o.key })).status).toBe(200);
    await runDueSchedules(t.db, t.deps);
    const run = await t.http.post(`/v1/scheduled-transfers/${s.id}/run-now`, { token: o.key });
    expect((await getTransfer(o, run.body.data.transferId)).status).toBe('requires_approval');
    const statuses = (await transfersOf(o, from)).map((x) => x.status).sort();
    expect(statuses).toEqual(['completed', 'completed', 'requires_approval']);
    expect(await balance(o, to)).toMatchObject({ available: '200.000000' });
    // Another schedule of the same is a new object: asked again.
    expect((await schedule(o.key, { fromAccountId: from, toAccountId: to })).body.data.status).toBe('requires_approval');
    await ledgerOk(o);
  });
});

describe('who decides', () => {
  it('an admin never decides what their own API key started; a member, viewer, API key or agent never decides at all', async () => {
    const o = await org('rca-who');
    const owner = await o.login();
    const admin = await addMember(t.http, owner, 'admin');
    const member = await addMember(t.http, owner, 'member');
    const viewer = await addMember(t.http, owner, 'viewer');
    const adminKey = await createKey(t.http, admin.token);
    await policy(o, { amountGte: '10.00' });
    const from = await account(o, 'Ops', '1000.00');
    const to = await account(o, 'Vendor');
    const agent = await createAgent(t.http, o.key, owner, from);
    const s = (await schedule(adminKey.key, { fromAccountId: from, toAccountId: to })).body.data;
    expect(s.status).toBe('requires_approval');
    const a = await approvalOf(o, `scheduleId=${s.id}`);
    await refused(approve(a.id, admin.token), 403, 'self_approval');
    await refused(deny(a.id, admin.token), 403, 'self_approval');
    await refused(approve(a.id, member.token), 403);
    await refused(approve(a.id, viewer.token), 403);
    await refused(approve(a.id, adminKey.key), 403);
    await refused(approve(a.id, agent.token), 403);
    // The inbox is the deciders' own: a member sees none pending.
    expect((await t.http.get('/v1/approvals', { token: member.token })).body.data).toEqual([]);
    // A rotated key is its rotator's: the old key's creator may decide what the new one starts, never the rotator.
    const rotated = await t.http.post(`/v1/api-keys/${o.keyId}/rotate`, { token: admin.token });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(201);
    const s2 = (await schedule(rotated.body.data.key, { fromAccountId: from, toAccountId: to })).body.data;
    const a2 = await approvalOf(o, `scheduleId=${s2.id}`);
    await refused(approve(a2.id, admin.token), 403, 'self_approval');
    expect((await approve(a.id, owner)).status).toBe(200);
  });

  it('an owner-level policy: an admin is refused on a schedule and a stream; a demoted admin decides no more', async () => {
    const o = await org('rca-owner-policy');
    const owner = await o.login();
    const admin = await addMember(t.http, owner, 'admin');
    await policy(o, { amountGte: '10.00', approverRole: 'owner', requiredApprovals: 2 });
    const coOwner = await addMember(t.http, owner, 'owner');
    const from = await account(o, 'Ops', '1000.00');
    const to = await account(o, 'Vendor');
    const st = (await stream(o.key, from, to, '100.00')).body.data;
    const a = await approvalOf(o, `streamId=${st.id}`);
    await refused(approve(a.id, admin.token), 403, 'approver_role_required');
    expect((await approve(a.id, coOwner.token)).body.data.status).toBe('pending');
    // The co-owner is demoted: they may no longer decide, but their approval given as owner stays.
    expect((await t.http.patch(`/v1/organization/team/${coOwner.userId}`, { token: owner, body: { role: 'admin' } })).status).toBe(200);
    t.clock.advance(2_000);
    await refused(deny(a.id, coOwner.token), 403);
    const done = await approve(a.id, await o.login());
    expect(done.body.data).toMatchObject({ status: 'approved', stream: { status: 'active' } });
  });
});

describe('tenants, environments, idempotency', () => {
  it('another tenant and the live environment reach no schedule or stream approval, nor see one in their inbox', async () => {
    const o = await org('rca-cross');
    const other = await org('rca-cross-other');
    await policy(o, { amountGte: '10.00' });
    await policy(other, { amountGte: '10.00' });
    const from = await account(o, 'Ops', '1000.00');
    const to = await account(o, 'Vendor');
    const s = (await schedule(o.key, { fromAccountId: from, toAccountId: to })).body.data;
    const st = (await stream(o.key, from, to, '100.00')).body.data;
    const sa = await approvalOf(o, `scheduleId=${s.id}`);
    const sta = await approvalOf(o, `streamId=${st.id}`);
    const theirs = await other.login();
    for (const id of [sa.id, sta.id]) {
      await refused(approve(id, theirs), 404, 'resource_missing');
      await refused(deny(id, theirs), 404, 'resource_missing');
      await refused(t.http.post(`/v1/transfers/${id}/approve`, { token: await o.login() }), 404);
      expect((await t.http.get(`/v1/approvals/${id}`, { token: theirs })).status).toBe(404);
      await refused(approve(id, await o.login(), { 'payos-environment': 'live' }), 404);
    }
    for (const q of [`scheduleId=${s.id}`, `streamId=${st.id}`, 'objectType=schedule', 'objectType=stream', 'status=approved']) {
      expect((await t.http.get(`/v1/approvals?${q}`, { token: theirs })).body.data, q).toEqual([]);
    }
    // Their cancel reaches nothing either.
    const otherKey = other.key;
    await refused(t.http.post(`/v1/scheduled-transfers/${s.id}/cancel`, { token: otherKey }), 404);
    await refused(t.http.post(`/v1/streams/${st.id}/cancel`, { token: otherKey }), 404);
    // A live key of this tenant: its stream of the same is matched by no test-environment policy, and sees no test approval.
    const live = await createKey(t.http, await o.login(), 'live');
    expect((await t.http.get(`/v1/scheduled-transfers/${s.id}`, { token: live.key })).status).toBe(404);
    expect((await t.http.get(`/v1/approvals/${sa.id}`, { token: await o.login(), headers: { 'payos-environment': 'live' } })).status).toBe(
      404,
    );
  });

  it('one Idempotency-Key used by two approvers: the second is not handed the first one’s answer as their own decision', async () => {
    const o = await org('rca-idem');
    const owner = await o.login();
    const admin = await addMember(t.http, owner, 'admin');
    await policy(o, { amountGte: '10.00', requiredApprovals: 2 });
    const from = await account(o, 'Ops', '1000.00');
    const to = await account(o, 'Vendor');
    const st = (await stream(o.key, from, to, '100.00')).body.data;
    const a = await approvalOf(o, `streamId=${st.id}`);
    const headers = { 'Idempotency-Key': `shared-${a.id}` };
    const first = await approve(a.id, admin.token, headers);
    expect(first.status).toBe(200);
    // Refused (a key is its caller's), deciding nothing: never the admin's answer replayed as the owner's.
    await refused(approve(a.id, owner, headers), 422, 'idempotency_key_reused');
    expect((await approve(a.id, owner)).body.data).toMatchObject({ status: 'approved', stream: { status: 'active' } });
    // A deny replaying the approve's key is not the approval's answer either.
    const st2 = (await stream(o.key, from, to, '100.00')).body.data;
    const a2 = await approvalOf(o, `streamId=${st2.id}`);
    const k = { 'Idempotency-Key': `switch-${a2.id}` };
    expect((await approve(a2.id, admin.token, k)).status).toBe(200);
    await refused(deny(a2.id, admin.token, 'changed my mind', k), 422, 'idempotency_key_reused');
    // A stream created under a key, replayed by another credential, is not a second stream nor theirs.
    const created = { 'Idempotency-Key': `create-${a2.id}` };
    expect((await stream(o.key, from, to, '100.00', created)).status).toBe(201);
    await refused(stream(owner, from, to, '100.00', created), 422, 'idempotency_key_reused');
    await ledgerOk(o);
  });
});

describe('bad input is a 4xx', () => {
  it('hostile deny reasons and filters never yield a 5xx; the reason is stored as given', async () => {
    const o = await org('rca-input');
    const owner = await o.login();
    await policy(o, { amountGte: '10.00' });
    const from = await account(o, 'Ops', '1000.00');
    const to = await account(o, 'Vendor');
    const s = (await schedule(o.key, { fromAccountId: from, toAccountId: to })).body.data;
    const a = await approvalOf(o, `scheduleId=${s.id}`);
    for (const reason of ['', '   ', 'x'.repeat(501), 'a\u0000b']) {
      expect((await deny(a.id, owner, reason)).status, JSON.stringify(reason)).toBe(400);
    }
    await refused(t.http.post(`/v1/approvals/${a.id}/deny`, { token: owner, body: { reason: 'x', extra: 1 } }), 400);
    await refused(t.http.post(`/v1/approvals/${a.id}/deny`, { token: owner, rawBody: '{"reason":' }), 400);
    await refused(t.http.post(`/v1/approvals/${a.id}/deny`, { token: owner, body: { reason: ['x'] } }), 400);
    for (const q of [
      'scheduleId=nope',
      "scheduleId=' OR 1=1 --",
      'streamId=00000000-0000-0000-0000-00000000000g',
      'objectType=transfers',
      'objectType=schedule&objectType=stream',
      'status=pending%00',
      'limit=100000',
      'cursor=eyJ4IjoxfQ',
    ]) {
      const res = await t.http.get(`/v1/approvals?${q}`, { token: owner });
      expect(res.status, `${q}: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
      expect(res.status, q).toBeLessThan(500);
    }
    expect((await t.http.get(`/v1/approvals?scheduleId=${s.id.toUpperCase()}`, { token: owner })).body.data[0]?.id).toBe(a.id);
    expect((await t.http.get(`/v1/approvals?scheduleId=${s.id}&objectType=stream`, { token: owner })).body.data).toEqual([]);
    // A reason of a lone surrogate, RTL overrides and 500 emoji-heavy code units: a 4xx or stored, never a 5xx.
    const st = (await stream(o.key, from, to, '100.00')).body.data;
    const sa = await approvalOf(o, `streamId=${st.id}`);
    await refused(deny(sa.id, owner, '\ud800 \u202eevil\u202c'), 400, 'invalid_character');
    const s2 = (await schedule(o.key, { fromAccountId: from, toAccountId: to })).body.data;
    const a2 = await approvalOf(o, `scheduleId=${s2.id}`);
    const reason = `${'x'.repeat(499)}🙂`;
    const denied = await deny(a2.id, owner, reason);
    expect(denied.status, JSON.stringify(denied.body)).toBe(200);
    expect(denied.body.data.decisions[0].reason).toBe(reason);
    const got = await t.http.get(`/v1/approvals/${a2.id}`, { token: owner });
    expect(got.body.data.decisions[0].reason).toBe(reason);
    const rtl = (await schedule(o.key, { fromAccountId: from, toAccountId: to })).body.data;
    const rtlReason = "\u202eevil\u202c <script>alert(1)</script> '; DROP TABLE approval_requests; --";
    const rtlDenied = await deny((await approvalOf(o, `scheduleId=${rtl.id}`)).id, owner, rtlReason);
    expect(rtlDenied.body.data.decisions[0].reason).toBe(rtlReason);
    await ledgerOk(o);
  });
});

describe('money', () => {
  it('every way out of waiting keeps the ledger exact and the balances to the cent', async () => {
    const o = await org('rca-money');
    const owner = await o.login();
    await policy(o, { amountGte: '10.00' });
    const from = await account(o, 'Ops', '1000.00');
    const to = await account(o, 'Vendor');
    const fundings = ['100.000001', '200.50', '300.999999', '150.00'];
    const made = [];
    for (const f of fundings) made.push((await stream(o.key, from, to, f)).body.data);
    expect(await balance(o, from)).toMatchObject({ available: '248.500000', inStreams: '751.500000' });
    const [a, b, c, d] = made;
    await deny((await approvalOf(o, `streamId=${a.id}`)).id, owner);
    await t.http.post(`/v1/streams/${b.id}/cancel`, { token: o.key });
    await approve((await approvalOf(o, `streamId=${d.id}`)).id, owner);
    t.clock.advance(72 * HOUR_MS);
    await expireDueApprovals(t.db, t.deps);
    expect(await getStream(o, c.id)).toMatchObject({ status: 'expired', refunded: '300.999999' });
    // d flowed 72 h at 300/month: cancel it, the receiver gets exactly what streamed, the rest goes back.
    const cancelled = await t.http.post(`/v1/streams/${d.id}/cancel`, { token: o.key });
    const { withdrawn, refunded } = cancelled.body.data;
    expect(Number(withdrawn) + Number(refunded)).toBeCloseTo(150, 6);
    expect(await balance(o, to)).toMatchObject({ available: withdrawn });
    const back = (1000 - Number(withdrawn)).toFixed(6);
    expect(await balance(o, from)).toMatchObject({ available: back, inStreams: '0.000000' });
    for (const s of made) expect(await refundsOf(s.id)).toBe(1);
    await ledgerOk(o);
  });
});

/* ── Races (PostgreSQL) ───────────────────────────────────────────────────── */

describe('races', () => {
  it.runIf(isRealPostgres)(
    'approve, deny and cancel of a waiting stream at once: one wins, one refund at most, the ledger exact',
    async () => {
      const o = await org('rca-race-stream');
      const owner = await o.login();
      const [a1, a2] = [await addMember(t.http, owner, 'admin'), await addMember(t.http, owner, 'admin')];
      await policy(o, { amountGte: '10.00' });
      const from = await account(o, 'Race', '1000.00');
      const to = await account(o, 'Finish');
      for (let round = 0; round < 5; round++) {
        const st = (await stream(o.key, from, to, '100.00')).body.data;
        const a = await approvalOf(o, `streamId=${st.id}`);
        const results = await Promise.all([
          approve(a.id, a1.token),
          deny(a.id, a2.token),
          t.http.post(`/v1/streams/${st.id}/cancel`, { token: o.key }),
        ]);
        for (const r of results) expect([200, 422], JSON.stringify(r.body)).toContain(r.status);
        const end = (await getStream(o, st.id)).status;
        const wins = results.filter((r) => r.status === 200).length;
        // The cancel may also come after an approval (cancelling the flowing stream).
        expect(
          wins === 1 || (wins === 2 && end === 'cancelled' && results[0]?.status === 200),
          JSON.stringify(results.map((r) => r.status)),
        ).toBe(true);
        expect(['active', 'denied', 'cancelled']).toContain(end);
        expect(await refundsOf(st.id)).toBe(end === 'active' ? 0 : 1);
        if (end === 'active') await t.http.post(`/v1/streams/${st.id}/cancel`, { token: o.key });
      }
      expect(await balance(o, to)).toMatchObject({ available: '0' });
      expect(await balance(o, from)).toMatchObject({ available: '1000.000000', inStreams: '0.000000' });
      await ledgerOk(o);
    },
  );

  it.runIf(isRealPostgres)(
    'approvals, cancels and the expiry worker at once on expired and fresh schedules: one outcome each, states agree, no deadlock',
    async () => {
      const o = await org('rca-race-schedule');
      const admin = await addMember(t.http, await o.login(), 'admin');
      await policy(o, { amountGte: '10.00' });
      const from = await account(o, 'Race', '1000.00');
      const to = await account(o, 'Finish');
      const make = async () => {
        const s = (await schedule(o.key, { fromAccountId: from, toAccountId: to, frequency: 'once', startDate: inDays(5) })).body.data;
        return { s, a: await approvalOf(o, `scheduleId=${s.id}`) };
      };
      const old = [await make(), await make(), await make()];
      t.clock.advance(72 * HOUR_MS - 1_000);
      const fresh = [await make(), await make(), await make()];
      t.clock.advance(1_000); // the old ones are due to expire now, the fresh ones have 72 h left
      const [ownerToken, adminToken] = [await o.login(), await o.login(admin.email)];
      const all = [...old, ...fresh];
      const results = await Promise.all([
        ...all.map(({ a }, i) => approve(a.id, i % 2 ? adminToken : ownerToken)),
        ...all.map(({ s }) => t.http.post(`/v1/scheduled-transfers/${s.id}/cancel`, { token: o.key })),
        expireDueApprovals(t.db, t.deps).then((n) => ({ status: 200, body: { expired: n } as Json })),
      ]);
      for (const r of results) expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
      // No approval of an expired one; the approvals of the fresh ones were real decisions (not 401s).
      for (const r of results.slice(0, old.length)) expect(r.status).toBe(422);
      for (const r of results.slice(old.length, all.length)) expect([200, 422]).toContain(r.status);
      await expireDueApprovals(t.db, t.deps);
      const login = await o.login();
      for (const [i, { s, a }] of all.entries()) {
        const end = (await getSchedule(o, s.id)).status as string;
        const request = (await t.http.get(`/v1/approvals/${a.id}`, { token: login })).body.data.status as string;
        const isOld = i < old.length;
        expect(isOld ? ['cancelled', 'expired'] : ['active', 'cancelled']).toContain(end);
        // The schedule and its request agree: cancelled while waiting, or approved then cancelled.
        const agreeing: Record<string, string[]> = { active: ['approved'], expired: ['expired'], cancelled: ['cancelled', 'approved'] };
        expect(agreeing[end]).toContain(request);
        if (isOld) expect(request).not.toBe('approved');
      }
      await runDueSchedules(t.db, t.deps);
      expect(await transfersOf(o, from)).toEqual([]);
      await ledgerOk(o);
    },
  );
});
