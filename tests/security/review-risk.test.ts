/**
 * Review of risk rules and the review queue (issue #19 §2): who may change rules and with what values,
 * every decision on a review item (cross tenant/environment, flag items, refusal records, dismiss of a
 * hold, reject then approve, cancel of a held transfer, a sender suspended meanwhile, self-review), rule
 * boundaries and evasions (velocity across currencies, new_account age, name normalisation), refusal
 * records written exactly once and nothing else (row checksums), 4xx envelopes of the queue, limit usage
 * after a rejection, the settlement worker after a released payout; races on PostgreSQL.
 *
 * Tests named DEFECT are open findings, kept as it.fails so the suite stays green: each asserts the
 * secure behaviour and fails today. Flip them to `it` once fixed.
 */
import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { settleDuePayouts } from '../../apps/api/src/modules/transfers/settlement.service.js';
import { createAgent, openAccount, testApp } from '../fixtures.js';
import { addMember, createKey, isRealPostgres, type Json, PASSWORD, signup } from '../harness.js';

const t = testApp();
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** A fresh organization; its test API key was created by a member, so the owner may decide what it starts. */
async function org(label: string) {
  const owner = await signup(t.http, label);
  const developer = await addMember(t.http, owner.token, 'member');
  const key = await createKey(t.http, developer.token);
  const login = async (email = owner.email) => {
    const res = await t.http.post('/v1/auth/login', { body: { email, password: PASSWORD } });
    if (res.status !== 200) throw new Error(`log in: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data.session.accessToken as string;
  };
  return { owner, developer, key: key.key, login };
}
type Org = Awaited<ReturnType<typeof org>>;

const rules = async (o: Org, patch: Json, environment?: 'test' | 'live') => {
  const res = await t.http.patch('/v1/risk-rules', { token: await o.login(), environment, body: { rules: patch } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data as Json;
};
const account = (o: Org, name: string, funds?: string, currency = 'USDC', tier = 2) =>
  openAccount(t.http, o.key, { name, tier, funds, currency });
const internal = (from: string, to: string, amount: string, token: string, currency = 'USDC', headers?: Record<string, string>) =>
  t.http.post('/v1/transfers', { token, headers, body: { type: 'internal', fromAccountId: from, toAccountId: to, amount, currency } });
const payout = (from: string, pm: string, amount: string, token: string, headers?: Record<string, string>) =>
  t.http.post('/v1/transfers', {
    token,
    headers,
    body: { type: 'payout', fromAccountId: from, paymentMethodId: pm, amount, currency: 'USDC' },
  });
async function spei(o: Org, accountId: string, holderName: string) {
  const res = await t.http.post(`/v1/accounts/${accountId}/payment-methods`, {
    token: o.key,
    body: { type: 'bank_account', rail: 'spei', details: { clabe: '032180000118359719', holderName } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.id as string;
}
const reviewsOf = async (o: Org, transferId: string) =>
  (await t.http.get(`/v1/reviews?transferId=${transferId}`, { token: o.key })).body.data as Json[];
const getTransfer = async (o: Org, id: string) => (await t.http.get(`/v1/transfers/${id}`, { token: o.key })).body.data as Json;
const balance = async (o: Org, id: string, currency = 'USDC') =>
  ((await t.http.get(`/v1/accounts/${id}/balances`, { token: o.key })).body.data.balances.find(
    (b: { currency: string }) => b.currency === currency,
  ) ?? { available: '0', pending: '0' }) as { available: string; pending: string };
async function ledgerOk(o: Org) {
  const res = await t.http.get('/v1/ledger/verification', { token: await o.login() });
  expect(res.body.data, JSON.stringify(res.body)).toMatchObject({ ok: true, discrepancies: [] });
}
const decide = (verb: 'approve' | 'reject' | 'dismiss' | 'escalate' | 'assign', id: string, token: string, body?: Json) =>
  t.http.post(`/v1/reviews/${id}/${verb}`, { token, body: body ?? (verb === 'reject' || verb === 'dismiss' ? { note: 'checked' } : {}) });

/** A checksum of every row of the tables a refusal or a decision could touch. */
const TABLES = [
  'transfers',
  'transfer_events',
  'ledger_transactions',
  'ledger_entries',
  'balances',
  'review_items',
  'review_notes',
  'risk_rule_settings',
  'approval_requests',
];
const checksums = () =>
  withOwner(t.db, async (tx) => {
    const out: Record<string, string> = {};
    for (const table of TABLES) {
      const [row] = await tx.query<{ n: number; h: string | null }>(
        `SELECT count(*)::int AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM ${table} x`,
      );
      out[table] = `${row?.n}:${row?.h}`;
    }
    return out;
  });
/** Refused with `status`/`code`, writing nothing at all. */
async function refused(promise: () => Promise<{ status: number; body: Json }>, status: number, code?: string) {
  const before = await checksums();
  const res = await promise();
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error, JSON.stringify(res.body)).toMatchObject({
    type: expect.any(String),
    code: expect.any(String),
    requestId: expect.any(String),
  });
  if (code) expect(res.body.error.code, JSON.stringify(res.body)).toBe(code);
  expect(await checksums()).toEqual(before);
  return res.body.error as Json;
}
const blockedCount = async () =>
  (await withOwner(t.db, (tx) => tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM review_items WHERE status = 'blocked'`)))[0]?.n ??
  0;

