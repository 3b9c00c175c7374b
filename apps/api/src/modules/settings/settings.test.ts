import { DEFAULT_SETTINGS } from '@payos/contracts';
import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { openAccount, testApp } from '../../../../../tests/fixtures.js';
import { addMember, createKey, isRealPostgres, signup, testClock } from '../../../../../tests/harness.js';
import { runDueSchedules } from '../schedules/schedules.service.js';

/** What a test environment that never changed anything has: no cooling-off there. */
const TEST_DEFAULTS = { ...DEFAULT_SETTINGS, controls: { ...DEFAULT_SETTINGS.controls, coolingOffHours: 0 } };

const HOUR_MS = 3600_000;
const t = testApp({ clock: testClock(new Date('2026-03-01T12:00:00Z')) });
const settings = (token: string, environment?: 'test' | 'live') => t.http.get('/v1/organization/settings', { token, environment });
const change = (token: string, body: unknown, environment?: 'test' | 'live') =>
  t.http.patch('/v1/organization/settings', { token, body, environment });
const audits = async (token: string) =>
  (await t.http.get('/v1/audit-events?action=organization.settings_updated', { token })).body.data as {
    changes: { before: Record<string, unknown>; after: Record<string, unknown> };
    objectId: string;
  }[];

describe('organization settings', () => {
  it('reads the defaults until something is changed, for users of any role and API keys', async () => {
    const owner = await signup(t.http, 'settings-defaults');
    const viewer = await addMember(t.http, owner.token, 'viewer');
    const key = (await createKey(t.http, owner.token)).key;
    for (const token of [owner.token, viewer.token, key]) {
      const res = await settings(token);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ environment: 'test', ...TEST_DEFAULTS, updatedAt: null });
    }
    // Setting what already is changes nothing, and says so: no audit event, never changed.
    const same = await change(owner.token, { refunds: { windowDays: 90 }, locale: 'en-US' });
    expect(same.body.data).toEqual({ environment: 'test', ...TEST_DEFAULTS, updatedAt: null });
    expect((await settings(owner.token)).body.data.updatedAt).toBeNull();
    expect(await audits(owner.token)).toHaveLength(0);
  });

  it('changes only what is sent (nested objects merged, arrays replaced), audits before and after, and a no-op writes nothing', async () => {
    const owner = await signup(t.http, 'settings-change');
    const res = await change(owner.token, {
      refunds: { windowDays: 30 },
      disputes: { autoEscalateAfterDays: 45 },
      schedules: { retry: { intervalsHours: [1, 2] } },
      locale: 'es-mx',
      timezone: 'America/Mexico_City',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      environment: 'test',
      refunds: { windowDays: 30 },
      disputes: { filingWindowDays: 120, responseWindowDays: 30, autoEscalateAfterDays: 45 },
      payoutReturns: { refundFees: true },
      schedules: { retry: { maxAttempts: 3, intervalsHours: [1, 2] } },
      controls: TEST_DEFAULTS.controls,
      lowBalanceThresholds: {},
      exports: { dateFormat: 'ISO' },
      locale: 'es-MX',
      timezone: 'America/Mexico_City',
      updatedAt: t.clock.now().toISOString(),
    });
    expect((await settings(owner.token)).body.data).toEqual(res.body.data);
    t.clock.advance(1000);
    const second = await change(owner.token, { disputes: { autoEscalateAfterDays: null }, exports: { dateFormat: 'UK' } });
    expect(second.body.data.disputes).toEqual({ filingWindowDays: 120, responseWindowDays: 30, autoEscalateAfterDays: null });
    expect(second.body.data.refunds).toEqual({ windowDays: 30 });

    const [latest, first] = await audits(owner.token);
    expect(first?.objectId).toBe(owner.tenantId);
    expect(first?.changes).toEqual({
      before: {
        'refunds.windowDays': 90,
        'disputes.autoEscalateAfterDays': null,
        'schedules.retry.intervalsHours': [24, 48, 96],
        locale: 'en-US',
        timezone: 'UTC',
      },
      after: {
        'refunds.windowDays': 30,
        'disputes.autoEscalateAfterDays': 45,
        'schedules.retry.intervalsHours': [1, 2],
        locale: 'es-MX',
        timezone: 'America/Mexico_City',
      },
    });
    expect(latest?.changes).toEqual({
      before: { 'disputes.autoEscalateAfterDays': 45, 'exports.dateFormat': 'ISO' },
      after: { 'disputes.autoEscalateAfterDays': null, 'exports.dateFormat': 'UK' },
    });
    // The same values again: 200 with the settings as they are, no audit event.
    expect((await change(owner.token, { refunds: { windowDays: 30 } })).status).toBe(200);
    expect(await audits(owner.token)).toHaveLength(2);
  });

  it('refuses what makes no sense with the parameter at fault, and writes nothing', async () => {
    const owner = await signup(t.http, 'settings-refusals');
    const cases: [unknown, string][] = [
      [{}, 'invalid_body'],
      [{ refunds: { windowDays: 0 } }, 'parameter_invalid'],
      [{ refunds: { windowDays: 366 } }, 'parameter_invalid'],
      [{ refunds: { windowDays: 1.5 } }, 'parameter_invalid'],
      [{ refunds: { windowDays: '30' } }, 'parameter_invalid'],
      [{ refunds: { windowDay: 30 } }, 'unknown_parameter'],
      [{ disputes: { responseWindowDays: null } }, 'parameter_invalid'],
      [{ schedules: { retry: { intervalsHours: [] } } }, 'parameter_invalid'],
      [{ schedules: { retry: { maxAttempts: 11 } } }, 'parameter_invalid'],
      [{ exports: { dateFormat: 'EU' } }, 'parameter_invalid'],
      [{ locale: 'not a locale' }, 'parameter_invalid'],
      [{ timezone: 'Mars/Olympus' }, 'parameter_invalid'],
      [{ environment: 'live' }, 'unknown_parameter'],
      [{ refunds: { windowDays: 30 }, updatedAt: '2026-01-01T00:00:00Z' }, 'unknown_parameter'],
    ];
    for (const [body, code] of cases) {
      const res = await change(owner.token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(`${JSON.stringify(body)} ${res.body.error.code}`).toBe(`${JSON.stringify(body)} ${code}`);
    }
    expect((await change(owner.token, { timezone: 'Mars/Olympus' })).body.error.param).toBe('timezone');
    expect((await change(owner.token, { locale: 'xx-???' })).body.error.param).toBe('locale');
    expect((await settings(owner.token)).body.data.updatedAt).toBeNull();
    expect(await audits(owner.token)).toHaveLength(0);
  });

  it('is changed by owners and admins only, never by an API key', async () => {
    const owner = await signup(t.http, 'settings-roles');
    const admin = await addMember(t.http, owner.token, 'admin');
    const member = await addMember(t.http, owner.token, 'member');
    const key = (await createKey(t.http, owner.token)).key;
    expect((await change(member.token, { refunds: { windowDays: 10 } })).body.error).toMatchObject({ code: 'insufficient_permissions' });
    expect((await change(key, { refunds: { windowDays: 10 } })).body.error).toMatchObject({ code: 'user_credentials_required' });
    expect((await change(admin.token, { refunds: { windowDays: 10 } })).status).toBe(200);
    expect((await settings(owner.token)).body.data.refunds.windowDays).toBe(10);
  });

  it('keeps money policies per environment and presentation per organization, and each tenant its own', async () => {
    const owner = await signup(t.http, 'settings-envs');
    const other = await signup(t.http, 'settings-other');
    await change(owner.token, { refunds: { windowDays: 7 }, timezone: 'America/Sao_Paulo' }, 'test');
    const live = (await settings(owner.token, 'live')).body.data;
    expect(live).toMatchObject({ environment: 'live', refunds: { windowDays: 90 }, timezone: 'America/Sao_Paulo' });
    await change(owner.token, { refunds: { windowDays: 60 } }, 'live');
    expect((await settings(owner.token, 'test')).body.data.refunds.windowDays).toBe(7);
    expect((await settings(owner.token, 'live')).body.data.refunds.windowDays).toBe(60);
    expect((await settings(other.token)).body.data).toEqual({ environment: 'test', ...TEST_DEFAULTS, updatedAt: null });
    // The live change is audited in live.
    expect(await audits(owner.token)).toHaveLength(1);
  });

  it.skipIf(!isRealPostgres)('loses no change when many are made at once', async () => {
    const owner = await signup(t.http, 'settings-race');
    const patches = [
      { refunds: { windowDays: 11 } },
      { disputes: { filingWindowDays: 12 } },
      { disputes: { responseWindowDays: 13 } },
      { disputes: { autoEscalateAfterDays: 14 } },
      { payoutReturns: { refundFees: false } },
      { schedules: { retry: { maxAttempts: 5 } } },
      { schedules: { retry: { intervalsHours: [16] } } },
      { exports: { dateFormat: 'US' } },
      { locale: 'pt-BR' },
      { timezone: 'America/Bogota' },
    ];
    const results = await Promise.all([...patches, ...patches].map((p) => change(owner.token, p)));
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    expect((await settings(owner.token)).body.data).toMatchObject({
      refunds: { windowDays: 11 },
      disputes: { filingWindowDays: 12, responseWindowDays: 13, autoEscalateAfterDays: 14 },
      payoutReturns: { refundFees: false },
      schedules: { retry: { maxAttempts: 5, intervalsHours: [16] } },
      exports: { dateFormat: 'US' },
      locale: 'pt-BR',
      timezone: 'America/Bogota',
    });
    expect(await audits(owner.token)).toHaveLength(10);
  });

  it('scheduled transfers retry as schedules.retry says', async () => {
    const owner = await signup(t.http, 'settings-schedules');
    const key = (await createKey(t.http, owner.token)).key;
    await change(owner.token, { schedules: { retry: { maxAttempts: 2, intervalsHours: [2] } } });
    const [a, b] = [await openAccount(t.http, key, { name: 'Broke', tier: 3 }), await openAccount(t.http, key, { name: 'Payee', tier: 3 })];
    const created = await t.http.post('/v1/scheduled-transfers', {
      token: key,
      body: { fromAccountId: a, toAccountId: b, amount: '5.00', currency: 'USDC', frequency: 'once', startDate: '2026-03-01' },
    });
    expect(created.status).toBe(201);
    const executions = async () =>
      (await t.http.get(`/v1/scheduled-transfers/${created.body.data.id}/executions`, { token: key })).body.data[0];
    const run = () => runDueSchedules(t.db, t.deps);
    await run();
    const first = await executions();
    expect(first).toMatchObject({ status: 'retrying', attempts: 1 });
    expect(Date.parse(first.nextAttemptAt) - t.clock.now().getTime()).toBe(2 * HOUR_MS);
    t.clock.advance(2 * HOUR_MS);
    await run();
    expect(await executions()).toMatchObject({ status: 'retrying', attempts: 2 }); // the last interval repeats
    t.clock.advance(2 * HOUR_MS);
    await run();
    expect(await executions()).toMatchObject({ status: 'failed', attempts: 3, nextAttemptAt: null });
    await withOwner(t.db, async () => {}); // the runner's transactions are done
  });
});
