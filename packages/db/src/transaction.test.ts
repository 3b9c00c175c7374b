import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, isRealPostgres, type TestDatabase } from '../../../tests/harness.js';
import { type Database, openDatabase, parseTimestamptz } from './client.js';
import { withOwner, withTenant } from './tenant.js';

let database: TestDatabase;
const TENANT = '22222222-3333-4444-5555-666666666666';
const scope = { tenantId: TENANT, environment: 'test' as const };
/** This transaction's virtual id: different for every transaction, and held until it ends. */
const VXID = `SELECT virtualtransaction AS vxid, current_user AS role, current_setting('app.tenant_id') AS tenant
  FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'virtualxid'`;

beforeAll(async () => {
  database = await createTestDatabase();
  await withOwner(database.db, (tx) => tx.query(`INSERT INTO tenants (id, name) VALUES ($1, 'Transactions')`, [TENANT]));
});
afterAll(() => database.drop());

describe('transactions (PGlite and PostgreSQL)', () => {
  it('do not run the first statement when the prelude fails', async () => {
    const failing = database.db.transaction((tx) => tx.query(`UPDATE tenants SET name = 'Changed' WHERE id = $1`, [TENANT]), {
      prelude: { text: `SELECT set_config('role', $1, true)`, params: ['payos_no_such_role'] },
    });
    await expect(failing).rejects.toThrow(/payos_no_such_role/);
    const [row] = await withOwner(database.db, (tx) => tx.query<{ name: string }>('SELECT name FROM tenants WHERE id = $1', [TENANT]));
    expect(row?.name).toBe('Transactions');
  });

  it('report a failed read, and the next transaction reads its own tenant', async () => {
    await expect(withTenant(database.db, scope, (tx) => tx.query('SELECT 1 / 0'), { readOnly: true })).rejects.toThrow(/division by zero/);
    const secondFails = withTenant(
      database.db,
      scope,
      async (tx) => {
        await tx.query('SELECT id FROM tenants');
        return tx.query('SELECT 1 / 0');
      },
      { readOnly: true },
    );
    await expect(secondFails).rejects.toThrow(/division by zero/);
    const rows = await withTenant(database.db, scope, (tx) => tx.query('SELECT id FROM tenants'), { readOnly: true });
    expect(rows).toEqual([{ id: TENANT }]);
  });

  it('that send nothing succeed', async () => {
    await expect(withTenant(database.db, scope, async () => 'nothing', { readOnly: true })).resolves.toBe('nothing');
    await expect(withTenant(database.db, scope, async () => 'nothing')).resolves.toBe('nothing');
  });
});