/** A transfer held for review by amount_threshold at `at`, and its one review item. */
async function heldForReview(o: Org, from: string, to: string, amount: string, token = o.key) {
  const res = await internal(from, to, amount, token);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.data.status).toBe('requires_review');
  const items = await reviewsOf(o, res.body.data.id);
  const item = items.find((i) => i.action === 'review');
  expect(item).toBeDefined();
  return { transferId: res.body.data.id as string, reviewId: item?.id as string, items };
}

/* ── Open findings ────────────────────────────────────────────────────────── */

describe('reviews: open findings', () => {
  // Was a DEFECT (high, fixed: the check is in releaseHeldTransfer): approveReview → releaseReviewed → releaseHeldTransfer (reviews.service.ts approveReview,
  // transfers/held.service.ts) never looks at the sender's standing. approvals.service approveTransfer refuses
  // with 422 account_suspended (fixed there), but a transfer held by a risk rule whose sender compliance
  // suspended meanwhile is released by approving its review: "Suspended accounts cannot send" (SPEC §5).
  // Fix: in approveReview (or better in releaseHeldTransfer itself) check repo.senderStanding and refuse
  // 422 account_suspended (declare it on the route), leaving the transfer held.
  it('approving the review of a transfer whose sender was suspended meanwhile moves no money', async () => {
    const o = await org('rr-suspended');
    await rules(o, { amount_threshold: { enabled: true, amountGteUsd: '100.00', action: 'review' } });
    const from = await account(o, 'Frozen', '500.00');
    const to = await account(o, 'Mule');
    const { transferId, reviewId } = await heldForReview(o, from, to, '200.00');
    const owner = await o.login();
    expect((await t.http.post(`/v1/accounts/${from}/suspend`, { token: owner })).status).toBe(200);
    const res = await decide('approve', reviewId, owner);
    expect(await balance(o, to)).toMatchObject({ available: '0' });
    expect((await getTransfer(o, transferId)).status).toBe('requires_review');
    expect(res.status, JSON.stringify(res.body)).toBe(422);
  });

  // Was a DEFECT (medium, fixed: 403 self_approval): a review is decided by anyone admin+, including the person who started the transfer.
  // §1 forbids self-approval of a transfer ("the initiator can never approve their own transfer") and the
  // codebase extends it to keys the approver created; approveReview (reviews.service.ts) has no such check,
  // so an admin sends above amount_threshold (or through any `review` rule) and clears the review alone —
  // maker and checker are one person, and no approval policy need exist. Fix: refuse 403 self_approval in
  // approveReview when the transfer's initiator is the caller (or a key/agent the caller created).
  it('the person who started a held transfer cannot approve its review themselves', async () => {
    const o = await org('rr-selfreview');
    await rules(o, { amount_threshold: { enabled: true, amountGteUsd: '100.00', action: 'review' } });
    const from = await account(o, 'Treasury', '500.00');
    const to = await account(o, 'Accomplice');
    const owner = await o.login();
    const { transferId, reviewId } = await heldForReview(o, from, to, '300.00', owner);
    const res = await decide('approve', reviewId, owner);
    expect(res.status, JSON.stringify(res.body)).toBe(403);
    expect((await getTransfer(o, transferId)).status).toBe('requires_review');
  });

  // By design (noted by the review): refusals are never stored for replay (idempotentTransaction rolls
  // back on status >= 300; the batch's storeResponses keeps only 201s), so a retry with the same
  // Idempotency-Key is evaluated again — and refused again, leaving a record of that attempt too. The
  // queue shows every attempt a rule refused; no money is involved either way.
  it('a blocked internal transfer retried with the same Idempotency-Key is refused again, each attempt on the record', async () => {
    const o = await org('rr-idemblock');
    await rules(o, { amount_threshold: { enabled: true, amountGteUsd: '100.00', action: 'block' } });
    const from = await account(o, 'Blocked', '500.00');
    const to = await account(o, 'Nobody');
    const before = await blockedCount();
    const headers = { 'Idempotency-Key': 'rr-block-1' };
    const first = await internal(from, to, '150.00', o.key, 'USDC', headers);
    const again = await internal(from, to, '150.00', o.key, 'USDC', headers);
    expect(first.status).toBe(422);
    expect(again.status).toBe(422);
    expect(await blockedCount()).toBe(before + 2);
    expect(again.body.error.details.reviewId).not.toBe(first.body.error.details.reviewId);
  });

  it('a blocked payout retried with the same Idempotency-Key is refused again, each attempt on the record', async () => {
    const o = await org('rr-idemblock2');
    await rules(o, { amount_threshold: { enabled: true, amountGteUsd: '100.00', action: 'block' } });
    const from = await account(o, 'Blocked', '500.00');
    const pm = await spei(o, from, 'Blocked');
    const before = await blockedCount();
    const headers = { 'Idempotency-Key': 'rr-block-2' };
    const first = await payout(from, pm, '150.00', o.key, headers);
    const again = await payout(from, pm, '150.00', o.key, headers);
    expect(first.status, JSON.stringify(first.body)).toBe(422);
    expect(again.status).toBe(422);
    expect(await blockedCount()).toBe(before + 2);
  });
});

