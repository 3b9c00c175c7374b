import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { openAccount, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import { createKey, isRealPostgres, type Json, signup } from '../../../../../tests/harness.js';
import { escalateDueDisputes } from './disputes.service.js';

const t = testApp();
const tenant = tenantWithKey(t, 'disputes');
const DAY_MS = 24 * 60 * 60 * 1000;

const account = (name: string, funds?: string) => openAccount(t.http, tenant.key, { name, tier: 2, funds });

/** A completed internal transfer of `amount` USDC from a customer to a merchant (who keeps `extra` besides). */
async function paid(amount = '100.00', extra?: string) {
  const from = await account('Customer', amount);
  const to = await account('Merchant', extra);
  const res = await t.http.post('/v1/transfers', {
    token: tenant.key,
    body: { type: 'internal', fromAccountId: from, toAccountId: to, amount, currency: 'USDC' },
  });
  expect(res.status).toBe(201);
  return { from, to, transferId: res.body.data.id as string };
}

const open = (body: Json, token = tenant.key) =>
  t.http.post('/v1/disputes', { token, body: { reason: 'service_not_received', description: 'Never arrived', ...body } });
const act = (id: string, action: 'respond' | 'resolve' | 'escalate', body?: Json, token = tenant.key) =>
  t.http.post(`/v1/disputes/${id}/${action}`, { token, ...(body && { body }) });
const balance = async (id: string) =>
  (await t.http.get(`/v1/accounts/${id}/balances`, { token: tenant.key })).body.data.balances.find(
    (b: { currency: string }) => b.currency === 'USDC',
  ) as { available: string; pending: string };
const getTransfer = async (id: string) => (await t.http.get(`/v1/transfers/${id}`, { token: tenant.key })).body.data as Json;
const ledgerOk = async () =>
  expect((await t.http.get('/v1/ledger/verification', { token: await tenant.userToken() })).body.data).toMatchObject({
    ok: true,
    discrepancies: [],
  });
const rows = async () =>
  withOwner(t.db, async (tx) => ({
    disputes: await tx.query('SELECT id, status, updated_at FROM disputes ORDER BY id'),
    ledger: await tx.query('SELECT count(*)::int AS n FROM ledger_transactions'),
  }));

/** Refused with `status`/`code`, writing nothing. */
async function refused(promise: Promise<{ status: number; body: Json }>, status: number, code: string) {
  const before = await rows();
  const res = await promise;
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.code).toBe(code);
  expect(await rows()).toEqual(before);
  return res.body.error as Json;
}