describe.runIf(isRealPostgres)('one connection, many transactions (PostgreSQL)', () => {
  let single: Database;
  beforeAll(async () => {
    single = await openDatabase({ databaseUrl: database.url, poolSize: 1 });
  });
  afterAll(() => single.close());

  const read = () =>
    withTenant(single, scope, (tx) => tx.query<{ vxid: string; role: string; tenant: string; pid?: number }>(VXID), { readOnly: true });
  const backendState = async (pid: number) => {
    const [row] = await withOwner(database.db, (tx) =>
      tx.query<{ state: string }>('SELECT state FROM pg_stat_activity WHERE pid = $1', [pid]),
    );
    return row?.state;
  };

  it('reads back to back each run in their own transaction, as the application role, with their tenant', async () => {
    // The second waits for the connection and takes it as the first returns: the first's COMMIT travels with its BEGIN.
    const results = await Promise.all([read(), read(), read()]);
    const vxids = results.map(([row]) => row?.vxid);
    expect(new Set(vxids).size).toBe(3);
    for (const [row] of results) expect(row).toMatchObject({ role: 'payos_app', tenant: TENANT });
  });

  it("carry a read's COMMIT with the next transaction's first statements, and report that statement's own failure", async () => {
    // Each takes the connection as the previous returns, in the same turn: its group starts with the read's COMMIT.
    const rename = (name: string) =>
      withOwner(single, (tx) => tx.query<{ name: string }>('UPDATE tenants SET name = $2 WHERE id = $1 RETURNING name', [TENANT, name]));
    const [, renamed, failed, after] = await Promise.allSettled([
      read(),
      rename('Renamed'),
      read().then(() => withTenant(single, scope, (tx) => tx.query('SELECT 1 / 0'), { readOnly: true })),
      read(),
    ]);
    expect(renamed).toEqual({ status: 'fulfilled', value: [{ name: 'Renamed' }] });
    expect(failed).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/division by zero/) } });
    expect(after).toMatchObject({ status: 'fulfilled', value: [{ role: 'payos_app', tenant: TENANT }] });
    const [row] = await withOwner(database.db, (tx) => tx.query<{ name: string }>('SELECT name FROM tenants WHERE id = $1', [TENANT]));
    expect(row?.name).toBe('Renamed');
    await rename('Transactions');
  });

  it('do not leave an idle connection inside a transaction', async () => {
    const [row] = await withTenant(single, scope, (tx) => tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'), { readOnly: true });
    const pid = row?.pid as number;
    let state = await backendState(pid);
    for (let i = 0; i < 50 && state !== 'idle'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      state = await backendState(pid);
    }
    expect(state).toBe('idle');
  });

  it('leave no aborted transaction behind for the next user of the connection', async () => {
    await expect(withTenant(single, scope, (tx) => tx.query('SELECT 1 / 0'), { readOnly: true })).rejects.toThrow(/division by zero/);
    const swallowed = withTenant(single, scope, async (tx) => {
      await tx.query('SELECT 1 / 0').catch(() => {});
      return 'looks fine';
    });
    await expect(swallowed).rejects.toThrow(/aborted/);
    const [row] = await read();
    expect(row).toMatchObject({ role: 'payos_app', tenant: TENANT });
    const [outside] = await single.query<{ role: string; tenant: string }>(
      `SELECT current_user AS role, coalesce(current_setting('app.tenant_id', true), '') AS tenant`,
    );
    expect(outside?.tenant).toBe('');
    expect(outside?.role).not.toBe('payos_app');
  });

  it('parse each statement once per connection and reuse it', async () => {
    const text = `SELECT id FROM tenants WHERE id = $1 /* reuse probe */`;
    for (let i = 0; i < 8; i++) {
      expect(await withTenant(single, scope, (tx) => tx.query(text, [TENANT]), { readOnly: true })).toEqual([{ id: TENANT }]);
    }
    const [prepared] = await single.query<{ count: string; executions: number }>(
      `SELECT count(*)::text AS count, sum(generic_plans + custom_plans)::int AS executions FROM pg_prepared_statements WHERE statement = $1`,
      [text],
    );
    expect(prepared).toEqual({ count: '1', executions: 8 });
  });
});

describe('timestamptz text', () => {
  const pgParse = pg.types.getTypeParser(1184, 'text') as (text: string) => unknown;
  const same = (text: string) => {
    const ours = parseTimestamptz(text);
    const theirs = pgParse(text);
    if (ours instanceof Date && theirs instanceof Date) expect([text, ours.getTime()]).toEqual([text, theirs.getTime()]);
    else expect([text, ours]).toEqual([text, theirs]);
  };

  it('reads exactly what pg reads, for the forms PostgreSQL writes and for odd ones', () => {
    for (const text of [
      '2026-12-01 15:45:35.123456+00',
      '2026-12-01 15:45:35+00',
      '2026-12-01 15:45:35.1+05:30',
      '1999-01-31 23:59:59.999999-03:30:15',
      '2026-02-30 10:00:00+00',
      '0999-01-01 00:00:00+00',
      '0044-03-15 12:00:00+00 BC',
      'infinity',
      '-infinity',
      '2026-12-01 15:45:35.1234567+00',
      '2026-12-01 15:45:35.+00',
      '2026-12-01 15:45:35+1',
      '2026-12-01T15:45:35Z',
      '2026-1x-01 15:45:35+00',
    ]) {
      same(text);
    }
  });

  it('agrees with pg on random instants, fractions and offsets', () => {
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    for (let i = 0; i < 20_000; i++) {
      const at = new Date(Date.UTC(1000 + Math.floor(Math.random() * 9000), 0, 1) + Math.floor(Math.random() * 366 * 86_400_000));
      const fraction = Math.random() < 0.3 ? '' : `.${pad(Math.floor(Math.random() * 1e6), 6).slice(0, 1 + Math.floor(Math.random() * 6))}`;
      const minutes = [0, 30, 45][i % 3] as number;
      const offset = `${i % 2 ? '-' : '+'}${pad(i % 15)}${minutes ? `:${pad(minutes)}` : ''}`;
      same(
        `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}${fraction}${offset}`,
      );
    }
  });
});