/* ── Rules: who changes them and with what ────────────────────────────────── */

describe('risk rules PATCH', () => {
  it('members, viewers, API keys and agents cannot change rules (403), writing nothing', async () => {
    const o = await org('rr-patch403');
    const owner = await o.login();
    const member = await addMember(t.http, owner, 'member');
    const viewer = await addMember(t.http, owner, 'viewer');
    const from = await account(o, 'Agent wallet', '10.00');
    const agent = await createAgent(t.http, o.key, owner, from);
    const body = { rules: { amount_threshold: { enabled: false } } };
    for (const token of [member.token, viewer.token, o.key, agent.token]) {
      await refused(() => t.http.patch('/v1/risk-rules', { token, body }), 403);
    }
    // Agents cannot even read them, nor the queue.
    expect((await t.http.get('/v1/risk-rules', { token: agent.token })).status).toBe(403);
    expect((await t.http.get('/v1/reviews', { token: agent.token })).status).toBe(403);
  });

  it('odd values are 400 with the error envelope and write nothing', async () => {
    const o = await org('rr-patch400');
    const owner = await o.login();
    const bad: Json[] = [
      { amount_threshold: { amountGteUsd: 5000 } },
      { amount_threshold: { amountGteUsd: '5000.001' } },
      { amount_threshold: { amountGteUsd: '-1.00' } },
      { amount_threshold: { amountGteUsd: '1e5' } },
      { amount_threshold: { amountGteUsd: null } },
      { amount_threshold: { amountGteUsd: '99999999999999.00' } },
      { amount_threshold: { enabled: 'true' } },
      { amount_threshold: { enabled: null } },
      { amount_threshold: { action: 'allow' } },
      { amount_threshold: { riskLevel: 'severe' } },
      { amount_threshold: { threshold: '1.00' } },
      { velocity: { maxCountPerHour: 0 } },
      { velocity: { maxCountPerHour: -1 } },
      { velocity: { maxCountPerHour: 2.5 } },
      { velocity: { maxCountPerHour: '5' } },
      { velocity: { maxCountPerHour: 1e12 } },
      { new_account: { maxAgeDays: 0 } },
      { new_account: { maxAgeDays: null } },
      { structuring: { marginPct: 51 } },
      { structuring: { minCount: 1 } },
      { new_corridor: { maxAgeHours: 5 } },
      { unknown_rule: { enabled: true } },
    ];
    for (const patch of bad) {
      const error = await refused(() => t.http.patch('/v1/risk-rules', { token: owner, body: { rules: patch } }), 400);
      expect(error.type, JSON.stringify(patch)).toBe('invalid_request_error');
    }
    await refused(() => t.http.patch('/v1/risk-rules', { token: owner, body: { rules: {}, extra: 1 } }), 400);
    await refused(
      () => t.http.patch('/v1/risk-rules', { token: owner, rawBody: '{"rules":', headers: { 'content-type': 'application/json' } }),
      400,
    );
  });

  it('a USD threshold given without decimals is stored with two, and what the PATCH answers is what GET and the engine use', async () => {
    const o = await org('rr-patchnorm');
    const after = await rules(o, { amount_threshold: { enabled: true, amountGteUsd: '250', action: 'review' } });
    expect(after.rules.find((r: Json) => r.id === 'amount_threshold')).toMatchObject({ amountGteUsd: '250.00', enabled: true });
    const got = await t.http.get('/v1/risk-rules', { token: o.key });
    expect(got.body.data).toEqual(after);
    const from = await account(o, 'A', '1000.00');
    const to = await account(o, 'B');
    expect((await internal(from, to, '249.99', o.key)).body.data.status).toBe('completed');
    expect((await internal(from, to, '250.00', o.key)).body.data.status).toBe('requires_review');
  });

  it('test and live rules are separate: a change in one leaves the other as it was', async () => {
    const o = await org('rr-envs');
    const owner = await o.login();
    const liveBefore = (await t.http.get('/v1/risk-rules', { token: owner, environment: 'live' })).body.data as Json;
    expect(liveBefore.environment).toBe('live');
    expect(liveBefore.rules.every((r: Json) => r.enabled)).toBe(true);
    await rules(o, { amount_threshold: { enabled: true, amountGteUsd: '1.00', action: 'block' }, velocity: { enabled: false } });
    expect((await t.http.get('/v1/risk-rules', { token: owner, environment: 'live' })).body.data).toEqual(liveBefore);
    await rules(o, { new_corridor: { enabled: false } }, 'live');
    const test = (await t.http.get('/v1/risk-rules', { token: o.key })).body.data as Json;
    expect(test.environment).toBe('test');
    expect(test.rules.find((r: Json) => r.id === 'new_corridor').enabled).toBe(false); // test default: disabled
    expect(test.rules.find((r: Json) => r.id === 'amount_threshold')).toMatchObject({ amountGteUsd: '1.00', action: 'block' });
    // A live API key sees live rules only.
    const liveKey = (await createKey(t.http, owner, 'live')).key;
    const live = (await t.http.get('/v1/risk-rules', { token: liveKey })).body.data as Json;
    expect(live.rules.find((r: Json) => r.id === 'amount_threshold')).toMatchObject({ amountGteUsd: '10000.00', action: 'review' });
  });
});

