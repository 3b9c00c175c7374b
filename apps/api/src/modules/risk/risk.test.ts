import { randomUUID } from 'node:crypto';
import type { RiskRuleId } from '@payos/contracts';
import { type Queryable, withOwner, withTenant } from '@payos/db';
import { type Currency, Money } from '@payos/money';
import { describe, expect, it } from 'vitest';
import { openAccount, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import { addMember, type Json, signup } from '../../../../../tests/harness.js';
import { BlockedTransferError, recordRefusal } from '../transfers/controls.js';
import { evaluate, evaluateRisk, loadRiskContext, loadRiskRules, normalizedName, noteAccepted, type RiskCandidate } from './risk.engine.js';

const t = testApp();
const tenant = tenantWithKey(t, 'risk');
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

const scope = () => ({ tenantId: tenant.owner.tenantId, environment: 'test' as const });
const patch = async (rules: Json, token?: string) =>
  t.http.patch('/v1/risk-rules', { token: token ?? (await tenant.userToken()), body: { rules } });
/** Only `id` enabled, with these fields. */
async function only(id: RiskRuleId, fields: Json = {}) {
  const rules: Json = Object.fromEntries(ALL.map((r) => [r, { enabled: false }]));
  rules[id] = { enabled: true, ...fields };
  const res = await patch(rules);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}
const account = (name: string, funds?: string) => openAccount(t.http, tenant.key, { name, tier: 2, funds });
const internal = async (from: string, to: string, amount: string, currency = 'USDC') => {
  const res = await t.http.post('/v1/transfers', {
    token: tenant.key,
    body: { type: 'internal', fromAccountId: from, toAccountId: to, amount, currency },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as Json;
};
const spei = (holderName: string) => ({ type: 'bank_account', rail: 'spei', details: { clabe: '032180000118359719', holderName } });
const paymentMethod = async (accountId: string, holderName = 'Proveedor SA') => {
  const res = await t.http.post(`/v1/accounts/${accountId}/payment-methods`, { token: tenant.key, body: spei(holderName) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.id as string;
};
const candidate = (
  c: Omit<Partial<RiskCandidate>, 'amount' | 'currency'> & { fromAccountId: string; amount: string; currency?: Currency },
): RiskCandidate => ({
  type: 'internal',
  transferId: randomUUID(),
  ...c,
  amount: new Money(c.amount),
  currency: c.currency ?? 'USDC',
});
const evaluateOne = (c: RiskCandidate) =>
  withTenant(t.db, scope(), async (tx) => evaluateRisk(tx, t.deps, await loadRiskRules(tx, 'test'), c));

describe('risk rules', () => {
  it('default to every rule disabled in test and enabled in live, readable by any user and API keys', async () => {
    const owner = await tenant.userToken();
    const test = await t.http.get('/v1/risk-rules', { token: tenant.key });
    expect(test.status).toBe(200);
    expect(test.body.data).toMatchObject({ environment: 'test', updatedAt: null });
    expect(test.body.data.rules.map((r: Json) => [r.id, r.enabled])).toEqual(ALL.map((id) => [id, false]));
    const live = await t.http.get('/v1/risk-rules', { token: owner, environment: 'live' });
    expect(live.body.data.rules.every((r: Json) => r.enabled)).toBe(true);
    expect(live.body.data.rules.find((r: Json) => r.id === 'structuring')).toEqual({
      id: 'structuring',
      enabled: true,
      action: 'review',
      riskLevel: 'high',
      thresholdUsd: '10000.00',
      marginPct: 10,
      minCount: 3,
    });
    const viewer = await addMember(t.http, owner, 'viewer');
    expect((await t.http.get('/v1/risk-rules', { token: viewer.token })).status).toBe(200);
  });

  it('are changed by owners and admins per environment, audited with what changed; bad input writes nothing', async () => {
    const owner = await tenant.userToken();
    const res = await patch({ amount_threshold: { enabled: true, amountGteUsd: '5000' }, velocity: { maxCountPerHour: null } }, owner);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const rules = Object.fromEntries(res.body.data.rules.map((r: Json) => [r.id, r]));
    expect(rules.amount_threshold).toMatchObject({ enabled: true, amountGteUsd: '5000.00', action: 'review' });
    expect(rules.velocity).toMatchObject({ enabled: false, maxCountPerHour: null, maxCountPerDay: 50 });
    expect(res.body.data.updatedAt).toBe(t.clock.now().toISOString());
    // The other environment is untouched.
    const live = await t.http.get('/v1/risk-rules', { token: owner, environment: 'live' });
    expect(live.body.data.rules.find((r: Json) => r.id === 'amount_threshold').amountGteUsd).toBe('10000.00');
    const audit = await t.http.get('/v1/audit-events?action=risk_rules.updated', { token: owner });
    const event = audit.body.data.find((e: Json) => e.action === 'risk_rules.updated');
    expect(event.changes).toEqual({
      before: { 'amount_threshold.enabled': false, 'amount_threshold.amountGteUsd': '10000.00', 'velocity.maxCountPerHour': 10 },
      after: { 'amount_threshold.enabled': true, 'amount_threshold.amountGteUsd': '5000.00', 'velocity.maxCountPerHour': null },
    });

    const before = (await t.http.get('/v1/risk-rules', { token: owner })).body.data;
    const refused = async (body: Json, status: number, code: string, param?: string, token = owner) => {
      const r = await t.http.patch('/v1/risk-rules', { token, body });
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(r.body.error.code).toBe(code);
      if (param) expect(r.body.error.param).toBe(param);
    };
    await refused({ rules: { sanctions: { enabled: true } } }, 400, 'unknown_parameter', 'rules.sanctions');
    await refused({ rules: { velocity: { maxPerWeek: 3 } } }, 400, 'unknown_parameter', 'rules.velocity.maxPerWeek');
    await refused({ rules: { velocity: { maxCountPerHour: 0 } } }, 400, 'parameter_invalid', 'rules.velocity.maxCountPerHour');
    await refused({ rules: { velocity: { action: 'freeze' } } }, 400, 'parameter_invalid', 'rules.velocity.action');
    await refused(
      { rules: { amount_threshold: { amountGteUsd: '10.001' } } },
      400,
      'parameter_invalid',
      'rules.amount_threshold.amountGteUsd',
    );
    await refused({ rules: { amount_threshold: { amountGteUsd: 10 } } }, 400, 'amount_must_be_string');
    await refused({ rules: { structuring: { marginPct: 51 } } }, 400, 'parameter_invalid', 'rules.structuring.marginPct');
    await refused({ rules: { amount_threshold: { enabled: 'yes' } } }, 400, 'parameter_invalid');
    await refused({}, 400, 'parameter_missing', 'rules');
    const member = await addMember(t.http, owner, 'member');
    await refused({ rules: { new_corridor: { enabled: true } } }, 403, 'insufficient_permissions', undefined, member.token);
    await refused({ rules: { new_corridor: { enabled: true } } }, 403, 'user_credentials_required', undefined, tenant.key);
    expect((await t.http.get('/v1/risk-rules', { token: owner })).body.data).toEqual(before);
  });
});

describe('the risk engine', () => {
  it('reads nothing when no rule is enabled, and allows', async () => {
    await patch(Object.fromEntries(ALL.map((r) => [r, { enabled: false }])));
    const from = await account('Quiet');
    let queries = 0;
    const evaluation = await withTenant(t.db, scope(), async (tx) => {
      const rules = await loadRiskRules(tx, 'test');
      const counting: Queryable = {
        query: (text, params) => {
          queries++;
          return tx.query(text, params);
        },
        exec: (text) => tx.exec(text),
        defer: (text, params) => tx.defer(text, params),
      };
      return evaluateRisk(counting, t.deps, rules, candidate({ fromAccountId: from, amount: '1000000.00', type: 'payout' }));
    });
    expect(queries).toBe(0);
    expect(evaluation).toMatchObject({ outcome: 'allow', hits: [] });
  });

  it('amount_threshold fires at its threshold in USD, not a cent below (other currencies at the mid rate)', async () => {
    await only('amount_threshold', { amountGteUsd: '100.00', action: 'review', riskLevel: 'high' });
    const from = await account('Big spender');
    expect((await evaluateOne(candidate({ fromAccountId: from, amount: '99.99' }))).outcome).toBe('allow');
    const at = await evaluateOne(candidate({ fromAccountId: from, amount: '100.00' }));
    expect(at).toMatchObject({
      outcome: 'review',
      hits: [{ ruleId: 'amount_threshold', action: 'review', riskLevel: 'high', figures: { amountUsd: '100.00', amountGteUsd: '100.00' } }],
    });
    // 1715.00 MXN is 100 USD at 17.15; 1714.99 is not.
    expect((await evaluateOne(candidate({ fromAccountId: from, amount: '1715.00', currency: 'MXN' }))).outcome).toBe('review');
    expect((await evaluateOne(candidate({ fromAccountId: from, amount: '1714.99', currency: 'MXN' }))).outcome).toBe('allow');
  });

  it('velocity counts sends per hour and day and USD per day, this one included, and fires above each limit', async () => {
    await only('velocity', { maxCountPerHour: 3, maxCountPerDay: 5, maxAmountPerDayUsd: '100.00', action: 'flag', riskLevel: 'medium' });
    const from = await account('Busy', '1000.00');
    const to = await account('Sink');
    await internal(from, to, '10.00');
    await internal(from, to, '10.00');
    // The 3rd send in the hour: at the limit.
    expect((await evaluateOne(candidate({ fromAccountId: from, amount: '1.00' }))).outcome).toBe('allow');
    await internal(from, to, '10.00');
    const fourth = await evaluateOne(candidate({ fromAccountId: from, amount: '1.00' }));
    expect(fourth).toMatchObject({ outcome: 'flag', hits: [{ ruleId: 'velocity', action: 'flag', riskLevel: 'medium' }] });
    expect(fourth.hits[0]?.figures).toMatchObject({ countLastHour: 4, maxCountPerHour: 3, countLastDay: 4, maxCountPerDay: 5 });
    expect(fourth.hits[0]?.message).toContain('4 sends in the last hour (limit 3)');
    // An hour later the hour is empty again; the day still counts 3 sends and 30.00 USD.
    t.clock.advance(HOUR_MS);
    expect((await evaluateOne(candidate({ fromAccountId: from, amount: '70.00' }))).outcome).toBe('allow');
    const over = await evaluateOne(candidate({ fromAccountId: from, amount: '70.01' }));
    expect(over.hits[0]?.figures).toMatchObject({ countLastHour: 1, amountLastDayUsd: '100.01', maxAmountPerDayUsd: '100.00' });
    await internal(from, to, '1.00');
    await internal(from, to, '1.00');
    // 6 in the day with this one.
    const sixth = await evaluateOne(candidate({ fromAccountId: from, amount: '1.00' }));
    expect(sixth.hits[0]?.figures).toMatchObject({ countLastDay: 6, maxCountPerDay: 5 });
    t.clock.advance(DAY_MS);
    expect((await evaluateOne(candidate({ fromAccountId: from, amount: '99.00' }))).outcome).toBe('allow');
  });

  it('structuring fires on the minCount-th send in the band within 24 h, not on the one before nor outside the band', async () => {
    await only('structuring', { thresholdUsd: '1000.00', marginPct: 10, minCount: 3, action: 'block', riskLevel: 'critical' });
    const from = await account('Smurf', '5000.00');
    const to = await account('Mule');
    await internal(from, to, '950.00');
    // The 2nd in [900, 1000): below minCount.
    expect((await evaluateOne(candidate({ fromAccountId: from, amount: '900.00' }))).outcome).toBe('allow');
    await internal(from, to, '999.99');
    await internal(from, to, '899.99'); // below the band: not counted
    await internal(from, to, '1000.00'); // at the threshold: not counted
    const third = await evaluateOne(candidate({ fromAccountId: from, amount: '900.00' }));
    expect(third).toMatchObject({ outcome: 'block', hits: [{ ruleId: 'structuring', riskLevel: 'critical' }] });
    expect(third.hits[0]?.figures).toMatchObject({
      countInBand: 3,
      minCount: 3,
      bandLow: '900.000000',
      bandHigh: '1000.000000',
      thresholdUsd: '1000.00',
    });
    expect((await evaluateOne(candidate({ fromAccountId: from, amount: '899.99' }))).outcome).toBe('allow');
    expect((await evaluateOne(candidate({ fromAccountId: from, amount: '1000.00' }))).outcome).toBe('allow');
    t.clock.advance(DAY_MS);
    expect((await evaluateOne(candidate({ fromAccountId: from, amount: '950.00' }))).outcome).toBe('allow');
  });

  it('new_beneficiary fires while the payment method is younger than maxAgeHours', async () => {
    await only('new_beneficiary', { maxAgeHours: 24 });
    const from = await account('Payer');
    const pm = await paymentMethod(from);
    const payout = () =>
      candidate({ fromAccountId: from, type: 'payout', paymentMethodId: pm, destinationCurrency: 'MXN', amount: '5.00' });
    t.clock.advance(24 * HOUR_MS - 1);
    const young = await evaluateOne(payout());
    expect(young).toMatchObject({ outcome: 'flag', hits: [{ ruleId: 'new_beneficiary', riskLevel: 'medium' }] });
    expect(young.hits[0]?.figures).toMatchObject({ paymentMethodId: pm, ageHours: '23.99', maxAgeHours: 24 });
    t.clock.advance(1);
    expect((await evaluateOne(payout())).outcome).toBe('allow');
  });

  it('new_corridor fires on the account’s first payout into a currency, not once it paid out there', async () => {
    await only('new_corridor', { action: 'review' });
    const from = await account('Exporter', '100.00');
    const pm = await paymentMethod(from);
    const payout = () =>
      candidate({ fromAccountId: from, type: 'payout', paymentMethodId: pm, destinationCurrency: 'MXN', amount: '5.00' });
    const first = await evaluateOne(payout());
    expect(first).toMatchObject({
      outcome: 'review',
      hits: [{ ruleId: 'new_corridor', figures: { destinationCurrency: 'MXN', earlierPayoutsInCurrency: 0 } }],
    });
    const sent = await t.http.post('/v1/transfers', {
      token: tenant.key,
      body: { type: 'payout', fromAccountId: from, paymentMethodId: pm, amount: '5.00', currency: 'USDC' },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect((await evaluateOne(payout())).outcome).toBe('allow');
    expect((await evaluateOne({ ...payout(), destinationCurrency: 'BRL' })).outcome).toBe('review');
    // Internal transfers have no corridor.
    expect((await evaluateOne(candidate({ fromAccountId: from, amount: '5.00' }))).outcome).toBe('allow');
  });

  it('new_account fires for an account younger than maxAgeDays sending at least amountGteUsd', async () => {
    await only('new_account', { maxAgeDays: 7, amountGteUsd: '100.00' });
    const from = await account('Fresh');
    t.clock.advance(7 * DAY_MS - 1);
    expect((await evaluateOne(candidate({ fromAccountId: from, amount: '99.99' }))).outcome).toBe('allow');
    const young = await evaluateOne(candidate({ fromAccountId: from, amount: '100.00' }));
    expect(young).toMatchObject({ outcome: 'review', hits: [{ ruleId: 'new_account', riskLevel: 'high' }] });
    expect(young.hits[0]?.figures).toMatchObject({ accountAgeDays: '6.99', maxAgeDays: 7, amountUsd: '100.00', amountGteUsd: '100.00' });
    t.clock.advance(1);
    expect((await evaluateOne(candidate({ fromAccountId: from, amount: '100.00' }))).outcome).toBe('allow');
  });

  it('beneficiary_name_mismatch compares names without case, accents, punctuation, spacing or word order', async () => {
    expect(normalizedName('  María   García-López ')).toBe(normalizedName('GARCIA LOPEZ, Maria'));
    expect(normalizedName('TechCorp Inc.')).not.toBe(normalizedName('TechCorp'));
    await only('beneficiary_name_mismatch');
    const from = await account('María García-López');
    const same = await paymentMethod(from, 'GARCIA LOPEZ, Maria');
    const other = await paymentMethod(from, 'Maria Garcia');
    const payout = (pm: string) =>
      candidate({ fromAccountId: from, type: 'payout', paymentMethodId: pm, destinationCurrency: 'MXN', amount: '5.00' });
    expect((await evaluateOne(payout(same))).outcome).toBe('allow');
    expect(await evaluateOne(payout(other))).toMatchObject({
      outcome: 'flag',
      hits: [{ ruleId: 'beneficiary_name_mismatch', figures: { accountName: 'María García-López', holderName: 'Maria Garcia' } }],
    });
  });

  it('the strictest action wins; hits come in the rules’ order with every figure', async () => {
    await patch({
      ...Object.fromEntries(ALL.map((r) => [r, { enabled: false }])),
      amount_threshold: { enabled: true, amountGteUsd: '50.00', action: 'block' },
      new_corridor: { enabled: true, action: 'flag' },
      new_account: { enabled: true, maxAgeDays: 1, amountGteUsd: '10.00', action: 'review' },
    });
    const from = await account('Everything');
    const pm = await paymentMethod(from);
    const c = candidate({ fromAccountId: from, type: 'payout', paymentMethodId: pm, destinationCurrency: 'MXN', amount: '60.00' });
    const evaluation = await evaluateOne(c);
    expect(evaluation.outcome).toBe('block');
    expect(evaluation.hits.map((h) => [h.ruleId, h.action])).toEqual([
      ['amount_threshold', 'block'],
      ['new_corridor', 'flag'],
      ['new_account', 'review'],
    ]);
    expect((await evaluateOne({ ...c, amount: new Money('49.99') })).outcome).toBe('review');
  });

  it('a batch reads once and counts the sends it accepted', async () => {
    await only('velocity', { maxCountPerHour: 2, maxCountPerDay: null, maxAmountPerDayUsd: null, action: 'review' });
    const from = await account('Batch');
    const [a, b, c] = [1, 2, 3].map(() => candidate({ fromAccountId: from, amount: '1.00' }));
    const outcomes = await withTenant(t.db, scope(), async (tx) => {
      const context = await loadRiskContext(tx, t.deps, await loadRiskRules(tx, 'test'), [a, b, c] as RiskCandidate[], t.clock.now());
      return [a, b, c].map((x) => {
        const evaluation = evaluate(context, x as RiskCandidate);
        if (evaluation.outcome !== 'block') noteAccepted(context, x as RiskCandidate);
        return evaluation.outcome;
      });
    });
    expect(outcomes).toEqual(['allow', 'allow', 'review']);
  });

  it('a block leaves exactly one refusal record, committed although the creation rolls back, and no transfer or ledger rows', async () => {
    await only('amount_threshold', { amountGteUsd: '10.00', action: 'block', riskLevel: 'critical' });
    const from = await account('Blocked', '100.00');
    const to = await account('Never paid');
    const counts = () =>
      withOwner(t.db, async (tx) => ({
        transfers: (await tx.query('SELECT count(*)::int AS n FROM transfers WHERE from_account_id = $1', [from]))[0],
        ledger: (await tx.query('SELECT count(*)::int AS n FROM ledger_transactions'))[0],
        reviews: (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM review_items WHERE account_id = $1', [from]))[0]?.n,
      }));
    const before = await counts();
    const initiatedBy = { type: 'api_key' as const, id: randomUUID(), name: 'Backend' };
    const error = await withTenant(t.db, scope(), async (tx) => {
      const evaluation = await evaluateRisk(tx, t.deps, await loadRiskRules(tx, 'test'), {
        ...candidate({ fromAccountId: from, toAccountId: to, amount: '10.00' }),
      });
      expect(evaluation.outcome).toBe('block');
      // Something the creation wrote before it was refused: rolled back with it.
      await tx.query(`UPDATE accounts SET name = 'Renamed' WHERE id = $1`, [from]);
      throw new BlockedTransferError(evaluation, initiatedBy);
    }).catch(async (e: unknown) => {
      // As the payout route does: the refusal record, once the creation transaction has rolled back.
      if (e instanceof BlockedTransferError) await recordRefusal(t.db, scope(), e, 'req_test');
      return e as Json;
    });
    expect(error).toMatchObject({
      code: 'transfer_blocked',
      status: 422,
      details: { ruleId: 'amount_threshold', riskLevel: 'critical', amountUsd: '10.00', amountGteUsd: '10.00' },
    });
    const after = await counts();
    expect(after).toEqual({ ...before, reviews: (before.reviews ?? 0) + 1 });
    expect((await t.http.get(`/v1/accounts/${from}`, { token: tenant.key })).body.data.name).toBe('Blocked');
    const record = await t.http.get(`/v1/reviews/${error.details.reviewId}`, { token: tenant.key });
    expect(record.status).toBe(200);
    expect(record.body.data).toMatchObject({
      status: 'blocked',
      source: 'rule',
      ruleId: 'amount_threshold',
      action: 'block',
      riskLevel: 'critical',
      accountId: from,
      transferId: null,
      holdsTransfer: false,
      createdBy: initiatedBy,
      evidence: {
        figures: { amountUsd: '10.00' },
        transfer: { type: 'internal', fromAccountId: from, toAccountId: to, amount: '10.000000' },
      },
    });
    expect(record.body.data.resolution.note).toContain('Blocked by amount_threshold');
    const audit = await t.http.get(`/v1/audit-events?objectId=${error.details.reviewId}`, { token: await tenant.userToken() });
    expect(audit.body.data.map((e: Json) => e.action)).toEqual(['transfer.blocked']);
    const approve = await t.http.post(`/v1/reviews/${error.details.reviewId}/approve`, { token: await tenant.userToken() });
    expect(approve.status).toBe(422);
    expect(approve.body.error.code).toBe('invalid_state');
  });

  it('rules of another tenant or environment do not apply', async () => {
    const other = await signup(t.http, 'risk-other');
    await t.http.patch('/v1/risk-rules', {
      token: other.token,
      body: { rules: { amount_threshold: { enabled: true, amountGteUsd: '1.00', action: 'block' } } },
    });
    await patch(Object.fromEntries(ALL.map((r) => [r, { enabled: false }])));
    const from = await account('Mine only');
    expect((await evaluateOne(candidate({ fromAccountId: from, amount: '50.00' }))).outcome).toBe('allow');
  });
});