describe('disputes', () => {
  it('opens with a hold on the respondent, is answered, and resolves with a partial refund out of the hold', async () => {
    const { from, to, transferId } = await paid('100.00');
    const opened = await open({
      transferId,
      amountDisputed: '60.00',
      requestedResolution: 'partial_refund',
      requestedAmount: '60.00',
      evidence: [{ type: 'communication', description: 'Chat where the seller promised delivery' }],
    });
    expect(opened.status).toBe(201);
    const d = opened.body.data;
    expect(d).toMatchObject({
      transferId,
      status: 'open',
      claimantAccountId: from,
      respondentAccountId: to,
      amountDisputed: '60.000000',
      requestedAmount: '60.000000',
      evidence: [{ type: 'communication', submittedBy: 'claimant', url: null }],
      resolution: null,
      dueAt: new Date(t.clock.now().getTime() + 30 * DAY_MS).toISOString(),
      autoEscalateAt: null,
      timeline: [{ type: 'opened', status: 'open', actor: { type: 'api_key' } }],
    });
    // The hold: the respondent cannot spend it, and the transfer cannot be refunded past it.
    expect(await balance(to)).toMatchObject({ available: '40.000000', pending: '60.000000' });
    expect(await getTransfer(transferId)).toMatchObject({ refundedAmount: '0.000000', refundableAmount: '40.000000' });
    const spend = await t.http.post('/v1/transfers', {
      token: tenant.key,
      body: { type: 'internal', fromAccountId: to, toAccountId: from, amount: '40.01', currency: 'USDC' },
    });
    expect(spend.body.error.code).toBe('insufficient_funds');
    const overRefund = await t.http.post('/v1/refunds', { token: tenant.key, body: { transferId, amount: '40.01', reason: 'other' } });
    expect(overRefund.body.error.code).toBe('amount_exceeds_refundable');

    t.clock.advance(1_000);
    const answered = await act(d.id, 'respond', {
      response: 'Delivered, see proof',
      evidence: [{ type: 'delivery_proof', description: 'Signed courier receipt', url: 'https://files.example.com/r.pdf' }],
      acceptClaim: false,
      counterOffer: { resolution: 'partial_refund', amount: '20.00', notes: 'Half of one item' },
    });
    expect(answered.status).toBe(200);
    expect(answered.body.data).toMatchObject({
      status: 'under_review',
      respondentResponse: 'Delivered, see proof',
      respondentAcceptedClaim: false,
      counterOffer: { resolution: 'partial_refund', amount: '20.000000', notes: 'Half of one item' },
    });
    expect(answered.body.data.evidence.map((e: Json) => e.submittedBy)).toEqual(['claimant', 'respondent']);

    t.clock.advance(1_000);
    const resolved = await act(d.id, 'resolve', { resolution: 'partial_refund', resolutionAmount: '25.00', resolutionNotes: 'Agreed' });
    expect(resolved.status).toBe(200);
    expect(resolved.body.data).toMatchObject({ status: 'resolved', resolution: 'partial_refund', resolutionAmount: '25.000000' });
    expect(resolved.body.data.timeline.map((e: Json) => e.type)).toEqual(['opened', 'responded', 'resolved']);
    const refund = (await t.http.get(`/v1/refunds/${resolved.body.data.refundId}`, { token: tenant.key })).body.data;
    expect(refund).toMatchObject({ amount: '25.000000', reason: 'dispute_resolution', disputeId: d.id, status: 'succeeded' });
    // 25 back to the customer out of the hold, the other 35 released to the merchant.
    expect(await balance(from)).toMatchObject({ available: '25.000000', pending: '0.000000' });
    expect(await balance(to)).toMatchObject({ available: '75.000000', pending: '0.000000' });
    expect(await getTransfer(transferId)).toMatchObject({ refundedAmount: '25.000000', refundableAmount: '75.000000' });
    const events = (await t.http.get(`/v1/events?objectId=${d.id}`, { token: tenant.key })).body.data.map((e: Json) => e.type);
    expect(events.sort()).toEqual(['dispute.created', 'dispute.resolved', 'dispute.responded']);
    await ledgerOk();
  });

  it('no_action releases the hold; refund_issued refunds all that was disputed; escalation in between', async () => {
    const a = await paid('50.00');
    const first = (await open({ transferId: a.transferId })).body.data;
    expect(first.amountDisputed).toBe('50.000000');
    expect((await act(first.id, 'escalate')).body.data).toMatchObject({ status: 'escalated', timeline: [{}, { type: 'escalated' }] });
    expect((await act(first.id, 'resolve', { resolution: 'no_action' })).body.data).toMatchObject({
      resolution: 'no_action',
      refundId: null,
    });
    expect(await balance(a.to)).toMatchObject({ available: '50.000000', pending: '0.000000' });
    expect(await getTransfer(a.transferId)).toMatchObject({ refundableAmount: '50.000000' });

    // A new dispute once the first is resolved; refund_issued takes it all.
    const second = (await open({ transferId: a.transferId, amountDisputed: '20.00', reason: 'duplicate_charge' })).body.data;
    const done = await act(second.id, 'resolve', { resolution: 'refund_issued' });
    expect(done.body.data).toMatchObject({ resolution: 'refund_issued', resolutionAmount: '20.000000' });
    expect(await balance(a.from)).toMatchObject({ available: '20.000000' });
    expect(await balance(a.to)).toMatchObject({ available: '30.000000', pending: '0.000000' });
    await ledgerOk();
  });

  it('answers every refusal with its code and writes nothing', async () => {
    const { to, transferId } = await paid('100.00');
    await refused(open({ transferId: '00000000-0000-4000-8000-000000000000' }), 404, 'resource_missing');
    await refused(open({ transferId, amountDisputed: '100.01' }), 422, 'amount_exceeds_refundable');
    await refused(open({ transferId, amountDisputed: '10.0000001' }), 400, 'amount_too_precise');
    await refused(open({ transferId, amountDisputed: '10.00', requestedAmount: '10.01' }), 400, 'parameter_invalid');
    await refused(open({ transferId, reason: 'chargeback' }), 400, 'parameter_invalid');
    await refused(open({ transferId, description: '' }), 400, 'parameter_invalid');
    await refused(
      open({ transferId, evidence: [{ type: 'receipt', description: 'x', url: 'javascript:alert(1)' }] }),
      400,
      'parameter_invalid',
    );

    const d = (await open({ transferId, amountDisputed: '10.00' })).body.data;
    await refused(open({ transferId, amountDisputed: '1.00' }), 409, 'dispute_exists');
    await refused(act(d.id, 'resolve', { resolution: 'partial_refund' }), 400, 'parameter_missing');
    await refused(act(d.id, 'resolve', { resolution: 'partial_refund', resolutionAmount: '10.01' }), 400, 'parameter_invalid');
    await refused(act(d.id, 'resolve', { resolution: 'no_action', resolutionAmount: '1.00' }), 400, 'parameter_invalid');
    await refused(act(d.id, 'resolve', { resolution: 'refund_issued', resolutionAmount: '5.00' }), 400, 'parameter_invalid');
    await refused(
      act(d.id, 'respond', { response: 'x', counterOffer: { resolution: 'partial_refund', amount: '10.01' } }),
      400,
      'parameter_invalid',
    );
    await refused(act('00000000-0000-4000-8000-000000000000', 'escalate'), 404, 'resource_missing');
    // Past its due date the respondent can no longer answer.
    t.clock.advance(30 * DAY_MS + 1);
    await refused(act(d.id, 'respond', { response: 'Too late' }), 422, 'dispute_response_overdue');
    expect((await act(d.id, 'resolve', { resolution: 'no_action' })).status).toBe(200);
    await refused(act(d.id, 'resolve', { resolution: 'no_action' }), 422, 'invalid_state');
    await refused(act(d.id, 'escalate'), 422, 'invalid_state');
    await refused(act(d.id, 'respond', { response: 'x' }), 422, 'invalid_state');

    // The respondent must have the amount available to hold.
    const poor = await paid('10.00');
    await t.http.post('/v1/transfers', {
      token: tenant.key,
      body: { type: 'internal', fromAccountId: poor.to, toAccountId: to, amount: '9.00', currency: 'USDC' },
    });
    const short = await refused(open({ transferId: poor.transferId, amountDisputed: '1.01' }), 422, 'insufficient_funds');
    expect(short.details).toMatchObject({ accountId: poor.to, available: '1.000000' });
    await ledgerOk();
  });

  it('closes the filing window after disputes.filingWindowDays and refuses payouts', async () => {
    const { transferId } = await paid('10.00');
    const admin = await tenant.userToken();
    expect((await t.http.patch('/v1/organization/settings', { token: admin, body: { disputes: { filingWindowDays: 3 } } })).status).toBe(
      200,
    );
    try {
      t.clock.advance(3 * DAY_MS + 1);
      const expired = await refused(open({ transferId }), 422, 'dispute_window_expired');
      expect(expired.details).toMatchObject({ filingWindowDays: 3 });
    } finally {
      await t.http.patch('/v1/organization/settings', { token: await tenant.userToken(), body: { disputes: { filingWindowDays: 120 } } });
    }
    const from = await openAccount(t.http, tenant.key, { name: 'Payout sender', funds: '100.00', currency: 'USD' });
    const pm = await t.http.post(`/v1/accounts/${from}/payment-methods`, {
      token: tenant.key,
      body: { type: 'bank_account', rail: 'ach', details: { routingNumber: '021000021', accountNumber: '4432198765', holderName: 'X' } },
    });
    const payout = await t.http.post('/v1/transfers', {
      token: tenant.key,
      body: { type: 'payout', currency: 'USD', fromAccountId: from, paymentMethodId: pm.body.data.id, amount: '10.00' },
    });
    await refused(open({ transferId: payout.body.data.id }), 422, 'not_refundable');
  });

  it('a dispute whose escalation fails does not hold back the others: it is tried again an hour later', async () => {
    const admin = await tenant.userToken();
    await t.http.patch('/v1/organization/settings', {
      token: admin,
      body: { disputes: { autoEscalateAfterDays: 1, responseWindowDays: 1 } },
    });
    const stuck = (await open({ transferId: (await paid('10.00')).transferId })).body.data;
    t.clock.advance(1_000);
    const fine = (await open({ transferId: (await paid('10.00')).transferId })).body.data;
    // A trigger refuses the stuck dispute's timeline rows: its escalation fails, whatever the reason.
    await withOwner(t.db, async (tx) => {
      await tx.query(`CREATE FUNCTION refuse_dispute_event() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused for the test'; END $$`);
      await tx.query(
        `CREATE TRIGGER refuse_dispute_event BEFORE INSERT ON dispute_events FOR EACH ROW
           WHEN (NEW.dispute_id = '${stuck.id}'::uuid) EXECUTE FUNCTION refuse_dispute_event()`,
      );
    });
    try {
      t.clock.advance(DAY_MS);
      await expect(escalateDueDisputes(t.db, t.deps)).rejects.toThrow('refused for the test');
      const get = async (id: string) => (await t.http.get(`/v1/disputes/${id}`, { token: tenant.key })).body.data as Json;
      expect(await get(fine.id)).toMatchObject({ status: 'escalated' });
      const retried = await get(stuck.id);
      expect(retried).toMatchObject({ status: 'open', autoEscalateAt: new Date(t.clock.now().getTime() + 60 * 60 * 1000).toISOString() });
      // Nothing is due until then.
      expect(await escalateDueDisputes(t.db, t.deps)).toBe(0);
    } finally {
      await withOwner(t.db, async (tx) => {
        await tx.query('DROP TRIGGER refuse_dispute_event ON dispute_events');
        await tx.query('DROP FUNCTION refuse_dispute_event()');
      });
      await t.http.patch('/v1/organization/settings', {
        token: await tenant.userToken(),
        body: { disputes: { autoEscalateAfterDays: null, responseWindowDays: 30 } },
      });
    }
    t.clock.advance(60 * 60 * 1000);
    expect(await escalateDueDisputes(t.db, t.deps)).toBe(1);
  });

  it('escalates by itself after disputes.autoEscalateAfterDays (the worker)', async () => {
    const admin = await tenant.userToken();
    await t.http.patch('/v1/organization/settings', {
      token: admin,
      body: { disputes: { autoEscalateAfterDays: 5, responseWindowDays: 3 } },
    });
    try {
      const { transferId } = await paid('10.00');
      const d = (await open({ transferId })).body.data;
      expect(d.autoEscalateAt).toBe(new Date(t.clock.now().getTime() + 5 * DAY_MS).toISOString());
      t.clock.advance(5 * DAY_MS - 1);
      expect(await escalateDueDisputes(t.db, t.deps)).toBe(0);
      t.clock.advance(1);
      expect(await escalateDueDisputes(t.db, t.deps)).toBe(1);
      const escalated = (await t.http.get(`/v1/disputes/${d.id}`, { token: tenant.key })).body.data;
      expect(escalated).toMatchObject({ status: 'escalated', escalatedAt: t.clock.now().toISOString() });
      expect(escalated.timeline.at(-1)).toMatchObject({ type: 'escalated', actor: { type: 'system', name: 'auto-escalation' } });
      expect(await escalateDueDisputes(t.db, t.deps)).toBe(0);

      // Never before the response is due: with 7 days to answer, a 5-day escalation waits for day 7.
      await t.http.patch('/v1/organization/settings', { token: await tenant.userToken(), body: { disputes: { responseWindowDays: 7 } } });
      const later = (await open({ transferId: (await paid('10.00')).transferId })).body.data;
      expect(later.autoEscalateAt).toBe(later.dueAt);
    } finally {
      await t.http.patch('/v1/organization/settings', {
        token: await tenant.userToken(),
        body: { disputes: { autoEscalateAfterDays: null, responseWindowDays: 30 } },
      });
    }
  });

  it('lists with filters (dueSoon, accountId, reason) and counts in stats', async () => {
    const a = await paid('30.00');
    const b = await paid('30.00');
    t.clock.advance(1_000);
    const da = (await open({ transferId: a.transferId, reason: 'quality_issue', amountDisputed: '10.00' })).body.data;
    t.clock.advance(1_000);
    const db = (await open({ transferId: b.transferId, reason: 'unauthorized', amountDisputed: '5.00' })).body.data;
    const list = async (q: string) => (await t.http.get(`/v1/disputes?${q}`, { token: tenant.key })).body as Json;
    expect((await list(`accountId=${a.to}`)).data.map((d: Json) => d.id)).toEqual([da.id]);
    expect((await list(`transferId=${b.transferId}`)).data.map((d: Json) => d.id)).toEqual([db.id]);
    expect((await list('reason=unauthorized')).data.map((d: Json) => d.id)).toContain(db.id);
    expect((await list('dueSoon=true')).data.map((d: Json) => d.id)).not.toContain(da.id);
    expect((await list('dueSoon=false')).data.map((d: Json) => d.id)).toContain(da.id);
    t.clock.advance(24 * DAY_MS);
    expect((await list('dueSoon=true')).data.map((d: Json) => d.id)).toEqual(expect.arrayContaining([da.id, db.id]));
    expect((await list('dueSoon=false')).data.map((d: Json) => d.id)).not.toContain(da.id);
    const paged = await list('limit=1');
    expect(paged.hasMore).toBe(true);
    expect((await list(`limit=1&cursor=${paged.nextCursor}`)).data[0].id).not.toBe(paged.data[0].id);
    expect((await t.http.get('/v1/disputes?dueSoon=yes', { token: tenant.key })).status).toBe(400);
    await act(db.id, 'resolve', { resolution: 'no_action' });
    const stats = (await t.http.get('/v1/disputes/stats', { token: tenant.key })).body.data;
    expect(stats.total).toBeGreaterThanOrEqual(2);
    expect(stats.byReason.quality_issue).toBeGreaterThanOrEqual(1);
    expect(stats.byResolution.no_action).toBeGreaterThanOrEqual(1);
    expect(stats.atRisk.find((r: Json) => r.currency === 'USDC')).toBeDefined();
    expect(typeof stats.averageResolutionDays).toBe('number');
  });

  it('keeps disputes in their tenant and environment', async () => {
    const { transferId } = await paid('10.00');
    const mine = (await open({ transferId, amountDisputed: '1.00' })).body.data;
    const outsider = await signup(t.http, 'disputes-outsider');
    const outsiderKey = (await createKey(t.http, outsider.token)).key;
    const liveKey = (await createKey(t.http, await tenant.userToken(), 'live')).key;
    for (const token of [outsiderKey, liveKey]) {
      await refused(open({ transferId }, token), 404, 'resource_missing');
      for (const action of ['respond', 'resolve', 'escalate'] as const) {
        const body = action === 'respond' ? { response: 'x' } : action === 'resolve' ? { resolution: 'no_action' } : undefined;
        await refused(act(mine.id, action, body, token), 404, 'resource_missing');
      }
      expect((await t.http.get(`/v1/disputes/${mine.id}`, { token })).status).toBe(404);
      expect((await t.http.get('/v1/disputes', { token })).body.data).toEqual([]);
      expect((await t.http.get('/v1/disputes/stats', { token })).body.data.total).toBe(0);
    }
  });
});