/* ── Deciding review items ────────────────────────────────────────────────── */

describe('review decisions', () => {
  it('another tenant or environment cannot see or decide an item (404), and nothing moves', async () => {
    const o = await org('rr-xtenant');
    const other = await org('rr-xtenant-other');
    await rules(o, { amount_threshold: { enabled: true, amountGteUsd: '100.00', action: 'review' } });
    const from = await account(o, 'A', '500.00');
    const to = await account(o, 'B');
    const { transferId, reviewId } = await heldForReview(o, from, to, '100.00');
    const otherOwner = await other.login();
    await refused(() => t.http.get(`/v1/reviews/${reviewId}`, { token: other.key }), 404);
    await refused(() => decide('approve', reviewId, otherOwner), 404);
    await refused(() => decide('reject', reviewId, otherOwner), 404);
    await refused(() => decide('assign', reviewId, otherOwner), 404);
    await refused(() => t.http.post(`/v1/reviews/${reviewId}/notes`, { token: otherOwner, body: { body: 'hi' } }), 404);
    const owner = await o.login();
    await refused(() => t.http.get(`/v1/reviews/${reviewId}`, { token: owner, environment: 'live' }), 404);
    await refused(() => t.http.post(`/v1/reviews/${reviewId}/approve`, { token: owner, environment: 'live', body: {} }), 404);
    // Uppercase id: the same item, not a way around anything.
    expect((await t.http.get(`/v1/reviews/${reviewId.toUpperCase()}`, { token: o.key })).body.data?.id).toBe(reviewId);
    expect((await getTransfer(o, transferId)).status).toBe('requires_review');
  });

  it('members, viewers and API keys cannot decide (403); approving a flag item releases nothing; a hold cannot be dismissed', async () => {
    const o = await org('rr-flagitem');
    const owner = await o.login();
    const member = await addMember(t.http, owner, 'member');
    const viewer = await addMember(t.http, owner, 'viewer');
    await rules(o, {
      amount_threshold: { enabled: true, amountGteUsd: '100.00', action: 'review' },
      velocity: { enabled: true, action: 'flag', maxCountPerHour: 1, maxCountPerDay: null, maxAmountPerDayUsd: null },
    });
    const from = await account(o, 'A', '500.00');
    const to = await account(o, 'B');
    expect((await internal(from, to, '10.00', o.key)).body.data.status).toBe('completed');
    const { transferId, reviewId, items } = await heldForReview(o, from, to, '100.00');
    const flag = items.find((i) => i.action === 'flag') as Json;
    expect(flag).toMatchObject({ ruleId: 'velocity', holdsTransfer: false });
    for (const token of [member.token, viewer.token, o.key]) {
      await refused(() => decide('approve', reviewId, token), 403);
      await refused(() => decide('reject', reviewId, token), 403);
      await refused(() => decide('assign', reviewId, token), 403);
    }
    expect((await decide('approve', flag.id, owner)).status).toBe(200);
    expect((await getTransfer(o, transferId)).status).toBe('requires_review');
    expect(await balance(o, to)).toMatchObject({ available: '10.000000' });
    await refused(() => decide('dismiss', reviewId, owner), 422, 'invalid_state');
    // A member may note; a viewer may not.
    expect((await t.http.post(`/v1/reviews/${reviewId}/notes`, { token: member.token, body: { body: 'looked' } })).status).toBe(200);
    await refused(() => t.http.post(`/v1/reviews/${reviewId}/notes`, { token: viewer.token, body: { body: 'x' } }), 403);
    await refused(() => t.http.post(`/v1/reviews/${reviewId}/notes`, { token: o.key, body: { body: 'x' } }), 403);
    await refused(() => t.http.post(`/v1/reviews/${reviewId}/notes`, { token: owner, body: { body: 'x'.repeat(2001) } }), 400);
    await refused(() => t.http.post(`/v1/reviews/${reviewId}/notes`, { token: owner, body: { body: '   ' } }), 400);
    await ledgerOk(o);
  });

  it('reject voids the hold to the cent and gives limit usage back; approve after reject and decisions on refusal records are 422', async () => {
    const o = await org('rr-reject');
    await rules(o, { amount_threshold: { enabled: true, amountGteUsd: '4000.00', action: 'review' } });
    // Tier 1: 5,000 per transaction, 20,000 a day.
    const from = await account(o, 'T1', '30000.00', 'USDC', 1);
    const to = await account(o, 'B');
    const owner = await o.login();
    for (let i = 0; i < 4; i++) {
      const { transferId, reviewId } = await heldForReview(o, from, to, '5000.00');
      const res = await decide('reject', reviewId, owner, { note: `no ${i}` });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect((await getTransfer(o, transferId)).status).toBe('rejected');
      await refused(() => decide('approve', reviewId, owner), 422, 'invalid_state');
      await refused(() => decide('reject', reviewId, owner), 422, 'invalid_state');
    }
    expect(await balance(o, from)).toMatchObject({ available: '30000.000000', pending: '0.000000' });
    // The day's usage came back: one more at the limit is still held for review, not refused.
    const fifth = await internal(from, to, '5000.00', o.key);
    expect(fifth.status, JSON.stringify(fifth.body)).toBe(201);
    expect(fifth.body.data.status).toBe('requires_review');

    await rules(o, { amount_threshold: { action: 'block' } });
    const blocked = await internal(from, to, '4500.00', o.key);
    expect(blocked.body.error.code).toBe('transfer_blocked');
    const recordId = blocked.body.error.details.reviewId as string;
    for (const verb of ['approve', 'reject', 'dismiss', 'escalate', 'assign'] as const) {
      await refused(() => decide(verb, recordId, owner), 422, 'invalid_state');
    }
    await rules(o, { amount_threshold: { enabled: false } });
    await ledgerOk(o);
  });

  it('a transfer held for review cannot be cancelled, refunded or closed around; the review alone decides', async () => {
    const o = await org('rr-cancel');
    await rules(o, { amount_threshold: { enabled: true, amountGteUsd: '100.00', action: 'review' } });
    const from = await account(o, 'A', '500.00');
    const to = await account(o, 'B');
    const { transferId } = await heldForReview(o, from, to, '200.00');
    await refused(() => t.http.post(`/v1/transfers/${transferId}/cancel`, { token: o.key }), 422, 'invalid_state');
    const owner = await o.login();
    await refused(() => t.http.post(`/v1/transfers/${transferId}/approve`, { token: owner }), 422);
    expect((await t.http.delete(`/v1/accounts/${from}`, { token: o.key })).status).toBe(422);
    expect((await getTransfer(o, transferId)).status).toBe('requires_review');
  });

  it('a released review payout goes to the settlement worker and completes; the ledger stays balanced', async () => {
    const o = await org('rr-payout');
    await rules(o, { amount_threshold: { enabled: true, amountGteUsd: '100.00', action: 'review' } });
    const from = await account(o, 'Proveedora', '1000.00');
    const pm = await spei(o, from, 'Proveedora');
    const res = await payout(from, pm, '200.00', o.key);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data.status).toBe('requires_review');
    const id = res.body.data.id as string;
    // The worker never takes a held payout, however long it waits.
    t.clock.advance(HOUR_MS);
    await settleDuePayouts(t.db, t.deps);
    expect((await getTransfer(o, id)).status).toBe('requires_review');
    const [item] = (await reviewsOf(o, id)).filter((i) => i.holdsTransfer);
    expect((await decide('approve', item?.id, await o.login())).status).toBe(200);
    expect((await getTransfer(o, id)).status).toBe('pending');
    t.clock.advance(HOUR_MS);
    await settleDuePayouts(t.db, t.deps);
    expect((await getTransfer(o, id)).status).toBe('completed');
    const b = await balance(o, from);
    expect(b.pending).toBe('0.000000');
    await ledgerOk(o);
  });

  it('assignment: only active admins/owners of the tenant; another tenant’s user or a removed admin is 404, a viewer 400', async () => {
    const o = await org('rr-assign');
    const other = await org('rr-assign-other');
    await rules(o, { amount_threshold: { enabled: true, amountGteUsd: '100.00', action: 'review' } });
    const from = await account(o, 'A', '500.00');
    const to = await account(o, 'B');
    const { reviewId } = await heldForReview(o, from, to, '100.00');
    const owner = await o.login();
    const viewer = await addMember(t.http, owner, 'viewer');
    const admin = await addMember(t.http, owner, 'admin');
    await refused(() => decide('assign', reviewId, owner, { userId: other.owner.userId }), 404);
    await refused(() => decide('assign', reviewId, owner, { userId: viewer.userId }), 400);
    await refused(() => decide('assign', reviewId, owner, { userId: o.developer.userId }), 400);
    await refused(() => decide('assign', reviewId, owner, { userId: 'not-a-uuid' }), 400);
    expect((await t.http.delete(`/v1/organization/team/${admin.userId}`, { token: owner })).status).toBeLessThan(300);
    await refused(() => decide('assign', reviewId, owner, { userId: admin.userId }), 404);
    const ok = await decide('assign', reviewId, owner);
    expect(ok.body.data).toMatchObject({ status: 'in_review', assignee: { id: o.owner.userId } });
  });

  it('the queue’s client mistakes are 4xx in the envelope, never 500', async () => {
    const o = await org('rr-list400');
    const queries = [
      'cursor=garbage',
      'cursor=eyJ0IjoieCIsImlkIjoieSJ9',
      'dueBefore=tomorrow',
      'dueBefore=2026-13-45T00:00:00Z',
      'riskLevel=severe',
      'status=pending',
      'rule=velocityy',
      'limit=1000',
      'limit=0',
      'limit=-1',
      'limit=abc',
      'accountId=not-a-uuid',
      'assigneeId=1',
    ];
    for (const q of queries) {
      const res = await t.http.get(`/v1/reviews?${q}`, { token: o.key });
      expect(res.status, q).toBe(400);
      expect(res.body.error, q).toMatchObject({ type: 'invalid_request_error', requestId: expect.any(String) });
    }
    const badId = await t.http.get('/v1/reviews/not-a-uuid', { token: o.key });
    expect([400, 404]).toContain(badId.status);
    expect(badId.body.error).toMatchObject({ requestId: expect.any(String) });
    expect((await t.http.get('/v1/reviews/00000000-0000-4000-8000-000000000000', { token: o.key })).status).toBe(404);
    const flag = await t.http.post('/v1/reviews', { token: o.key, body: { riskLevel: 'low', reason: 'x' } });
    expect(flag.status).toBe(400);
  });

  it('stats: overdue counts active items past due only, by the clock', async () => {
    const o = await org('rr-stats');
    await rules(o, { amount_threshold: { enabled: true, amountGteUsd: '100.00', action: 'review', riskLevel: 'high' } });
    const from = await account(o, 'A', '1000.00');
    const to = await account(o, 'B');
    const a = await heldForReview(o, from, to, '100.00');
    const b = await heldForReview(o, from, to, '100.00');
    const owner = await o.login();
    expect((await decide('reject', b.reviewId, owner)).status).toBe(200);
    const before = (await t.http.get('/v1/reviews/stats', { token: o.key })).body.data as Json;
    expect(before).toMatchObject({ active: 1, overdue: 0, activeByRiskLevel: { high: 1 }, byStatus: { open: 1, rejected: 1 } });
    t.clock.advance(7 * DAY_MS + 1000);
    const after = (await t.http.get('/v1/reviews/stats', { token: o.key })).body.data as Json;
    expect(after).toMatchObject({ active: 1, overdue: 1, byStatus: { rejected: 1 } });
    const item = (await t.http.get(`/v1/reviews/${a.reviewId}`, { token: o.key })).body.data as Json;
    expect(item.isOverdue).toBe(true);
    const rejected = (await t.http.get(`/v1/reviews/${b.reviewId}`, { token: o.key })).body.data as Json;
    expect(rejected.isOverdue).toBe(false);
  });
});

