import type { RiskRuleId } from '@payos/contracts';
import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { developerKey, openAccount, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import { addMember, isRealPostgres, type Json, signup } from '../../../../../tests/harness.js';
import { settleDuePayouts } from '../transfers/settlement.service.js';

const t = testApp();
const tenant = tenantWithKey(t, 'reviews');
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const ALL: RiskRuleId[] = [
  'velocity',
  'amount_threshold',
  'new_beneficiary',
  'new_corridor',
  'new_account',
  'beneficiary_name_mismatch',
  'structuring',
];

const account = (name: string, funds?: string) => openAccount(t.http, tenant.key, { name, tier: 2, funds });
const balance = async (id: string) =>
  (await t.http.get(`/v1/accounts/${id}/balances`, { token: tenant.key })).body.data.balances.find(
    (b: { currency: string }) => b.currency === 'USDC',
  ) as { available: string; pending: string } | undefined;
/** A send by the owner (a user: no approval policy of these tests matches it), counted by velocity. */
const send = async (from: string, to: string, amount = '1.00') => {
  const res = await t.http.post('/v1/transfers', {
    token: await tenant.userToken(),
    body: { type: 'internal', fromAccountId: from, toAccountId: to, amount, currency: 'USDC' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
};
const getTransfer = async (id: string) => (await t.http.get(`/v1/transfers/${id}`, { token: tenant.key })).body.data as Json;
const getReview = async (id: string) => (await t.http.get(`/v1/reviews/${id}`, { token: tenant.key })).body.data as Json;
const act = (id: string, action: string, token: string, body?: Json) =>
  t.http.post(`/v1/reviews/${id}/${action}`, { token, ...(body !== undefined && { body }) });
const ledgerOk = async () =>
  expect((await t.http.get('/v1/ledger/verification', { token: await tenant.userToken() })).body.data).toMatchObject({
    ok: true,
    discrepancies: [],
  });
const rows = async () =>
  withOwner(t.db, async (tx) => ({
    transfers: await tx.query('SELECT id, status, updated_at FROM transfers ORDER BY id'),
    reviews: await tx.query('SELECT id, status, assignee_id, updated_at FROM review_items ORDER BY id'),
    notes: await tx.query('SELECT count(*)::int AS n FROM review_notes'),
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

/** Only these rules enabled (in test), with these fields. */
async function rules(enabled: Partial<Record<RiskRuleId, Json>>) {
  const body = Object.fromEntries(ALL.map((id) => [id, { enabled: false, ...(enabled[id] ? { enabled: true, ...enabled[id] } : {}) }]));
  const res = await t.http.patch('/v1/risk-rules', { token: await tenant.userToken(), body: { rules: body } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** The approval policy whose requires_approval hold the test helper turns into a review hold. */
async function holdingPolicy() {
  const token = await tenant.userToken();
  const list = await t.http.get('/v1/approval-policies', { token });
  for (const p of list.body.data) await t.http.delete(`/v1/approval-policies/${p.id}`, { token });
  const res = await t.http.post('/v1/approval-policies', {
    token,
    body: { name: 'Hold', appliesTo: 'all', amountGte: '0', initiatorTypes: ['api_key'], requiredApprovals: 1, approverRole: 'admin' },
  });
  expect(res.status).toBe(201);
  return res.body.data.id as string;
}

/** Held transfers are started with a developer's key: the owner and admins may decide on them. */
const devKey = developerKey(t, tenant);

/** A transfer held in requires_review by the rules enabled now (the transfer paths run them), with the review items the engine opened. */
async function heldForReview(body: Json): Promise<{ transfer: Json; items: Json[] }> {
  const created = await t.http.post('/v1/transfers', { token: await devKey(), body: { currency: 'USDC', ...body } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.body.data.status).toBe('requires_review');
  const transfer = created.body.data as Json;
  const items = (await t.http.get(`/v1/reviews?transferId=${transfer.id}`, { token: tenant.key })).body.data as Json[];
  // In the rules' order (the order of the hits).
  items.sort((a, b) => ALL.indexOf(a.ruleId) - ALL.indexOf(b.ruleId));
  return { transfer: await getTransfer(transfer.id), items };
}

describe('review items from risk rules', () => {
  it('hold a transfer in requires_review; approving its review releases it, with the evidence on the item', async () => {
    await rules({ amount_threshold: { amountGteUsd: '100.00', action: 'review', riskLevel: 'high' } });
    const from = await account('Held sender', '500.00');
    const to = await account('Held recipient');
    const { transfer, items } = await heldForReview({ type: 'internal', fromAccountId: from, toAccountId: to, amount: '150.00' });
    expect(transfer.status).toBe('requires_review');
    expect(transfer.timeline.at(-1)).toMatchObject({ status: 'requires_review', note: 'held for review: amount_threshold' });
    expect(await balance(from)).toMatchObject({ available: '350.000000', pending: '150.000000' });
    expect(items).toHaveLength(1);
    const item = items[0] as Json;
    expect(item).toMatchObject({
      status: 'open',
      source: 'rule',
      ruleId: 'amount_threshold',
      action: 'review',
      riskLevel: 'high',
      accountId: from,
      transferId: transfer.id,
      holdsTransfer: true,
      assignee: null,
      isOverdue: false,
      evidence: {
        figures: { amountUsd: '150.00', amountGteUsd: '100.00' },
        transfer: { type: 'internal', amount: '150.000000', amountUsd: '150.00' },
        hits: [{ ruleId: 'amount_threshold' }],
      },
    });
    expect(new Date(item.dueAt).getTime() - new Date(item.createdAt).getTime()).toBe(7 * DAY_MS);
    const detail = await getReview(item.id);
    expect(detail.transfer).toMatchObject({ id: transfer.id, status: 'requires_review' });
    expect(detail.recentActivity.accountId).toBe(from);
    expect(detail.recentActivity.transfers[0]).toMatchObject({ id: transfer.id, direction: 'out', status: 'requires_review' });

    const owner = await tenant.userToken();
    const approved = await act(item.id, 'approve', owner, { note: 'Supplier invoice on file.' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.data).toMatchObject({
      status: 'approved',
      holdsTransfer: false,
      resolution: { note: 'Supplier invoice on file.' },
      transfer: { status: 'completed' },
    });
    expect(await balance(from)).toMatchObject({ available: '350.000000', pending: '0.000000' });
    expect(await balance(to)).toMatchObject({ available: '150.000000' });
    const events = await t.http.get(`/v1/events?objectId=${transfer.id}`, { token: owner });
    const types = [...events.body.data].sort((a: Json, b: Json) => a.sequence - b.sequence).map((e: Json) => e.type);
    expect(types.slice(-2)).toEqual(['transfer.review_approved', 'transfer.completed']);
    const reviewEvents = await t.http.get(`/v1/events?objectId=${item.id}`, { token: owner });
    expect(reviewEvents.body.data.map((e: Json) => e.type).sort()).toEqual(['review.approved', 'review.created']);
    const audit = await t.http.get(`/v1/audit-events?objectId=${item.id}`, { token: owner });
    expect(audit.body.data[0]).toMatchObject({ action: 'review.approved', reason: 'Supplier invoice on file.' });
    await refused(act(item.id, 'approve', owner), 422, 'invalid_state');
    await refused(act(item.id, 'reject', owner, { note: 'Too late' }), 422, 'invalid_state');
    await ledgerOk();
  });

  it('release a transfer only when its last review is approved; a flag beside them holds nothing', async () => {
    await rules({
      amount_threshold: { amountGteUsd: '10.00', action: 'review', riskLevel: 'medium' },
      velocity: { maxCountPerHour: 1, maxCountPerDay: null, maxAmountPerDayUsd: null, action: 'review', riskLevel: 'low' },
      new_account: { maxAgeDays: 30, amountGteUsd: '10.00', action: 'flag', riskLevel: 'low' },
    });
    const from = await account('Two reviews', '100.00');
    const to = await account('Waiting recipient');
    await send(from, to);
    const { items } = await heldForReview({ type: 'internal', fromAccountId: from, toAccountId: to, amount: '40.00' });
    expect(items.map((i) => [i.ruleId, i.action, i.holdsTransfer])).toEqual([
      ['velocity', 'review', true],
      ['amount_threshold', 'review', true],
      ['new_account', 'flag', false],
    ]);
    expect(new Date(items[0]?.dueAt).getTime() - new Date(items[0]?.createdAt).getTime()).toBe(14 * DAY_MS);
    const owner = await tenant.userToken();
    const first = await act(items[0]?.id, 'approve', owner);
    expect(first.body.data.transfer.status).toBe('requires_review');
    expect(first.body.data.transfer.timeline.at(-1).note).toMatch(/^review of velocity approved by .*; 1 more to decide$/);
    // A review holding its transfer is approved or rejected, never dismissed.
    await refused(act(items[1]?.id, 'dismiss', owner, { note: 'Fine' }), 422, 'invalid_state');
    const second = await act(items[1]?.id, 'approve', owner);
    expect(second.body.data.transfer.status).toBe('completed');
    expect(await getReview(items[2]?.id)).toMatchObject({ status: 'open', holdsTransfer: false });
    const dismissed = await act(items[2]?.id, 'dismiss', owner, { note: 'Known customer' });
    expect(dismissed.body.data).toMatchObject({ status: 'dismissed', resolution: { note: 'Known customer' } });
    await ledgerOk();
  });

  it('rejecting any review voids the hold to the cent; the other reviews of the transfer close', async () => {
    await rules({
      amount_threshold: { amountGteUsd: '10.00', action: 'review' },
      velocity: { maxCountPerHour: 1, maxCountPerDay: null, maxAmountPerDayUsd: null, action: 'review' },
    });
    const from = await account('Rejected sender', '101.00');
    const to = await account('Never credited');
    await send(from, to);
    const { transfer, items } = await heldForReview({ type: 'internal', fromAccountId: from, toAccountId: to, amount: '33.33' });
    expect(await balance(from)).toMatchObject({ available: '66.670000', pending: '33.330000' });
    const owner = await tenant.userToken();
    await refused(act(items[0]?.id, 'reject', owner, {}), 400, 'parameter_missing');
    const rejected = await act(items[1]?.id, 'reject', owner, { note: 'Beneficiary unknown' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.data).toMatchObject({ status: 'rejected', transfer: { status: 'rejected' } });
    expect(rejected.body.data.transfer.timeline.at(-1).note).toContain('Beneficiary unknown');
    expect(await getReview(items[0]?.id)).toMatchObject({ status: 'dismissed', holdsTransfer: false });
    expect((await getReview(items[0]?.id)).resolution.note).toContain(`rejected in review ${items[1]?.id}`);
    expect(await balance(from)).toMatchObject({ available: '100.000000', pending: '0.000000' });
    expect(await balance(to)).toMatchObject({ available: '1.000000' });
    expect((await getTransfer(transfer.id)).status).toBe('rejected');
    await refused(act(items[0]?.id, 'approve', owner), 422, 'invalid_state');
    await ledgerOk();
  });

  it('hold a payout until its review is approved, then the settlement worker pays it', async () => {
    await rules({ new_corridor: { action: 'review', riskLevel: 'medium' } });
    const from = await account('Exporter', '1000.00');
    const pm = await t.http.post(`/v1/accounts/${from}/payment-methods`, {
      token: tenant.key,
      body: { type: 'bank_account', rail: 'spei', details: { clabe: '032180000118359719', holderName: 'Proveedor SA' } },
    });
    const { transfer, items } = await heldForReview({
      type: 'payout',
      fromAccountId: from,
      paymentMethodId: pm.body.data.id,
      amount: '200.00',
    });
    expect(items.map((i) => i.ruleId)).toEqual(['new_corridor']);
    expect(items[0]?.evidence.figures).toMatchObject({ destinationCurrency: 'MXN' });
    expect((await balance(from))?.pending).toBe(transfer.totalDebit);
    t.clock.advance(HOUR_MS);
    await settleDuePayouts(t.db, t.deps);
    expect((await getTransfer(transfer.id)).status).toBe('requires_review');
    expect((await act(items[0]?.id, 'approve', await tenant.userToken())).body.data.transfer.status).toBe('pending');
    t.clock.advance(HOUR_MS);
    await settleDuePayouts(t.db, t.deps);
    expect((await getTransfer(transfer.id)).status).toBe('completed');
    await ledgerOk();
  });

  it('a released transfer still meets the approval policies it matches', async () => {
    await rules({ amount_threshold: { amountGteUsd: '10.00', action: 'review' } });
    const from = await account('Reviewed then approved', '100.00');
    const to = await account('Approved recipient');
    const created = await t.http.post('/v1/transfers', {
      token: await devKey(),
      body: { type: 'internal', fromAccountId: from, toAccountId: to, amount: '20.00', currency: 'USDC' },
    });
    const transferId = created.body.data.id as string;
    const [item] = (await t.http.get(`/v1/reviews?transferId=${transferId}`, { token: tenant.key })).body.data as Json[];
    expect(await getTransfer(transferId)).toMatchObject({ status: 'requires_review', timeline: [{ status: 'requires_review' }] });
    expect(await balance(from)).toMatchObject({ available: '80.000000', pending: '20.000000' });
    await holdingPolicy();
    const owner = await tenant.userToken();
    const approved = await act(item?.id as string, 'approve', owner);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.data.transfer.status).toBe('requires_approval');
    expect(approved.body.data.transfer.timeline.at(-1).note).toContain('policy “Hold”');
    expect(await balance(from)).toMatchObject({ available: '80.000000', pending: '20.000000' });
    const admin = await addMember(t.http, owner, 'admin');
    expect((await t.http.post(`/v1/transfers/${transferId}/approve`, { token: admin.token })).body.data.status).toBe('completed');
    expect(await balance(to)).toMatchObject({ available: '20.000000' });
    for (const p of (await t.http.get('/v1/approval-policies', { token: owner })).body.data) {
      await t.http.delete(`/v1/approval-policies/${p.id}`, { token: owner });
    }
    await ledgerOk();
  });
});

describe('the review queue', () => {
  it('moves items open → in_review → escalated → a decision, and refuses every other move with 422', async () => {
    const owner = await tenant.userToken();
    const admin = await addMember(t.http, owner, 'admin');
    const member = await addMember(t.http, owner, 'member');
    const from = await account('Flagged');
    const created = await t.http.post('/v1/reviews', {
      token: owner,
      body: { accountId: from, riskLevel: 'critical', reason: 'sanctions_potential_match', description: 'Close to a listed name.' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.data.id as string;
    expect(created.body.data).toMatchObject({
      status: 'open',
      source: 'manual',
      ruleId: null,
      action: null,
      riskLevel: 'critical',
      accountId: from,
      transferId: null,
      holdsTransfer: false,
      evidence: { figures: {}, hits: [], transfer: null },
      notes: [],
    });
    await refused(act(id, 'assign', owner, { userId: member.userId }), 400, 'parameter_invalid');
    await refused(act(id, 'assign', owner, { userId: '00000000-0000-4000-8000-000000000000' }), 404, 'resource_missing');
    const assigned = await act(id, 'assign', owner, { userId: admin.userId });
    expect(assigned.body.data).toMatchObject({ status: 'in_review', assignee: { id: admin.userId } });
    const mine = await act(id, 'assign', admin.token);
    expect(mine.body.data).toMatchObject({ status: 'in_review', assignee: { id: admin.userId } });
    const escalated = await act(id, 'escalate', admin.token, { note: 'Needs the MLRO' });
    expect(escalated.body.data).toMatchObject({ status: 'escalated', notes: [{ body: 'Escalated: Needs the MLRO' }] });
    expect(escalated.body.data.escalatedAt).toBe(t.clock.now().toISOString());
    await refused(act(id, 'escalate', owner), 422, 'invalid_state');
    expect((await act(id, 'assign', owner)).body.data).toMatchObject({ status: 'escalated' });
    const noted = await t.http.post(`/v1/reviews/${id}/notes`, { token: member.token, body: { body: 'Checked the ID scan.' } });
    expect(noted.status).toBe(200);
    expect(noted.body.data.notes.map((n: Json) => n.body)).toEqual(['Escalated: Needs the MLRO', 'Checked the ID scan.']);
    const dismissed = await act(id, 'dismiss', owner, { note: 'False positive: different date of birth.' });
    expect(dismissed.body.data).toMatchObject({ status: 'dismissed', resolution: { by: { name: expect.any(String) } } });
    for (const [action, body] of [
      ['approve', undefined],
      ['reject', { note: 'x' }],
      ['escalate', undefined],
      ['dismiss', { note: 'x' }],
      ['assign', undefined],
    ] as const) {
      await refused(act(id, action, owner, body), 422, 'invalid_state');
    }
    // Notes are still welcome on a closed item.
    expect((await t.http.post(`/v1/reviews/${id}/notes`, { token: owner, body: { body: 'Closed.' } })).status).toBe(200);
  });

  it('manual flags name an account, a transfer, or both when the transfer is the account’s; bad input writes nothing', async () => {
    const from = await account('Payer', '10.00');
    const to = await account('Payee');
    const other = await account('Unrelated');
    const paid = await t.http.post('/v1/transfers', {
      token: tenant.key,
      body: { type: 'internal', fromAccountId: from, toAccountId: to, amount: '1.00', currency: 'USDC' },
    });
    const transferId = paid.body.data.id as string;
    const byKey = await t.http.post('/v1/reviews', {
      token: tenant.key,
      body: { transferId, riskLevel: 'low', reason: 'unusual_pattern' },
    });
    expect(byKey.status).toBe(201);
    expect(byKey.body.data).toMatchObject({ accountId: from, transferId, createdBy: { type: 'api_key' }, transfer: { id: transferId } });
    const both = await t.http.post('/v1/reviews', {
      token: tenant.key,
      body: { accountId: to, transferId, riskLevel: 'medium', reason: 'x' },
    });
    expect(both.body.data).toMatchObject({ accountId: to, transferId });
    const post = (body: Json, token = tenant.key) => t.http.post('/v1/reviews', { token, body });
    expect((await refused(post({ accountId: other, transferId, riskLevel: 'low', reason: 'x' }), 400, 'parameter_invalid')).param).toBe(
      'transferId',
    );
    expect((await refused(post({ riskLevel: 'low', reason: 'x' }), 400, 'parameter_invalid')).param).toBe('accountId');
    await refused(post({ accountId: from, riskLevel: 'severe', reason: 'x' }), 400, 'parameter_invalid');
    await refused(post({ accountId: from, riskLevel: 'low' }), 400, 'parameter_missing');
    await refused(post({ accountId: from, riskLevel: 'low', reason: 'x', extra: 1 }), 400, 'unknown_parameter');
    expect(
      (await refused(post({ accountId: '00000000-0000-4000-8000-000000000000', riskLevel: 'low', reason: 'x' }), 404, 'resource_missing'))
        .param,
    ).toBe('accountId');
    const viewer = await addMember(t.http, await tenant.userToken(), 'viewer');
    await refused(post({ accountId: from, riskLevel: 'low', reason: 'x' }, viewer.token), 403, 'insufficient_permissions');
  });

  it('lets users of every role and API keys read, members note, and only admins and owners decide', async () => {
    const owner = await tenant.userToken();
    const [viewer, member] = [await addMember(t.http, owner, 'viewer'), await addMember(t.http, owner, 'member')];
    const from = await account('Roles');
    const id = (await t.http.post('/v1/reviews', { token: owner, body: { accountId: from, riskLevel: 'high', reason: 'x' } })).body.data
      .id as string;
    for (const token of [viewer.token, member.token, tenant.key]) {
      expect((await t.http.get(`/v1/reviews/${id}`, { token })).status).toBe(200);
      expect((await t.http.get('/v1/reviews', { token })).status).toBe(200);
      expect((await t.http.get('/v1/reviews/stats', { token })).status).toBe(200);
    }
    for (const [action, body] of [
      ['approve', undefined],
      ['reject', { note: 'x' }],
      ['escalate', undefined],
      ['dismiss', { note: 'x' }],
      ['assign', undefined],
    ] as const) {
      await refused(act(id, action, member.token, body), 403, 'insufficient_permissions');
      await refused(act(id, action, tenant.key, body), 403, 'user_credentials_required');
    }
    await refused(t.http.post(`/v1/reviews/${id}/notes`, { token: viewer.token, body: { body: 'x' } }), 403, 'insufficient_permissions');
    await refused(t.http.post(`/v1/reviews/${id}/notes`, { token: tenant.key, body: { body: 'x' } }), 403, 'user_credentials_required');
  });

  it('is out of reach of another tenant and the other environment', async () => {
    const owner = await tenant.userToken();
    const from = await account('Private');
    const id = (await t.http.post('/v1/reviews', { token: owner, body: { accountId: from, riskLevel: 'high', reason: 'x' } })).body.data
      .id as string;
    const other = await signup(t.http, 'reviews-other');
    await refused(t.http.get(`/v1/reviews/${id}`, { token: other.token }), 404, 'resource_missing');
    await refused(act(id, 'approve', other.token), 404, 'resource_missing');
    await refused(act(id, 'assign', owner, { userId: other.userId }), 404, 'resource_missing');
    await refused(
      t.http.post('/v1/reviews', { token: other.token, body: { accountId: from, riskLevel: 'low', reason: 'x' } }),
      404,
      'resource_missing',
    );
    expect((await t.http.get(`/v1/reviews?accountId=${from}`, { token: other.token })).body.data).toEqual([]);
    const live = { token: owner, environment: 'live' as const };
    expect((await t.http.get(`/v1/reviews/${id}`, live)).status).toBe(404);
    expect((await t.http.post(`/v1/reviews/${id}/dismiss`, { ...live, body: { note: 'x' } })).status).toBe(404);
    expect((await t.http.get('/v1/reviews/stats', live)).body.data.active).toBe(0);
  });

  it('lists with filters and counts by status, risk level and overdue', async () => {
    const owner = await tenant.userToken();
    const from = await account('Listed');
    const flag = async (riskLevel: string) =>
      (await t.http.post('/v1/reviews', { token: owner, body: { accountId: from, riskLevel, reason: 'listed' } })).body.data as Json;
    const low = await flag('low');
    t.clock.advance(1);
    const high = await flag('high');
    const list = async (query: string) =>
      ((await t.http.get(`/v1/reviews?accountId=${from}&${query}`, { token: tenant.key })).body.data as Json[]).map((r) => r.id);
    expect(await list('')).toEqual([high.id, low.id]);
    expect(await list('riskLevel=high')).toEqual([high.id]);
    expect(await list('status=open&limit=1')).toEqual([high.id]);
    const admin = await addMember(t.http, owner, 'admin');
    await act(low.id, 'assign', owner, { userId: admin.userId });
    expect(await list(`assigneeId=${admin.userId}`)).toEqual([low.id]);
    expect(await list('status=in_review')).toEqual([low.id]);
    expect(await list(`dueBefore=${encodeURIComponent(new Date(t.clock.now().getTime() + 8 * DAY_MS).toISOString())}`)).toEqual([high.id]);
    expect(await list('rule=velocity')).toEqual([]);
    const page = await t.http.get(`/v1/reviews?accountId=${from}&limit=1`, { token: tenant.key });
    expect(page.body).toMatchObject({ hasMore: true });
    const next = await t.http.get(`/v1/reviews?accountId=${from}&limit=1&cursor=${page.body.nextCursor}`, { token: tenant.key });
    expect(next.body.data.map((r: Json) => r.id)).toEqual([low.id]);
    expect((await t.http.get('/v1/reviews?rule=sanctions', { token: tenant.key })).status).toBe(400);

    const before = (await t.http.get('/v1/reviews/stats', { token: tenant.key })).body.data as Json;
    t.clock.advance(7 * DAY_MS + 1);
    const later = (await t.http.get('/v1/reviews/stats', { token: tenant.key })).body.data as Json;
    expect(later.overdue - before.overdue).toBeGreaterThanOrEqual(1);
    expect((await getReview(high.id)).isOverdue).toBe(true);
    expect((await getReview(low.id)).isOverdue).toBe(false);
    expect(later.byStatus.inReview).toBeGreaterThanOrEqual(1);
    expect(later.activeByRiskLevel.high).toBeGreaterThanOrEqual(1);
    expect(later.active).toBe(later.byStatus.open + later.byStatus.inReview + later.byStatus.escalated);
  });

  it.runIf(isRealPostgres)('two reviewers approving at once release the transfer exactly once', async () => {
    await rules({
      amount_threshold: { amountGteUsd: '10.00', action: 'review' },
      velocity: { maxCountPerHour: 1, maxCountPerDay: null, maxAmountPerDayUsd: null, action: 'review' },
    });
    const owner = await tenant.userToken();
    const admins = [await addMember(t.http, owner, 'admin'), await addMember(t.http, owner, 'admin')];
    const from = await account('Race', '101.00');
    const to = await account('Finish');
    await send(from, to);
    // The same item by two reviewers: one wins, the other finds it decided.
    const one = await heldForReview({ type: 'internal', fromAccountId: from, toAccountId: to, amount: '20.00' });
    const same = await Promise.all(admins.map((a) => act(one.items[0]?.id, 'approve', a.token)));
    expect(same.map((r) => r.status).sort()).toEqual([200, 422]);
    expect((await getTransfer(one.transfer.id)).status).toBe('requires_review');
    // Its two items by two reviewers at once: the second to commit releases it, once.
    await act(one.items[1]?.id, 'approve', owner);
    const two = await heldForReview({ type: 'internal', fromAccountId: from, toAccountId: to, amount: '30.00' });
    const both = await Promise.all(two.items.map((item, i) => act(item.id, 'approve', (admins[i] as { token: string }).token)));
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect((await getTransfer(two.transfer.id)).status).toBe('completed');
    const settlements = await withOwner(t.db, (tx) =>
      tx.query(
        `SELECT count(*)::int AS n FROM ledger_transactions WHERE reference_id = ANY($1::uuid[]) AND reference_type = 'transfer_settlement'`,
        [[one.transfer.id, two.transfer.id]],
      ),
    );
    expect(settlements[0]).toEqual({ n: 2 });
    expect(await balance(to)).toMatchObject({ available: '51.000000' });
    await ledgerOk();
  });
});
