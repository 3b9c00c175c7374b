import { type Database, openDatabase, type Row, withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { openAccount, ratesDown, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import { buildApp, createKey, isRealPostgres, signup, testClock } from '../../../../../tests/harness.js';
import { runDueSchedules } from './schedules.service.js';

const DAY_MS = 24 * 60 * 60 * 1000;
// 1 March 2026, 12:00 UTC — 06:00 in Mexico City, 09:00 in São Paulo.
const t = testApp({ clock: testClock(new Date('2026-03-01T12:00:00Z')) });
const tenant = tenantWithKey(t, 'schedules');

const run = (db: Database = t.db) => runDueSchedules(db, t.deps);

const account = (name: string, funds?: string) => openAccount(t.http, tenant.key, { name, tier: 3, funds });

const available = async (id: string) =>
  (await t.http.get(`/v1/accounts/${id}/balances`, { token: tenant.key })).body.data.balances.find(
    (b: { currency: string }) => b.currency === 'USDC',
  )?.available as string | undefined;

const schedule = (body: Record<string, unknown>, token = tenant.key) =>
  t.http.post('/v1/scheduled-transfers', { token, body: { amount: '10.00', currency: 'USDC', frequency: 'weekly', ...body } });

const today = () => t.clock.now().toISOString().slice(0, 10);

describe('scheduled transfers', () => {
  it('creates a monthly schedule on day 31 with its next run and upcoming dates in its time zone', async () => {
    const [a, b] = [await account('Rent payer', '1000.00'), await account('Landlord')];
    const res = await schedule({
      fromAccountId: a,
      toAccountId: b,
      frequency: 'monthly',
      startDate: '2026-03-31',
      dayOfMonth: 31,
      timezone: 'America/Mexico_City',
      description: 'Rent',
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      status: 'active',
      frequency: 'monthly',
      dayOfMonth: 31,
      nextRunAt: '2026-03-31T06:00:00.000Z',
      upcomingRuns: ['2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30', '2026-07-31'],
      occurrencesRun: 0,
      amount: '10.000000',
    });
    const preview = await t.http.get('/v1/scheduled-transfers/preview?frequency=monthly&startDate=2027-12-31&timezone=UTC', {
      token: tenant.key,
    });
    expect(preview.body.data.upcomingRuns).toEqual(['2027-12-31', '2028-01-31', '2028-02-29', '2028-03-31', '2028-04-30']);
  });

  it('refuses what makes no sense, with the parameter at fault, and writes nothing', async () => {
    const [a, b] = [await account('Refusals A'), await account('Refusals B')];
    const before = (await t.http.get(`/v1/scheduled-transfers?accountId=${a}`, { token: tenant.key })).body.data.length;
    const cases = [
      [{ fromAccountId: a, toAccountId: b, startDate: today(), timezone: 'Mars/Olympus' }, 400, 'timezone'],
      [{ fromAccountId: a, toAccountId: b, startDate: '2026-02-01' }, 400, 'startDate'],
      [{ fromAccountId: a, toAccountId: b, startDate: '2026-02-30' }, 400, 'startDate'],
      [{ fromAccountId: a, toAccountId: b, startDate: '2026-03-02', dayOfWeek: 5 }, 400, 'dayOfWeek'], // 2 March 2026 is a Monday
      [{ fromAccountId: a, toAccountId: b, frequency: 'monthly', startDate: '2026-03-15', dayOfMonth: 31 }, 400, 'dayOfMonth'],
      [{ fromAccountId: a, toAccountId: b, startDate: '2026-03-10', endDate: '2026-03-09' }, 400, 'endDate'],
      [{ fromAccountId: a, startDate: today() }, 400, 'toAccountId'],
      [{ fromAccountId: a, toAccountId: a, startDate: today() }, 400, 'toAccountId'],
      [{ fromAccountId: a, toAccountId: b, startDate: today(), frequency: 'hourly' }, 400, 'frequency'],
      [{ fromAccountId: a, toAccountId: b, startDate: today(), amount: '-1' }, 400, 'amount'],
      [{ fromAccountId: a, toAccountId: '00000000-0000-4000-8000-000000000000', startDate: today() }, 404, 'toAccountId'],
    ] as const;
    for (const [body, status, param] of cases) {
      const res = await schedule(body);
      expect({ body, status: res.status, param: res.body.error?.param }).toEqual({ body, status, param });
    }
    expect((await t.http.get(`/v1/scheduled-transfers?accountId=${a}`, { token: tenant.key })).body.data).toHaveLength(before);
  });

  it('runs a weekly schedule for 90 simulated days: exactly 13 transfers on the right dates, once each', async () => {
    const [a, b] = [await account('Payroll', '1000.00'), await account('Contractor')];
    const created = await schedule({
      fromAccountId: a,
      toAccountId: b,
      startDate: today(),
      timezone: 'America/Sao_Paulo',
      amount: '25.00',
    });
    const id = created.body.data.id as string;
    for (let day = 0; day < 90; day++) {
      await run();
      await run(); // a second pass on the same day finds nothing to do
      t.clock.advance(DAY_MS);
    }
    const executions = (await t.http.get(`/v1/scheduled-transfers/${id}/executions?limit=100`, { token: tenant.key })).body.data as {
      occurrenceDate: string;
      status: string;
      transferId: string;
    }[];
    const dates = executions.map((e) => e.occurrenceDate).reverse();
    expect(dates).toEqual(
      Array.from({ length: 13 }, (_, k) => new Date(Date.parse('2026-03-01') + k * 7 * DAY_MS).toISOString().slice(0, 10)),
    );
    expect(executions.every((e) => e.status === 'succeeded' && e.transferId)).toBe(true);
    expect(new Set(executions.map((e) => e.transferId)).size).toBe(13);
    expect(await available(a)).toBe('675.000000');
    expect(await available(b)).toBe('325.000000');
    const detail = (await t.http.get(`/v1/scheduled-transfers/${id}`, { token: tenant.key })).body.data;
    expect(detail).toMatchObject({ occurrencesRun: 13, status: 'active' });
    expect(detail.recentExecutions).toHaveLength(10);
  });

  it('records a failing occurrence and retries it after 24 h, 48 h and 96 h, then fails it; the schedule moves on', async () => {
    const [a, b] = [await account('Broke'), await account('Waiting')];
    const created = await schedule({ fromAccountId: a, toAccountId: b, startDate: today(), frequency: 'monthly', amount: '50.00' });
    const id = created.body.data.id as string;
    await run();
    const executions = async () => (await t.http.get(`/v1/scheduled-transfers/${id}/executions`, { token: tenant.key })).body.data;
    const [first] = await executions();
    expect(first).toMatchObject({ status: 'retrying', attempts: 1, error: { code: 'insufficient_funds' }, transferId: null });
    expect(Date.parse(first.nextAttemptAt) - t.clock.now().getTime()).toBe(DAY_MS);
    const schedule1 = (await t.http.get(`/v1/scheduled-transfers/${id}`, { token: tenant.key })).body.data;
    expect(schedule1.occurrencesRun).toBe(1);
    expect(schedule1.upcomingRuns[0]).not.toBe(today()); // moved on to next month

    for (const [hours, attempts] of [
      [24, 2],
      [48, 3],
      [96, 4],
    ] as const) {
      t.clock.advance(hours * 60 * 60 * 1000 - 1000);
      await run();
      expect((await executions())[0].attempts).toBe(attempts - 1); // not due yet
      t.clock.advance(1000);
      await run();
      expect((await executions())[0].attempts).toBe(attempts);
    }
    const [last] = await executions();
    expect(last).toMatchObject({ status: 'failed', attempts: 4, nextAttemptAt: null, error: { code: 'insufficient_funds' } });
    t.clock.advance(200 * DAY_MS);
    await run();
    expect((await executions()).filter((e: { occurrenceDate: string }) => e.occurrenceDate === last.occurrenceDate)).toHaveLength(1);
  });

  it("an FX outage is not the occurrence's fault: nothing is recorded, the next pass runs it; run-now answers 503", async () => {
    const [a, b] = [await account('Peso payer'), await account('Peso payee')];
    await t.http.post('/v1/deposits', { token: tenant.key, body: { accountId: a, amount: '100.00', currency: 'MXN' } });
    const created = await schedule({
      fromAccountId: a,
      toAccountId: b,
      startDate: today(),
      frequency: 'once',
      amount: '5.00',
      currency: 'MXN',
    });
    const id = created.body.data.id as string;
    const executions = async () => (await t.http.get(`/v1/scheduled-transfers/${id}/executions`, { token: tenant.key })).body.data;

    const down = buildApp(t.db, { fx: ratesDown(), clock: t.clock });
    expect((await down.http.post(`/v1/scheduled-transfers/${id}/run-now`, { token: tenant.key })).body.error).toMatchObject({
      code: 'rates_unavailable',
    });
    await expect(runDueSchedules(t.db, down.deps)).rejects.toMatchObject({ code: 'rates_unavailable' });
    expect(await executions()).toEqual([]);

    await run();
    expect(await executions()).toMatchObject([{ status: 'succeeded', attempts: 1, error: null }]);
  });

  it('a retry succeeds once the money is there', async () => {
    const [a, b] = [await account('Late payer'), await account('Patient payee')];
    const created = await schedule({ fromAccountId: a, toAccountId: b, startDate: today(), frequency: 'once', amount: '5.00' });
    await run();
    await t.http.post('/v1/deposits', { token: tenant.key, body: { accountId: a, amount: '5.00', currency: 'USDC' } });
    t.clock.advance(DAY_MS);
    await run();
    const [execution] = (await t.http.get(`/v1/scheduled-transfers/${created.body.data.id}/executions`, { token: tenant.key })).body.data;
    expect(execution).toMatchObject({ status: 'succeeded', attempts: 2, error: null });
    expect(await available(b)).toBe('5.000000');
    expect((await t.http.get(`/v1/scheduled-transfers/${created.body.data.id}`, { token: tenant.key })).body.data).toMatchObject({
      status: 'completed',
      nextRunAt: null,
      upcomingRuns: [],
    });
  });

  it('pauses, skips the dates missed while paused, resumes, runs now, and cancels', async () => {
    const [a, b] = [await account('Pauser', '100.00'), await account('Pausee')];
    const id = (await schedule({ fromAccountId: a, toAccountId: b, startDate: today(), frequency: 'daily', amount: '1.00' })).body.data.id;
    const post = (action: string) => t.http.post(`/v1/scheduled-transfers/${id}/${action}`, { token: tenant.key });
    expect((await post('pause')).body.data).toMatchObject({ status: 'paused', nextRunAt: null });
    expect((await post('pause')).body.error).toMatchObject({ code: 'invalid_state' });
    t.clock.advance(3 * DAY_MS);
    await run();
    const resumed = (await post('resume')).body.data;
    expect(resumed).toMatchObject({ status: 'active' });
    expect(resumed.upcomingRuns[0]).toBe(today());
    const now = await post('run-now');
    expect(now.status).toBe(201);
    expect(now.body.data).toMatchObject({ kind: 'manual', status: 'succeeded', attempts: 1 });
    await run();
    expect(await available(b)).toBe('2.000000'); // run-now + today's; nothing for the paused days
    expect((await post('cancel')).body.data).toMatchObject({ status: 'cancelled', nextRunAt: null, upcomingRuns: [] });
    expect((await post('resume')).body.error).toMatchObject({ code: 'invalid_state' });
    expect((await post('run-now')).body.error).toMatchObject({ code: 'invalid_state' });
  });

  it('is invisible to another tenant and to the live environment (404)', async () => {
    const [a, b] = [await account('Private A'), await account('Private B')];
    const id = (await schedule({ fromAccountId: a, toAccountId: b, startDate: today() })).body.data.id;
    const other = await signup(t.http, 'schedules-other');
    const live = (await createKey(t.http, await tenant.userToken(), 'live')).key;
    for (const token of [other.token, live]) {
      expect((await t.http.get(`/v1/scheduled-transfers/${id}`, { token })).status).toBe(404);
      expect((await t.http.get(`/v1/scheduled-transfers/${id}/executions`, { token })).status).toBe(404);
      for (const action of ['pause', 'cancel', 'run-now'])
        expect((await t.http.post(`/v1/scheduled-transfers/${id}/${action}`, { token })).status).toBe(404);
      expect((await schedule({ fromAccountId: a, toAccountId: b, startDate: today() }, token)).status).toBe(404);
    }
    expect((await t.http.get(`/v1/scheduled-transfers/${id}`, { token: tenant.key })).body.data.status).toBe('active');
  });

  it('a runner that dies mid-occurrence leaves nothing half-done; the next pass does it exactly once', async () => {
    const [a, b] = [await account('Crash payer', '100.00'), await account('Crash payee')];
    const id = (await schedule({ fromAccountId: a, toAccountId: b, startDate: today(), frequency: 'once', amount: '7.00' })).body.data.id;
    // A database whose connection "drops" when the transfer row is written.
    const dying: Database = {
      ...t.db,
      transaction: (fn, options) =>
        t.db.transaction(
          (tx) =>
            fn({
              ...tx,
              query: (text, params) =>
                text.includes('INSERT INTO transfers') ? Promise.reject(new Error('connection terminated')) : tx.query(text, params),
            }),
          options,
        ),
    };
    await expect(run(dying)).rejects.toThrow('connection terminated');
    expect((await t.http.get(`/v1/scheduled-transfers/${id}/executions`, { token: tenant.key })).body.data).toHaveLength(0);
    expect(await available(a)).toBe('100.000000');
    await run();
    await run();
    const executions = (await t.http.get(`/v1/scheduled-transfers/${id}/executions`, { token: tenant.key })).body.data;
    expect(executions).toHaveLength(1);
    expect(executions[0]).toMatchObject({ status: 'succeeded' });
    expect(await available(b)).toBe('7.000000');
  });
});

describe.runIf(isRealPostgres)('schedule runners racing (PostgreSQL)', () => {
  it('a runner whose connection is killed mid-occurrence (pg_terminate_backend) loses nothing and doubles nothing', async () => {
    await run();
    const [a, b] = [await account('Killed payer', '100.00'), await account('Killed payee')];
    const id = (await schedule({ fromAccountId: a, toAccountId: b, startDate: today(), frequency: 'once', amount: '9.00' })).body.data.id;
    const runnerDb = await openDatabase({ databaseUrl: t.url, poolSize: 1 });
    const killed: Database = {
      ...runnerDb,
      transaction: (fn, options) =>
        runnerDb.transaction(
          (tx) =>
            fn({
              ...tx,
              query: async <T extends Row>(text: string, params?: readonly unknown[]): Promise<T[]> => {
                if (!text.includes('INSERT INTO transfers')) return tx.query<T>(text, params);
                // The backend is busy in a statement when it is killed, and nothing is sent on the
                // connection afterwards: exactly a process whose database connection dies mid-work.
                const [self] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
                const busy = tx.query<T>('SELECT pg_sleep(30)');
                busy.catch(() => {});
                await withOwner(t.db, (admin) => admin.query('SELECT pg_terminate_backend($1)', [self?.pid]));
                return busy;
              },
            }),
          options,
        ),
    };
    await expect(runDueSchedules(killed, t.deps)).rejects.toThrow();
    await runnerDb.close().catch(() => {});
    expect((await t.http.get(`/v1/scheduled-transfers/${id}/executions`, { token: tenant.key })).body.data).toHaveLength(0);
    await run();
    await run();
    const executions = (await t.http.get(`/v1/scheduled-transfers/${id}/executions`, { token: tenant.key })).body.data;
    expect(executions.map((e: { status: string }) => e.status)).toEqual(['succeeded']);
    expect(await available(a)).toBe('91.000000');
    expect(await available(b)).toBe('9.000000');
  });

  it('two runners on 200 due occurrences make 200 transfers, none twice', async () => {
    await run(); // whatever earlier tests left due
    const [a, b] = [await account('Race payer', '10000.00'), await account('Race payee')];
    for (let i = 0; i < 200; i++) {
      const res = await schedule({ fromAccountId: a, toAccountId: b, startDate: today(), frequency: 'once', amount: '1.00' });
      expect(res.status).toBe(201);
    }
    const [x, y] = await Promise.all([run(), run()]);
    expect(x + y).toBe(200);
    const [row] = await withOwner(t.db, (tx) =>
      tx.query<{ occurrences: number; transfers: number }>(
        `SELECT count(*)::int AS occurrences, count(DISTINCT o.transfer_id)::int AS transfers
           FROM schedule_occurrences o JOIN transfer_schedules s ON s.tenant_id = o.tenant_id AND s.id = o.schedule_id
          WHERE s.from_account_id = $1`,
        [a],
      ),
    );
    expect(row).toEqual({ occurrences: 200, transfers: 200 });
    expect(await available(a)).toBe('9800.000000');
    expect(await available(b)).toBe('200.000000');
  });
});
