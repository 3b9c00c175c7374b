/**
 * Review of disputes (issue #18 §3): who may open, answer, resolve and escalate one; odd bodies; the
 * filing and response windows; accounts closed or suspended mid-dispute; money (the hold, the refund
 * out of it, the release); the wire JSON of events; idempotency; races (PostgreSQL).
 */
import { disputeSchema, transferSchema } from '@payos/contracts';
import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { escalateDueDisputes } from '../../apps/api/src/modules/disputes/disputes.service.js';
import { createAgent, openAccount, tenantWithKey, testApp } from '../fixtures.js';
import { addMember, createKey, isRealPostgres, type Json } from '../harness.js';

const t = testApp();
const tenant = tenantWithKey(t, 'review-disputes');
const other = tenantWithKey(t, 'review-disputes-other');
const DAY_MS = 24 * 60 * 60 * 1000;
type Tenant = typeof tenant;

const account = (name: string, funds?: string, who: Tenant = tenant) => openAccount(t.http, who.key, { name, tier: 2, funds });

/** A completed internal transfer of `amount` USDC from a customer to a merchant (who keeps `extra` besides). */
async function paid(amount = '100.00', extra?: string, who: Tenant = tenant) {
  const from = await account('Customer', amount, who);
  const to = await account('Merchant', extra, who);
  const res = await t.http.post('/v1/transfers', {
    token: who.key,
    body: { type: 'internal', fromAccountId: from, toAccountId: to, amount, currency: 'USDC' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { from, to, transferId: res.body.data.id as string };
}

const open = (body: Json, token = tenant.key, headers?: Record<string, string>) =>
  t.http.post('/v1/disputes', { token, headers, body: { reason: 'service_not_received', description: 'Never arrived', ...body } });
const act = (id: string, action: 'respond' | 'resolve' | 'escalate', body?: Json, token = tenant.key, headers?: Record<string, string>) =>
  t.http.post(`/v1/disputes/${id}/${action}`, { token, headers, ...(body && { body }) });
const opened = async (body: Json) => {
  const res = await open(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as Json;
};
const balance = async (id: string) =>
  (await t.http.get(`/v1/accounts/${id}/balances`, { token: tenant.key })).body.data.balances.find(
    (b: { currency: string }) => b.currency === 'USDC',
  ) as { available: string; pending: string };
const getTransfer = async (id: string) => (await t.http.get(`/v1/transfers/${id}`, { token: tenant.key })).body.data as Json;
const getDispute = async (id: string) => (await t.http.get(`/v1/disputes/${id}`, { token: tenant.key })).body.data as Json;
async function ledgerOk(who: Tenant = tenant) {
  const res = await t.http.get('/v1/ledger/verification', { token: await who.userToken() });
  expect(res.body.data, JSON.stringify(res.body)).toMatchObject({ ok: true, discrepancies: [] });
}

/** What a refused request could have written. */
const snapshot = () =>
  withOwner(t.db, async (tx) => ({
    disputes: await tx.query('SELECT id, status, updated_at, evidence::text, counter_offer::text FROM disputes ORDER BY id'),
    disputeEvents: await tx.query('SELECT count(*)::int AS n FROM dispute_events'),
    transfers: await tx.query('SELECT id, refunded_amount::text, refund_pending_amount::text, refund_count FROM transfers ORDER BY id'),
    refunds: await tx.query('SELECT count(*)::int AS n FROM refunds'),
    ledger: await tx.query('SELECT count(*)::int AS n FROM ledger_transactions'),
    balances: await tx.query('SELECT account_id, currency, available::text, pending::text FROM balances ORDER BY account_id, currency'),
    events: await tx.query('SELECT count(*)::int AS n FROM events'),
    usage: await tx.query('SELECT account_id, currency, hour, amount::text FROM limit_usage ORDER BY account_id, currency, hour'),
  }));
const usageOf = (accountIds: string[]) =>
  withOwner(t.db, (tx) =>
    tx.query('SELECT account_id, currency, hour, amount::text FROM limit_usage WHERE account_id = ANY($1::uuid[]) ORDER BY 1, 2, 3', [
      accountIds,
    ]),
  );

/** Refused with `status`/`code` in the error envelope, writing nothing. */
async function refused(promise: Promise<{ status: number; body: Json }>, status: number, code?: string) {
  const before = await snapshot();
  const res = await promise;
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error, JSON.stringify(res.body)).toMatchObject({ type: expect.any(String), code: code ?? expect.any(String) });
  expect(await snapshot()).toEqual(before);
  return res.body.error as Json;
}

/** The events of an object, oldest first, as GET /v1/events gives them. */
async function eventsOf(objectId: string): Promise<Json[]> {
  const res = await t.http.get(`/v1/events?objectId=${objectId}&limit=100`, { token: tenant.key });
  expect(res.status).toBe(200);
  return (res.body.data as Json[]).slice().reverse();
}

describe('disputes: findings', () => {
  it('FINDING (fixed in disputes.service.ts): resolution notes over 500 characters with a refund were a 500 (refunds.reason_details CHECK)', async () => {
    const { from, to, transferId } = await paid('30.00');
    const d = await opened({ transferId });
    const notes = `${'Ω'.repeat(1500)} 😀 end`; // allowed by the contract (≤ 2000)
    const res = await act(d.id, 'resolve', { resolution: 'partial_refund', resolutionAmount: '10.00', resolutionNotes: notes });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // The dispute keeps the notes whole; the refund names its dispute.
    expect(res.body.data).toMatchObject({ status: 'resolved', resolutionNotes: notes, resolutionAmount: '10.000000' });
    const refund = (await t.http.get(`/v1/refunds/${res.body.data.refundId}`, { token: tenant.key })).body.data;
    expect(refund).toMatchObject({ disputeId: d.id, amount: '10.000000', reason: 'dispute_resolution' });
    expect(Array.from(refund.reasonDetails as string)).toHaveLength(500);
    expect(refund.reasonDetails).toBe(`${Array.from(notes).slice(0, 499).join('')}…`);
    // Its refund.succeeded event reads as GET /v1/refunds/{id}.
    const succeeded = (await eventsOf(refund.id)).find((e) => e.type === 'refund.succeeded');
    expect(JSON.stringify(succeeded?.data.object)).toBe(JSON.stringify(refund));
    expect(await balance(from)).toMatchObject({ available: '10.000000', pending: '0.000000' });
    expect(await balance(to)).toMatchObject({ available: '20.000000', pending: '0.000000' });
    await ledgerOk();
  });

  it('FINDING (fixed in disputes.service.ts): a dispute of a transfer with 100 refunds opened, and its resolution made a 101st', async () => {
    const { transferId } = await paid('100.00');
    for (let i = 0; i < 100; i++) {
      const r = await t.http.post('/v1/refunds', { token: tenant.key, body: { transferId, amount: '0.01', reason: 'other' } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    expect(await getTransfer(transferId)).toMatchObject({ refundableAmount: '99.000000' });
    // Before the fix: 201, then resolve refund_issued → refund #101, and GET /v1/transfers/{id} listed
    // 101 refunds (its schema allows 100; refunds refuse the 101st with invalid_state).
    const error = await refused(open({ transferId, amountDisputed: '5.00' }), 422, 'invalid_state');
    expect(error.details).toMatchObject({ limit: 100 });
    const transfer = await getTransfer(transferId);
    expect(transfer.refunds).toHaveLength(100);
    expect(transferSchema.safeParse(transfer).success).toBe(true);
  });

  it('FINDING (fixed in refunds.service.ts): a refund during an open dispute cannot take the slot its resolution needs (at most 100 refunds)', async () => {
    const { transferId } = await paid('100.00');
    for (let i = 0; i < 99; i++) {
      expect((await t.http.post('/v1/refunds', { token: tenant.key, body: { transferId, amount: '0.01', reason: 'other' } })).status).toBe(
        201,
      );
    }
    const d = await opened({ transferId, amountDisputed: '5.00' });
    const hundredth = await t.http.post('/v1/refunds', { token: tenant.key, body: { transferId, amount: '0.01', reason: 'other' } });
    expect(hundredth.status).toBe(422);
    expect(hundredth.body.error).toMatchObject({ code: 'invalid_state', details: { limit: 100 } });
    const res = await act(d.id, 'resolve', { resolution: 'refund_issued' });
    expect(res.status).toBe(200);
    // The property wanted: a transfer never has more than 100 refunds (its GET lists them all).
    expect((await getTransfer(transferId)).refunds.length).toBeLessThanOrEqual(100);
  });

  it('FINDING (fixed in accounts.service.ts): the claimant cannot close its account mid-dispute, so a refund resolution stays possible', async () => {
    const { from, to, transferId } = await paid('40.00');
    const d = await opened({ transferId });
    // The claimant's balance is zero (it paid everything), but it has a dispute that may refund it.
    const close = await t.http.delete(`/v1/accounts/${from}`, { token: tenant.key });
    expect(close.status).toBe(422);
    expect(close.body.error).toMatchObject({ code: 'invalid_state', details: { disputes: [d.id] } });
    const resolved = await act(d.id, 'resolve', { resolution: 'refund_issued' });
    expect(resolved.status).toBe(200);
    expect(await balance(to)).toMatchObject({ pending: '0.000000' });
  });
});

describe('disputes: properties that hold', () => {
  it('the claimant closed mid-dispute: refunds are refused with a clear 422, no_action still releases the hold', async () => {
    const { from, to, transferId } = await paid('40.00');
    const d = await opened({ transferId, amountDisputed: '15.00' });
    // The respondent, holding the amount, cannot close.
    const respClose = await t.http.delete(`/v1/accounts/${to}`, { token: tenant.key });
    expect(respClose.status).toBe(422);
    expect(respClose.body.error.code).toBe('balance_not_zero');
    const close = await t.http.delete(`/v1/accounts/${from}`, { token: tenant.key });
    if (close.status === 200) {
      await refused(act(d.id, 'resolve', { resolution: 'refund_issued' }), 422, 'invalid_state');
      await refused(act(d.id, 'resolve', { resolution: 'partial_refund', resolutionAmount: '1.00' }), 422, 'invalid_state');
    }
    const done = await act(d.id, 'resolve', { resolution: 'no_action' });
    expect(done.status).toBe(200);
    expect(await balance(to)).toMatchObject({ available: '40.000000', pending: '0.000000' });
    expect(await getTransfer(transferId)).toMatchObject({ refundedAmount: '0.000000' });
    await ledgerOk();
  });

  it('a suspended respondent: the hold still pays the resolution; its other funds stay its own', async () => {
    const { from, to, transferId } = await paid('50.00', '10.00');
    const d = await opened({ transferId, amountDisputed: '20.00' });
    const suspended = await t.http.post(`/v1/accounts/${to}/suspend`, { token: tenant.key, body: {} });
    expect(suspended.status, JSON.stringify(suspended.body)).toBe(200);
    // An ordinary refund from a suspended account is refused; the dispute's refund comes out of the hold.
    const plain = await t.http.post('/v1/refunds', { token: tenant.key, body: { transferId, amount: '1.00', reason: 'other' } });
    expect(plain.status).toBe(422);
    const res = await act(d.id, 'resolve', { resolution: 'partial_refund', resolutionAmount: '12.50' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await balance(from)).toMatchObject({ available: '12.500000' });
    expect(await balance(to)).toMatchObject({ available: '47.500000', pending: '0.000000' });
    await ledgerOk();
  });

  it('viewers read but cannot change; agents, other tenants and live callers neither; members and API keys may', async () => {
    const { from, transferId } = await paid('20.00');
    const owner = await tenant.userToken();
    const viewer = await addMember(t.http, owner, 'viewer');
    const member = await addMember(t.http, owner, 'member');
    const agent = await createAgent(t.http, tenant.key, owner, from);
    const liveKey = (await createKey(t.http, owner, 'live')).key;
    const d = await opened({ transferId, amountDisputed: '5.00' });
    const bodies = { respond: { response: 'x' }, resolve: { resolution: 'no_action' }, escalate: undefined } as const;
    for (const [token, status, code] of [
      [viewer.token, 403, 'insufficient_permissions'],
      [agent.token, 403, 'agent_not_allowed'],
      [other.key, 404, 'resource_missing'],
      [liveKey, 404, 'resource_missing'],
      ['not-a-token', 401, 'invalid_token'],
    ] as const) {
      await refused(open({ transferId: (await paid('1.00')).transferId }, token), status, code === 'resource_missing' ? undefined : code);
      for (const action of ['respond', 'resolve', 'escalate'] as const)
        await refused(act(d.id, action, bodies[action], token), status, code);
    }
    await refused(open({ transferId }, owner, { 'payos-environment': 'live' }), 404, 'resource_missing');
    // Reads: a viewer yes, an agent no.
    expect((await t.http.get(`/v1/disputes/${d.id}`, { token: viewer.token })).status).toBe(200);
    expect((await t.http.get('/v1/disputes/stats', { token: viewer.token })).status).toBe(200);
    expect((await t.http.get('/v1/disputes', { token: viewer.token })).body.data.map((x: Json) => x.id)).toContain(d.id);
    for (const path of [`/v1/disputes/${d.id}`, '/v1/disputes', '/v1/disputes/stats']) {
      expect((await t.http.get(path, { token: agent.token })).status).toBe(403);
    }
    // Another tenant's transfer is a 404, and its disputes invisible.
    const theirs = await paid('5.00', undefined, other);
    await refused(open({ transferId: theirs.transferId }), 404, 'resource_missing');
    // A member user.
    expect((await act(d.id, 'escalate', undefined, member.token)).status).toBe(200);
    expect((await act(d.id, 'resolve', { resolution: 'no_action' }, member.token)).status).toBe(200);
    await ledgerOk();
  });

  it('odd ids, bodies and queries are 4xx in the error envelope and write nothing', async () => {
    const { transferId: disputed } = await paid('50.00');
    const d = await opened({ transferId: disputed, amountDisputed: '10.00' });
    const { transferId } = await paid('10.00'); // undisputed: each body is refused for itself
    const ev = (extra: Json) => ({ type: 'receipt', description: 'r', ...extra });
    for (const body of [
      { transferId: 'not-a-uuid' },
      { transferId, amountDisputed: '0' },
      { transferId, amountDisputed: '0.00' },
      { transferId, amountDisputed: '-1.00' },
      { transferId, amountDisputed: 5 },
      { transferId, amountDisputed: '1e1' },
      { transferId, amountDisputed: 'NaN' },
      { transferId, amountDisputed: '99999999999999999999999999999999' },
      { transferId, requestedAmount: '0' },
      { transferId, description: ' '.repeat(10) },
      { transferId, description: 'x'.repeat(2001) },
      { transferId, description: '😀'.repeat(2001) },
      { transferId, evidence: Array.from({ length: 11 }, () => ev({})) },
      { transferId, evidence: [ev({ url: 'ftp://x.example/a' })] },
      { transferId, evidence: [ev({ url: `https://x.example/${'a'.repeat(2000)}` })] },
      { transferId, evidence: [ev({ content: 'c'.repeat(5001) })] },
      { transferId, evidence: [ev({ type: 'video' })] },
      { transferId, evidence: [ev({ extra: 1 })] },
      { transferId, evidence: {} },
      { transferId, requestedResolution: 'everything' },
      { transferId, status: 'resolved' },
      { transferId, description: 'nul \u0000 byte' },
    ]) {
      await refused(open(body), 400);
    }
    await refused(open({ transferId, amountDisputed: '1.00', requestedAmount: '1.01' }), 400, 'parameter_invalid');
    await refused(open({ transferId, amountDisputed: '1.0000001' }), 400, 'amount_too_precise');
    await refused(open({ transferId: disputed, amountDisputed: '1.00' }), 409, 'dispute_exists');
    for (const [action, body] of [
      ['respond', {}],
      ['respond', { response: '' }],
      ['respond', { response: 'x', acceptClaim: 'yes' }],
      ['respond', { response: 'x', counterOffer: { resolution: 'everything' } }],
      ['respond', { response: 'x', counterOffer: { resolution: 'partial_refund', amount: '0' } }],
      ['respond', { response: 'x', counterOffer: { resolution: 'partial_refund', amount: '10.01' } }],
      ['respond', { response: 'x', counterOffer: { resolution: 'partial_refund', amount: '1.0000001' } }],
      ['respond', { response: 'x', evidence: Array.from({ length: 11 }, () => ev({})) }],
      ['resolve', {}],
      ['resolve', { resolution: 'refund' }],
      ['resolve', { resolution: 'partial_refund', resolutionAmount: '0' }],
      ['resolve', { resolution: 'partial_refund', resolutionAmount: '-5' }],
      ['resolve', { resolution: 'credit_issued' }],
      ['resolve', { resolution: 'no_action', resolutionNotes: 'n'.repeat(2001) }],
    ] as const) {
      await refused(act(d.id, action, body as Json), 400);
    }
    for (const id of ['x', '00000000-0000-0000-0000-00000000000g', `${d.id}0`]) {
      const res = await act(id, 'escalate');
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    // Upper case ids are the same dispute.
    expect((await t.http.get(`/v1/disputes/${d.id.toUpperCase()}`, { token: tenant.key })).body.data.id).toBe(d.id);
    for (const q of ['dueSoon=1', 'status=closed', 'accountId=x', 'limit=0', 'limit=1000', 'cursor=garbage', 'reason=fraud']) {
      const res = await t.http.get(`/v1/disputes?${q}`, { token: tenant.key });
      expect(res.status, q).toBe(400);
      expect(res.body.error.code).toEqual(expect.any(String));
    }
    expect(await getDispute(d.id)).toMatchObject({ status: 'open', evidence: [] });
    await ledgerOk();
  });

  it('evidence at its largest (10 items of every field at its maximum, twice) is kept whole and read back as written', async () => {
    const { transferId } = await paid('10.00');
    const item = (i: number, by: string) => ({
      type: 'other',
      description: `${by} ${i} ${'d'.repeat(480)}`,
      url: `https://files.example.com/${'é'.repeat(1900)}/${i}`,
      content: `${'😀'.repeat(4990)}${i}`,
    });
    const d = await opened({ transferId, evidence: Array.from({ length: 10 }, (_, i) => item(i, 'claimant')) });
    const res = await act(d.id, 'respond', {
      response: '😀'.repeat(2000),
      evidence: Array.from({ length: 10 }, (_, i) => item(i, 'respondent')),
    });
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    const got = await getDispute(d.id);
    expect(got.evidence).toHaveLength(20);
    expect(got.evidence[19]).toMatchObject({ ...item(9, 'respondent'), submittedBy: 'respondent' });
    expect(disputeSchema.safeParse(got).success).toBe(true);
    const responded = (await eventsOf(d.id)).find((e) => e.type === 'dispute.responded');
    expect(JSON.stringify(responded?.data.object)).toBe(JSON.stringify(got));
    expect((await act(d.id, 'resolve', { resolution: 'no_action' })).status).toBe(200);
  });

  it('the filing window ends exactly disputes.filingWindowDays after the transfer; the response window at dueAt', async () => {
    const admin = await tenant.userToken();
    expect((await t.http.patch('/v1/organization/settings', { token: admin, body: { disputes: { filingWindowDays: 2 } } })).status).toBe(
      200,
    );
    try {
      const a = await paid('10.00');
      const b = await paid('10.00');
      t.clock.advance(2 * DAY_MS);
      const d = await opened({ transferId: a.transferId }); // at the edge: still open
      t.clock.advance(1);
      await refused(open({ transferId: b.transferId }), 422, 'dispute_window_expired');
      const e = await opened({ transferId: (await paid('10.00')).transferId });
      // Respond exactly at dueAt is in time; a millisecond later it is not.
      t.clock.set(new Date(d.dueAt));
      expect((await act(d.id, 'respond', { response: 'Just in time' })).status).toBe(200);
      t.clock.set(new Date(new Date(e.dueAt).getTime() + 1));
      await refused(act(e.id, 'respond', { response: 'Late' }), 422, 'dispute_response_overdue');
      for (const x of [d, e]) expect((await act(x.id, 'resolve', { resolution: 'no_action' })).status).toBe(200);
    } finally {
      await t.http.patch('/v1/organization/settings', { token: await tenant.userToken(), body: { disputes: { filingWindowDays: 120 } } });
    }
    // A member cannot change the window; a viewer neither.
    const member = await addMember(t.http, await tenant.userToken(), 'member');
    const res = await t.http.patch('/v1/organization/settings', { token: member.token, body: { disputes: { filingWindowDays: 540 } } });
    expect(res.status).toBe(403);
    for (const bad of [{ filingWindowDays: 541 }, { filingWindowDays: 0 }, { responseWindowDays: 91 }, { autoEscalateAfterDays: 0 }]) {
      expect((await t.http.patch('/v1/organization/settings', { token: await tenant.userToken(), body: { disputes: bad } })).status).toBe(
        400,
      );
    }
  });

  it('dispute.* and transfer.refunded event objects are byte for byte what GET returned at that moment', async () => {
    const { transferId } = await paid('80.00');
    const d = await opened({
      transferId,
      amountDisputed: '30.00',
      evidence: [{ type: 'other', description: 'ünïcödé — 😀', url: 'https://x.example/a?b=c&d=é', content: '{"k":1}' }],
    });
    const afterOpen = JSON.stringify(await getDispute(d.id));
    const transferAfterOpen = JSON.stringify(await getTransfer(transferId));
    // The list (built as JSON in SQL) reads as GET while the dispute reserves part of the transfer.
    const listed = (await t.http.get('/v1/transfers?limit=100', { token: tenant.key })).body.data.find((x: Json) => x.id === transferId);
    expect(JSON.stringify(listed)).toBe(transferAfterOpen);
    expect(JSON.parse(transferAfterOpen)).toMatchObject({ refundedAmount: '0.000000', refundableAmount: '50.000000' });
    t.clock.advance(1_000);
    await act(d.id, 'respond', {
      response: 'Delivered',
      counterOffer: { resolution: 'partial_refund', amount: '5.00', notes: 'n' },
      evidence: [{ type: 'receipt', description: 'r', content: 'zz' }],
    });
    const afterRespond = JSON.stringify(await getDispute(d.id));
    t.clock.advance(1_000);
    await act(d.id, 'escalate');
    const afterEscalate = JSON.stringify(await getDispute(d.id));
    t.clock.advance(1_000);
    const resolved = await act(d.id, 'resolve', { resolution: 'partial_refund', resolutionAmount: '7.50' });
    const afterResolve = JSON.stringify(await getDispute(d.id));
    expect(JSON.stringify(resolved.body.data)).toBe(afterResolve);
    const transferAfterResolve = JSON.stringify(await getTransfer(transferId));

    const byType = Object.fromEntries((await eventsOf(d.id)).map((e) => [e.type, JSON.stringify(e.data.object)]));
    expect(byType).toEqual({
      'dispute.created': afterOpen,
      'dispute.responded': afterRespond,
      'dispute.escalated': afterEscalate,
      'dispute.resolved': afterResolve,
    });
    expect(disputeSchema.safeParse(JSON.parse(afterResolve)).success).toBe(true);
    const transferEvents = (await eventsOf(transferId)).filter((e) => e.type === 'transfer.refunded');
    // Only money given back is transfer.refunded (opening a dispute is dispute.created).
    expect(transferEvents.map((e) => JSON.stringify(e.data.object))).toEqual([transferAfterResolve]);
    expect(JSON.parse(transferAfterResolve)).toMatchObject({ refundedAmount: '7.500000', refundableAmount: '72.500000' });
    await ledgerOk();
  });

  it('an Idempotency-Key replays the same dispute once, refuses another body, and a failed attempt can be retried', async () => {
    const { to, transferId } = await paid('30.00');
    const key = `dispute-${Date.now()}`;
    const first = await open({ transferId, amountDisputed: '3.00' }, tenant.key, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const again = await open({ transferId, amountDisputed: '3.00' }, tenant.key, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.body.data.id).toBe(first.body.data.id);
    await refused(open({ transferId, amountDisputed: '4.00' }, tenant.key, { 'idempotency-key': key }), 422, 'idempotency_key_reused');
    expect(await balance(to)).toMatchObject({ pending: '3.000000' });
    // The same key on another dispute's path is another request.
    const rkey = `resolve-${Date.now()}`;
    await refused(
      act(first.body.data.id, 'resolve', { resolution: 'partial_refund' }, tenant.key, { 'idempotency-key': rkey }),
      400,
      'parameter_missing',
    );
    const ok = await act(first.body.data.id, 'resolve', { resolution: 'refund_issued' }, tenant.key, { 'idempotency-key': rkey });
    expect(ok.status).toBe(200);
    const replay = await act(first.body.data.id, 'resolve', { resolution: 'refund_issued' }, tenant.key, { 'idempotency-key': rkey });
    expect(replay.body.data.refundId).toBe(ok.body.data.refundId);
    expect(await getTransfer(transferId)).toMatchObject({ refundedAmount: '3.000000' });
    await ledgerOk();
  });

  it('money: repeated disputes, refunds and resolutions never give the claimant more than the transfer nor take more than disputed', async () => {
    const { from, to, transferId } = await paid('100.00', '500.00');
    const usage = await usageOf([from, to]);
    let refunded = 0;
    for (const [amountDisputed, resolution, resolutionAmount, refundBetween] of [
      ['40.00', 'partial_refund', '10.00', '5.00'],
      ['50.00', 'no_action', undefined, '20.00'],
      ['30.00', 'credit_issued', '30.00', undefined],
      [undefined, 'refund_issued', undefined, undefined],
    ] as const) {
      const before = await balance(to);
      const d = await opened({ transferId, ...(amountDisputed && { amountDisputed }) });
      if (refundBetween) {
        const r = await t.http.post('/v1/refunds', { token: tenant.key, body: { transferId, amount: refundBetween, reason: 'other' } });
        expect(r.status).toBe(201);
        refunded += Number(refundBetween);
      }
      const res = await act(d.id, 'resolve', { resolution, ...(resolutionAmount && { resolutionAmount }) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const got = Number(res.body.data.resolutionAmount);
      refunded += got;
      const after = await balance(to);
      // The respondent lost what was refunded (by the dispute and the refund in between), never more.
      expect(Number(before.available) - Number(after.available)).toBeCloseTo(got + Number(refundBetween ?? 0), 6);
      expect(after.pending).toBe('0.000000');
    }
    expect(refunded).toBeCloseTo(100, 6);
    expect(await getTransfer(transferId)).toMatchObject({ refundedAmount: '100.000000', refundableAmount: '0.000000' });
    expect(await balance(from)).toMatchObject({ available: '100.000000' });
    await refused(open({ transferId }), 422, 'amount_exceeds_refundable');
    // Disputes and their refunds are not spends: no limit counter moved (as refunds and returns).
    expect(await usageOf([from, to])).toEqual(usage);
    await ledgerOk();
  });

  it('stats: figures per tenant environment, atRisk as the held amounts, and a viewer may read them', async () => {
    const fresh = await paid('12.00');
    const before = (await t.http.get('/v1/disputes/stats', { token: tenant.key })).body.data;
    const d = await opened({ transferId: fresh.transferId, amountDisputed: '2.50', reason: 'amount_incorrect' });
    const mid = (await t.http.get('/v1/disputes/stats', { token: tenant.key })).body.data;
    expect(mid.total).toBe(before.total + 1);
    expect(mid.byStatus.open).toBe(before.byStatus.open + 1);
    const usdc = (s: Json) => Number(s.atRisk.find((r: Json) => r.currency === 'USDC')?.amount ?? 0);
    expect(usdc(mid) - usdc(before)).toBeCloseTo(2.5, 6);
    t.clock.advance(DAY_MS);
    await act(d.id, 'resolve', { resolution: 'no_action' });
    const after = (await t.http.get('/v1/disputes/stats', { token: tenant.key })).body.data;
    expect(after.byResolution.no_action).toBe(before.byResolution.no_action + 1);
    expect(usdc(after)).toBeCloseTo(usdc(before), 6);
    expect(after.averageResolutionDays).toBeGreaterThanOrEqual(0);
    expect((await t.http.get('/v1/disputes/stats', { token: other.key })).body.data.total).toBe(0);
  });
});

describe.runIf(isRealPostgres)('disputes under concurrency (PostgreSQL)', () => {
  it('resolve racing resolve, respond and escalate: one resolution, one refund, the hold released once', async () => {
    for (let round = 0; round < 4; round++) {
      const { from, to, transferId } = await paid('100.00', '50.00');
      const d = await opened({ transferId, amountDisputed: '60.00' });
      const replies = await Promise.all([
        act(d.id, 'resolve', { resolution: 'refund_issued' }),
        act(d.id, 'resolve', { resolution: 'partial_refund', resolutionAmount: '20.00' }),
        act(d.id, 'resolve', { resolution: 'no_action' }),
        act(d.id, 'respond', { response: 'mine' }),
        act(d.id, 'escalate'),
      ]);
      for (const r of replies) expect([200, 422], JSON.stringify(r.body)).toContain(r.status);
      const wins = replies.slice(0, 3).filter((r) => r.status === 200);
      expect(wins).toHaveLength(1);
      const got = Number(wins[0]?.body.data.resolutionAmount);
      expect(await balance(from)).toMatchObject({ available: got.toFixed(6) });
      expect(await balance(to)).toMatchObject({ available: (150 - got).toFixed(6), pending: '0.000000' });
      expect(await getTransfer(transferId)).toMatchObject({ refundedAmount: got.toFixed(6) });
    }
    await ledgerOk();
  });

  it('opening a dispute racing the respondent spending: never below zero, the hold is whole or absent', async () => {
    for (let round = 0; round < 4; round++) {
      const { to, transferId } = await paid('100.00');
      const sink = await account('Sink');
      const replies = await Promise.all([
        open({ transferId, amountDisputed: '70.00' }),
        t.http.post('/v1/transfers', {
          token: tenant.key,
          body: { type: 'internal', fromAccountId: to, toAccountId: sink, amount: '50.00', currency: 'USDC' },
        }),
        t.http.post('/v1/refunds', { token: tenant.key, body: { transferId, amount: '40.00', reason: 'other' } }),
      ]);
      for (const r of replies) expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
      const b = await balance(to);
      expect(Number(b.available)).toBeGreaterThanOrEqual(0);
      expect(b.pending).toBe(replies[0].status === 201 ? '70.000000' : '0.000000');
      const tr = await getTransfer(transferId);
      expect(Number(tr.refundedAmount) + (replies[0].status === 201 ? 70 : 0)).toBeLessThanOrEqual(100);
    }
    await ledgerOk();
  });

  it('the auto-escalation worker racing resolutions and another worker: each dispute ends escalated once or resolved', async () => {
    const admin = await tenant.userToken();
    await t.http.patch('/v1/organization/settings', {
      token: admin,
      body: { disputes: { autoEscalateAfterDays: 1, responseWindowDays: 1 } },
    });
    try {
      const disputes: Json[] = [];
      for (let i = 0; i < 6; i++) disputes.push(await opened({ transferId: (await paid('10.00')).transferId }));
      t.clock.advance(DAY_MS);
      const [w1, w2, ...resolves] = await Promise.all([
        escalateDueDisputes(t.db, t.deps),
        escalateDueDisputes(t.db, t.deps),
        ...disputes.slice(0, 3).map((d) => act(d.id, 'resolve', { resolution: 'no_action' })),
      ]);
      for (const r of resolves) expect(r.status).toBe(200);
      expect(w1 + w2).toBeGreaterThanOrEqual(3);
      expect(w1 + w2).toBeLessThanOrEqual(6);
      for (const d of disputes) {
        const now = await getDispute(d.id);
        expect(now.timeline.filter((e: Json) => e.type === 'escalated').length).toBeLessThanOrEqual(1);
        expect(['escalated', 'resolved']).toContain(now.status);
      }
      expect(await escalateDueDisputes(t.db, t.deps)).toBe(0);
      for (const d of disputes.slice(3)) expect((await act(d.id, 'resolve', { resolution: 'no_action' })).status).toBe(200);
    } finally {
      await t.http.patch('/v1/organization/settings', {
        token: await tenant.userToken(),
        body: { disputes: { autoEscalateAfterDays: null, responseWindowDays: 30 } },
      });
    }
    await ledgerOk();
  });
});
