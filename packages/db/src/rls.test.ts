import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../tests/harness.js';
import { checkRls } from './rls-check.js';
import { assertAppRoleEnforcesRls, withOwner, withoutTenant, withTenant } from './tenant.js';

let database: TestDatabase;
const TENANT = '11111111-2222-3333-4444-555555555555';

beforeAll(async () => {
  database = await createTestDatabase();
  await withOwner(database.db, (tx) => tx.query(`INSERT INTO tenants (id, name) VALUES ($1, 'RLS test')`, [TENANT]));
});
afterAll(() => database.drop());

describe('check:rls', () => {
  it('passes on the migrated schema', async () => {
    const result = await checkRls(database.db);
    expect(result.problems).toEqual([]);
    expect(result.tablesChecked).toBeGreaterThanOrEqual(7);
  });

  it('fails on a table without RLS, without FORCE, or without a tenant policy', async () => {
    const db = database.db;
    await db.exec('CREATE TABLE unprotected_probe (tenant_id uuid NOT NULL, note text)');
    try {
      let problems = (await checkRls(db)).problems.filter((p) => p.table === 'unprotected_probe');
      expect(problems.map((p) => p.problem)).toEqual([
        'row-level security is not enabled',
        'row-level security is not forced (FORCE ROW LEVEL SECURITY)',
        'no policy compares tenant_id with app_tenant_id() in USING and WITH CHECK',
      ]);
      await db.exec('ALTER TABLE unprotected_probe ENABLE ROW LEVEL SECURITY');
      await db.exec('CREATE POLICY wide_open ON unprotected_probe USING (true) WITH CHECK (true)');
      problems = (await checkRls(db)).problems.filter((p) => p.table === 'unprotected_probe');
      expect(problems).toHaveLength(2);
      await db.exec('ALTER TABLE unprotected_probe FORCE ROW LEVEL SECURITY');
      await db.exec(
        'CREATE POLICY tenant_isolation ON unprotected_probe USING (tenant_id = (SELECT app_tenant_id())) WITH CHECK (tenant_id = (SELECT app_tenant_id()))',
      );
      problems = (await checkRls(db)).problems.filter((p) => p.table === 'unprotected_probe');
      expect(problems).toEqual([]);
    } finally {
      await db.exec('DROP TABLE unprotected_probe');
    }
    expect((await checkRls(db)).problems).toEqual([]);
  });
});

describe('withTenant', () => {
  it('runs as the non-superuser application role with transaction-local settings', async () => {
    const [row] = await withTenant(database.db, { tenantId: TENANT, environment: 'live' }, (tx) =>
      tx.query<{ role: string; tenant: string; env: string }>(
        `SELECT current_user AS role, current_setting('app.tenant_id') AS tenant, current_setting('app.environment') AS env`,
      ),
    );
    expect(row).toEqual({ role: 'payos_app', tenant: TENANT, env: 'live' });
    const [after] = await database.db.query<{ tenant: string | null }>(`SELECT current_setting('app.tenant_id', true) AS tenant`);
    expect(after?.tenant ?? '').toBe('');
  });

  it('sees zero rows with no tenant set, and only its own tenant otherwise', async () => {
    const none = await withoutTenant(database.db, (tx) => tx.query('SELECT id FROM tenants'));
    expect(none).toEqual([]);
    const other = await withTenant(database.db, { tenantId: '99999999-2222-3333-4444-555555555555', environment: 'test' }, (tx) =>
      tx.query('SELECT id FROM tenants'),
    );
    expect(other).toEqual([]);
    const own = await withTenant(database.db, { tenantId: TENANT, environment: 'test' }, (tx) => tx.query('SELECT id FROM tenants'));
    expect(own).toEqual([{ id: TENANT }]);
  });

  it('cannot write rows for another tenant (WITH CHECK)', async () => {
    await expect(
      withTenant(database.db, { tenantId: TENANT, environment: 'test' }, (tx) =>
        tx.query(`INSERT INTO tenants (id, name) VALUES ('99999999-0000-0000-0000-000000000000', 'Sneaky')`),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('refuses malformed tenant ids before touching SQL', () => {
    expect(() => withTenant(database.db, { tenantId: "x'; DROP TABLE users; --", environment: 'test' }, async () => 1)).toThrow(/UUID/);
  });
});

describe('transactions', () => {
  it('never report success after a statement inside them failed', async () => {
    const swallowed = database.db.transaction(async (tx) => {
      await tx.query('SELECT 1 / 0').catch(() => {});
      return 'looks fine';
    });
    await expect(swallowed).rejects.toThrow();
  });

  it('land deferred writes with the commit, and roll everything back when one fails', async () => {
    const names = () => withOwner(database.db, (tx) => tx.query<{ name: string }>(`SELECT name FROM tenants WHERE name LIKE 'Deferred%'`));
    await withOwner(database.db, async (tx) => {
      tx.defer(`INSERT INTO tenants (id, name) VALUES (gen_random_uuid(), 'Deferred ok')`);
      // Later statements see it: deferred means "not waited for", not "reordered".
      expect(await tx.query(`SELECT 1 FROM tenants WHERE name = 'Deferred ok'`)).toHaveLength(1);
    });
    const failing = withOwner(database.db, async (tx) => {
      await tx.query(`INSERT INTO tenants (id, name) VALUES (gen_random_uuid(), 'Deferred lost')`);
      tx.defer(`INSERT INTO tenants (id, name) VALUES ($1, 'Deferred duplicate')`, [TENANT]);
      return 'looks fine';
    });
    await expect(failing).rejects.toThrow(/duplicate key/);
    expect((await names()).map((r) => r.name)).toEqual(['Deferred ok']);
    expect(() => database.db.defer('SELECT 1')).toThrow(/needs a transaction/);
  });
});

describe('the application role guard', () => {
  it('accepts payos_app and refuses a superuser or BYPASSRLS role', async () => {
    await expect(assertAppRoleEnforcesRls(database.db)).resolves.toBeUndefined();
    await database.db.exec(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'payos_probe_super') THEN CREATE ROLE payos_probe_super NOLOGIN SUPERUSER; END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'payos_probe_bypass') THEN CREATE ROLE payos_probe_bypass NOLOGIN BYPASSRLS; END IF;
    END $$`);
    for (const appRole of ['payos_probe_super', 'payos_probe_bypass']) {
      const unsafe = { ...database.db, appRole };
      await expect(assertAppRoleEnforcesRls(unsafe)).rejects.toThrow(/Refusing to start/);
    }
  });
});