describe.runIf(isRealPostgres)('disputes under concurrency (PostgreSQL)', () => {
  it('a refund racing a dispute resolution on one transfer never exceeds its amount', async () => {
    for (let round = 0; round < 3; round++) {
      const { from, to, transferId } = await paid('100.00', '100.00');
      const d = (await open({ transferId, amountDisputed: '60.00' })).body.data;
      const replies = await Promise.all([
        act(d.id, 'resolve', { resolution: 'refund_issued' }),
        t.http.post('/v1/refunds', { token: tenant.key, body: { transferId, amount: '40.00', reason: 'other' } }),
        t.http.post('/v1/refunds', { token: tenant.key, body: { transferId, amount: '40.00', reason: 'other' } }),
      ]);
      expect(replies[0].status).toBe(200);
      expect(replies.slice(1).filter((r) => r.status === 201)).toHaveLength(1);
      expect(await getTransfer(transferId)).toMatchObject({ refundedAmount: '100.000000', refundableAmount: '0.000000' });
      expect(await balance(from)).toMatchObject({ available: '100.000000' });
      expect(await balance(to)).toMatchObject({ available: '100.000000', pending: '0.000000' });
    }
    await ledgerOk();
  });

  it('10 parallel disputes of one transfer: one opens, the rest are 409', async () => {
    const { to, transferId } = await paid('100.00');
    const replies = await Promise.all(Array.from({ length: 10 }, () => open({ transferId, amountDisputed: '5.00' })));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of replies.filter((x) => x.status !== 201)) expect(r.body.error.code).toBe('dispute_exists');
    expect(await balance(to)).toMatchObject({ available: '95.000000', pending: '5.000000' });
    await ledgerOk();
  });
});