/* ── Rule boundaries and evasions ─────────────────────────────────────────── */

describe('rule boundaries', () => {
  it('a block writes nothing but its record, once, internal and payout (row checksums)', async () => {
    const o = await org('rr-blockonly');
    await rules(o, { amount_threshold: { enabled: true, amountGteUsd: '100.00', action: 'block', riskLevel: 'critical' } });
    const from = await account(o, 'A', '1000.00');
    const to = await account(o, 'B');
    const pm = await spei(o, from, 'A');
    for (const send of [() => internal(from, to, '100.00', o.key), () => payout(from, pm, '100.00', o.key)]) {
      const before = await checksums();
      const res = await send();
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body.error.code).toBe('transfer_blocked');
      const after = await checksums();
      for (const table of TABLES.filter((x) => x !== 'review_items')) expect(after[table], table).toBe(before[table]);
      const items = await withOwner(t.db, (tx) =>
        tx.query<{ id: string; status: string }>('SELECT id, status FROM review_items WHERE account_id = $1', [from]),
      );
      expect(items.filter((i) => i.id === res.body.error.details.reviewId)).toMatchObject([{ status: 'blocked' }]);
    }
    expect(await blockedCount()).toBeGreaterThanOrEqual(2);
  });

  it('velocity counts every currency of the sender: exactly at the max passes, one above fires', async () => {
    const o = await org('rr-velocity');
    await rules(o, {
      velocity: { enabled: true, action: 'block', maxCountPerHour: 3, maxCountPerDay: null, maxAmountPerDayUsd: null },
    });
    const from = await account(o, 'Multi', '1000.00');
    await t.http.post('/v1/deposits', { token: o.key, body: { accountId: from, amount: '1000.00', currency: 'USD' } });
    const to = await account(o, 'B');
    expect((await internal(from, to, '1.00', o.key, 'USDC')).status).toBe(201);
    expect((await internal(from, to, '1.00', o.key, 'USD')).status).toBe(201);
    expect((await internal(from, to, '1.00', o.key, 'USDC')).status).toBe(201);
    const fourth = await internal(from, to, '1.00', o.key, 'USD');
    expect(fourth.status, JSON.stringify(fourth.body)).toBe(422);
    expect(fourth.body.error.details).toMatchObject({ ruleId: 'velocity', countLastHour: 4, maxCountPerHour: 3 });
    // An agent of the same account counts with the key's sends.
    const agent = await createAgent(t.http, o.key, await o.login(), from);
    const byAgent = await internal(from, to, '1.00', agent.token, 'USDC');
    expect(byAgent.status, JSON.stringify(byAgent.body)).toBe(422);
    expect(byAgent.body.error.code).toBe('transfer_blocked');
    // An hour later the window has moved on.
    t.clock.advance(HOUR_MS + 1000);
    expect((await internal(from, to, '1.00', o.key, 'USDC')).status).toBe(201);
    await rules(o, { velocity: { enabled: false } });
  });

  it('new_account fires below maxAgeDays and not at it', async () => {
    const o = await org('rr-newacct');
    await rules(o, { new_account: { enabled: true, action: 'block', maxAgeDays: 1, amountGteUsd: '50.00' } });
    const from = await account(o, 'Young', '1000.00');
    const to = await account(o, 'B');
    expect((await internal(from, to, '49.99', o.key)).status).toBe(201);
    expect((await internal(from, to, '50.00', o.key)).body.error?.code).toBe('transfer_blocked');
    const [created] = await withOwner(t.db, (tx) =>
      tx.query<{ created_at: Date }>('SELECT created_at FROM accounts WHERE id = $1', [from]),
    );
    const openedAt = (created as { created_at: Date }).created_at.getTime();
    t.clock.set(new Date(openedAt + DAY_MS - 1));
    expect((await internal(from, to, '50.00', o.key)).body.error?.code).toBe('transfer_blocked');
    t.clock.set(new Date(openedAt + DAY_MS));
    expect((await internal(from, to, '50.00', o.key)).status).toBe(201);
    await rules(o, { new_account: { enabled: false } });
  });

  it('name mismatch: case, accents and order match; homoglyphs, extra words and initials do not', async () => {
    const o = await org('rr-names');
    await rules(o, { beneficiary_name_mismatch: { enabled: true, action: 'block' } });
    const from = await account(o, 'María García-López', '1000.00');
    const same = ['GARCIA LOPEZ, Maria', 'maria  garcia lopez', 'Ｍａｒíａ Garcia Lopez'];
    const different = ['Mаría García-López' /* Cyrillic а */, 'María García-López Ltd', 'M. García-López', 'María García'];
    for (const holder of same) {
      const pm = await spei(o, from, holder);
      const res = await payout(from, pm, '1.00', o.key);
      expect(res.status, `${holder}: ${JSON.stringify(res.body)}`).toBe(201);
    }
    for (const holder of different) {
      const pm = await spei(o, from, holder);
      const res = await payout(from, pm, '1.00', o.key);
      expect(res.status, holder).toBe(422);
      expect(res.body.error.details.ruleId, holder).toBe('beneficiary_name_mismatch');
    }
    await rules(o, { beneficiary_name_mismatch: { enabled: false } });
    await ledgerOk(o);
  });
});

