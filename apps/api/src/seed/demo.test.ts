import {
  accountSchema,
  apiKeySchema,
  dataOf,
  listOf,
  memberSchema,
  meSchema,
  organizationSchema,
  overviewSchema,
  scheduledTransferSchema,
  streamSchema,
  transferSchema,
} from '@payos/contracts';
import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { testApp } from '../../../../tests/fixtures.js';
import { DEMO, seedDemo } from './demo.js';

const t = testApp();

describe('demo seed', () => {
  it('creates Demo Fintech with its login, key, customers, balances and payment methods — and re-creates it', async () => {
    await seedDemo(t.db, { isProduction: false });
    const searchTerms = () =>
      withOwner(t.db, (tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM search_terms WHERE tenant_id = $1', [DEMO.tenantId]));
    const termsOnce = await searchTerms();
    await seedDemo(t.db, { isProduction: false });
    // Re-seeding replaces the search index's entries too (none left of the objects it deleted).
    expect(await searchTerms()).toEqual(termsOnce);
    expect(termsOnce[0]?.n).toBeGreaterThan(50);

    const login = await t.http.post('/v1/auth/login', { body: { email: DEMO.email, password: DEMO.password } });
    expect(login.status).toBe(200);
    expect(login.body.data.tenant).toMatchObject({ id: DEMO.tenantId, name: 'Demo Fintech' });

    const accounts = await t.http.get('/v1/accounts?limit=100', { token: DEMO.apiKey });
    expect(accounts.body.data).toHaveLength(9);
    const techCorp = accounts.body.data.find((a: { name: string }) => a.name === 'TechCorp Inc');
    expect(techCorp).toMatchObject({ type: 'business', verificationTier: 2 });
    // 250,000 deposited − 2,000 to Maria + 250 of it refunded − 120 to Sofia + 60 of it back (a dispute) − a 1,000 wallet payout and its 5.00 fee − 300 converted into pesos for
    // Sofia and its 2.10 fees − today's 1,500 weekly payroll run − 7,150 paid by its agents − 1,200 to Carlos its owner approved;
    // 16,000 sits in three streams — 4,000 of it the funding of the one waiting for approval; the failed USD payout was restored.
    // Held while they wait for approval: a 2,750 wallet payout and its 13.75 fee and 2,500 to Maria (USDC), a 1,850 ACH payout and
    // its 9.25 fee (USD); the denied one's hold was voided.
    expect(techCorp.balances).toEqual([
      { currency: 'USD', available: '18140.75', pending: '1859.25', inStreams: '0.00', total: '20000.00' },
      { currency: 'USDC', available: '215769.150000', pending: '5263.750000', inStreams: '16000.000000', total: '237032.900000' },
    ]);
    // Maker-checker: the policy; three transfers, a schedule and a stream waiting in the owner's inbox; one transfer approved and
    // one denied by the owner.
    const token = login.body.data.session.accessToken as string;
    const policies = (await t.http.get('/v1/approval-policies', { token })).body.data as { name: string; initiatorTypes: string[] }[];
    expect(policies).toMatchObject([{ name: 'Large API payouts', initiatorTypes: ['api_key', 'agent'] }]);
    type Waiting = {
      objectType: string;
      canDecide: boolean;
      amountUsd: string;
      transfer: { amount: string } | null;
      schedule: { amount: string; status: string; nextRunAt: string | null } | null;
      stream: { funded: string; status: string } | null;
    };
    const inbox = (await t.http.get('/v1/approvals', { token })).body.data as Waiting[];
    expect(
      inbox.map((a) => [a.objectType, a.transfer?.amount ?? a.schedule?.amount ?? a.stream?.funded, a.amountUsd, a.canDecide]),
    ).toEqual([
      ['stream', '4000.000000', '4000.00', true],
      ['schedule', '1200.000000', '1200.00', true],
      ['transfer', '1850.00', '1850.00', true],
      ['transfer', '2500.000000', '2500.00', true],
      ['transfer', '2750.000000', '2750.00', true],
    ]);
    // The schedule has no next run until approved; the stream is funded, not flowing.
    expect(inbox[1]?.schedule).toMatchObject({ status: 'requires_approval', nextRunAt: null });
    expect(inbox[0]?.stream).toMatchObject({ status: 'requires_approval' });
    for (const [status, amount] of [
      ['approved', '1200.000000'],
      ['denied', '2400.00'],
    ]) {
      const decided = (await t.http.get(`/v1/approvals?status=${status}`, { token })).body.data as { transfer: { amount: string } }[];
      expect(decided.map((a) => a.transfer.amount)).toEqual([amount]);
    }
    // Disputes in every status; the resolved one refunded 60.
    const disputes = (await t.http.get('/v1/disputes', { token: DEMO.apiKey })).body.data as { status: string; refundId: string | null }[];
    expect(disputes.map((d) => d.status).sort()).toEqual(['escalated', 'open', 'resolved', 'under_review']);
    // A partial refund (250 of Maria's 2,000) and a full one (a freight payment made twice).
    const refunds = (await t.http.get('/v1/refunds', { token: DEMO.apiKey })).body.data as { amount: string; reason: string }[];
    expect(refunds.map((r) => [r.amount, r.reason]).sort()).toEqual([
      ['150.000000', 'duplicate_payment'],
      ['250.000000', 'customer_request'],
      ['60.000000', 'dispute_resolution'],
    ]);
    const sofia = accounts.body.data.find((a: { name: string }) => a.name === 'Sofia Rodriguez');
    expect(sofia.balances.find((b: { currency: string }) => b.currency === 'MXN')).toMatchObject({ available: '30145.00' }); // 25,000 deposited + 300 × 17.15
    const maria = accounts.body.data.find((a: { name: string }) => a.name === 'Maria Garcia');
    expect(maria).toMatchObject({ verificationTier: 2 });
    const carlos = accounts.body.data.find((a: { name: string }) => a.name === 'Carlos Martinez');
    expect(carlos).toMatchObject({ verificationTier: 1 });
    const countries = new Set(accounts.body.data.map((a: { country: string }) => a.country));
    expect([...countries].sort()).toEqual(['AR', 'BR', 'CO', 'MX', 'US']);

    const methods = await t.http.get(`/v1/accounts/${techCorp.id}/payment-methods`, { token: DEMO.apiKey });
    expect(methods.body.data.map((m: { last4: string }) => m.last4)).toContain('0000');

    const schedules = (await t.http.get('/v1/scheduled-transfers', { token: DEMO.apiKey })).body.data;
    expect(schedules.map((x: { description: string; status: string }) => `${x.description}: ${x.status}`).sort()).toEqual([
      'Commission (paused): paused',
      'Freight contract — Andes Logistics: requires_approval',
      'Monthly rent: active',
      'Weekly payroll: active',
      'Weekly supplier advance (underfunded): active',
    ]);
    const underfunded = schedules.find((x: { description: string }) => x.description.includes('underfunded'));
    const executions = (await t.http.get(`/v1/scheduled-transfers/${underfunded.id}/executions`, { token: DEMO.apiKey })).body.data;
    expect(executions.map((e: { status: string; error: { code: string } }) => `${e.status}:${e.error?.code}`)).toEqual([
      'retrying:insufficient_funds',
      'failed:insufficient_funds',
    ]);

    const agents = (await t.http.get('/v1/agents', { token: DEMO.apiKey })).body.data;
    expect(agents.map((a: { name: string; status: string; kyaTier: number }) => `${a.name}: ${a.status} T${a.kyaTier}`).sort()).toEqual([
      'Compliance Sentinel: suspended T1',
      'Invoice Bot: active T1',
      'Onboarding Scout: active T0',
      'Payroll Autopilot: active T2',
      'Treasury Manager: active T3',
    ]);
    const bot = agents.find((a: { name: string }) => a.name === 'Invoice Bot');
    const activity = (await t.http.get(`/v1/agents/${bot.id}/activity`, { token: DEMO.apiKey })).body.data;
    expect(activity.map((e: { result: string; errorCode: string | null }) => `${e.result}:${e.errorCode}`).sort()).toEqual([
      'refused:limit_exceeded',
      'succeeded:null',
    ]);

    const streams = (await t.http.get('/v1/streams', { token: DEMO.apiKey })).body.data;
    expect(streams.map((x: { status: string; health: string }) => `${x.status}/${x.health}`).sort()).toEqual([
      'active/critical',
      'active/healthy',
      'active/warning',
      'depleted/critical',
      'paused/healthy',
      'requires_approval/healthy',
    ]);

    const transfers = await t.http.get('/v1/transfers?limit=100', { token: DEMO.apiKey });
    const statuses = new Set(transfers.body.data.map((x: { status: string }) => x.status));
    expect([...statuses].sort()).toEqual(['cancelled', 'completed', 'denied', 'failed', 'pending', 'requires_approval', 'returned']);
    const returned = transfers.body.data.find((x: { status: string }) => x.status === 'returned');
    expect(returned.returnDetails).toMatchObject({ code: 'name_mismatch' });
    const rails = new Set(
      transfers.body.data
        .filter((x: { type: string }) => x.type === 'payout')
        .map((x: { destinationCurrency: string }) => x.destinationCurrency),
    );
    expect([...rails].sort()).toEqual(['ARS', 'BRL', 'COP', 'MXN', 'USD', 'USDC']);

    // Four weeks of history before today: the home page's 30-day chart has a bar on every one of those days.
    const overview = (await t.http.get('/v1/reports/overview', { token: DEMO.apiKey })).body.data;
    const activeDays = overview.volume.filter((d: { count: number }) => d.count > 0).length;
    expect(activeDays).toBeGreaterThanOrEqual(28);

    // The review queue: one active item of each risk level — two a rule's findings on TechCorp's approved
    // transfer (the high one assigned to the owner), two people's flags — and the test environment's rules.
    const reviewStats = (await t.http.get('/v1/reviews/stats', { token: DEMO.apiKey })).body.data;
    expect(reviewStats.activeByRiskLevel).toEqual({ low: 1, medium: 1, high: 1, critical: 1 });
    const reviews = (await t.http.get('/v1/reviews?limit=100', { token: DEMO.apiKey })).body.data;
    expect(
      reviews.map((r: { riskLevel: string; ruleId: string | null; status: string }) => `${r.riskLevel}:${r.ruleId}:${r.status}`).sort(),
    ).toEqual(['critical:null:open', 'high:amount_threshold:in_review', 'low:null:open', 'medium:velocity:open']);
    const rules = (await t.http.get('/v1/risk-rules', { token: DEMO.apiKey })).body.data.rules;
    expect(rules.filter((r: { enabled: boolean }) => r.enabled).map((r: { id: string; action: string }) => `${r.id}:${r.action}`)).toEqual([
      'amount_threshold:review',
      'structuring:flag',
    ]);

    const verification = await t.http.get('/v1/ledger/verification', { token: login.body.data.session.accessToken });
    expect(verification.body.data.ok).toBe(true);
  });

  it('answers what the contracts document (the demo ids are ids too), and its key can be managed', async () => {
    await seedDemo(t.db, { isProduction: false });
    const token = (await t.http.post('/v1/auth/login', { body: { email: DEMO.email, password: DEMO.password } })).body.data.session
      .accessToken as string;
    const checks: [string, string, z.ZodType][] = [
      ['/v1/organization', token, dataOf(organizationSchema)],
      ['/v1/auth/me', token, dataOf(meSchema)],
      ['/v1/organization/team', token, listOf(memberSchema)],
      ['/v1/api-keys', token, listOf(apiKeySchema)],
      ['/v1/accounts?limit=100', DEMO.apiKey, listOf(accountSchema)],
      ['/v1/transfers?limit=100', DEMO.apiKey, listOf(transferSchema)],
      ['/v1/scheduled-transfers', DEMO.apiKey, listOf(scheduledTransferSchema)],
      ['/v1/streams', DEMO.apiKey, listOf(streamSchema)],
      ['/v1/reports/overview', DEMO.apiKey, dataOf(overviewSchema)],
    ];
    for (const [path, credential, schema] of checks) {
      const res = await t.http.get(path, { token: credential });
      expect(res.status, path).toBe(200);
      const parsed = schema.safeParse(res.body);
      expect(parsed.success ? [] : parsed.error.issues.slice(0, 3), path).toEqual([]);
    }
    const key = await t.http.get(`/v1/api-keys/${DEMO.apiKeyId}`, { token });
    expect(key.status).toBe(200);
    expect(key.body.data.id).toBe(DEMO.apiKeyId);
  });

  it('refuses to run in production', async () => {
    await expect(seedDemo(t.db, { isProduction: true })).rejects.toThrow(/production/);
  });
});