/* ── Races (PostgreSQL) ───────────────────────────────────────────────────── */

describe('races', () => {
  // Was a DEFECT (high, PostgreSQL only; fixed: the sender is locked first): createPayout (transfers/payout.service.ts) evaluates the risk rules
  // (evaluateRisk → risk.repo recentSends) BEFORE assertCanSend takes the sender's lock, and in its own
  // READ COMMITTED snapshot: parallel payouts from one account each see the others' sends as not there,
  // so velocity (and structuring) are evaded by sending in parallel — 20 payouts against a limit of 5 an
  // hour pass. The internal batch locks senders first (lockSenders) and counts its own (noteAccepted); the
  // payout path has neither. Fix: lock the sender (SELECT … FOR UPDATE on the account) before loadRiskContext
  // in createPayout, so the read happens after any concurrent payout of that sender committed.
  it.runIf(isRealPostgres)('20 parallel payouts against a velocity of 5 an hour: exactly 5 pass', async () => {
    const o = await org('rr-race-velocity');
    await rules(o, {
      velocity: { enabled: true, action: 'block', maxCountPerHour: 5, maxCountPerDay: null, maxAmountPerDayUsd: null },
    });
    const from = await account(o, 'Racer', '1000.00');
    const pm = await spei(o, from, 'Racer');
    const results = await Promise.all(Array.from({ length: 20 }, () => payout(from, pm, '10.00', o.key)));
    const passed = results.filter((r) => r.status === 201).length;
    expect(results.every((r) => r.status === 201 || r.body.error?.code === 'transfer_blocked')).toBe(true);
    await ledgerOk(o);
    expect(passed).toBe(5);
  });

  it.runIf(isRealPostgres)('approve and reject of two items of one transfer at once: it ends once, the ledger balanced', async () => {
    const o = await org('rr-race-decide');
    await rules(o, {
      amount_threshold: { enabled: true, amountGteUsd: '100.00', action: 'review' },
      new_account: { enabled: true, action: 'review', maxAgeDays: 7, amountGteUsd: '100.00' },
    });
    const owner = await o.login();
    const admin = await addMember(t.http, owner, 'admin');
    for (let round = 0; round < 4; round++) {
      const from = await account(o, `A${round}`, '500.00');
      const to = await account(o, `B${round}`);
      const res = await internal(from, to, '200.00', o.key);
      expect(res.body.data.status).toBe('requires_review');
      const items = (await reviewsOf(o, res.body.data.id)).filter((i) => i.holdsTransfer);
      expect(items).toHaveLength(2);
      const [x, y] = items as [Json, Json];
      const [approveA, rejectB] = await Promise.all([decide('approve', x.id, owner), decide('reject', y.id, admin.token)]);
      expect([approveA.status, rejectB.status]).toContain(200);
      const status = (await getTransfer(o, res.body.data.id)).status;
      expect(status).toBe('rejected');
      expect(await balance(o, to)).toMatchObject({ available: '0' });
      expect(await balance(o, from)).toMatchObject({ available: '500.000000', pending: '0.000000' });
      const voids = await withOwner(t.db, (tx) =>
        tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ledger_transactions WHERE reference_id = $1`, [res.body.data.id]),
      );
      expect(voids[0]?.n).toBe(2); // the hold and its one void
    }
    await ledgerOk(o);
  });

  it.runIf(isRealPostgres)('two admins approving the last two items at once release the transfer exactly once', async () => {
    const o = await org('rr-race-approve');
    await rules(o, {
      amount_threshold: { enabled: true, amountGteUsd: '100.00', action: 'review' },
      new_account: { enabled: true, action: 'review', maxAgeDays: 7, amountGteUsd: '100.00' },
    });
    const owner = await o.login();
    const admin = await addMember(t.http, owner, 'admin');
    const from = await account(o, 'A', '500.00');
    const to = await account(o, 'B');
    const res = await internal(from, to, '200.00', o.key);
    const [x, y] = (await reviewsOf(o, res.body.data.id)).filter((i) => i.holdsTransfer) as [Json, Json];
    const replies = await Promise.all([decide('approve', x.id, owner), decide('approve', y.id, admin.token)]);
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    expect((await getTransfer(o, res.body.data.id)).status).toBe('completed');
    expect(await balance(o, to)).toMatchObject({ available: '200.000000' });
    await ledgerOk(o);
  });
});
