import type { Database } from './client.js';

export type RlsProblem = { table: string; problem: string };

/**
 * Inspects the migrated catalog: every table in the application schema must have row-level
 * security enabled and forced, and a policy that compares tenant_id with app_tenant_id() in
 * both USING and WITH CHECK. The application role must not bypass RLS.
 */
export async function checkRls(db: Database, schema = 'public'): Promise<{ tablesChecked: number; problems: RlsProblem[] }> {
  const tables = await db.query<{ table: string; rls: boolean; forced: boolean; tenantPolicies: number }>(
    `SELECT c.relname AS "table",
            c.relrowsecurity AS rls,
            c.relforcerowsecurity AS forced,
            (SELECT count(*)::int FROM pg_policy p
              WHERE p.polrelid = c.oid
                AND pg_get_expr(p.polqual, p.polrelid) LIKE '%app_tenant_id()%'
                AND pg_get_expr(p.polwithcheck, p.polrelid) LIKE '%app_tenant_id()%') AS "tenantPolicies"
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
      ORDER BY c.relname`,
    [schema],
  );
  const problems: RlsProblem[] = [];
  for (const t of tables) {
    if (!t.rls) problems.push({ table: t.table, problem: 'row-level security is not enabled' });
    if (!t.forced) problems.push({ table: t.table, problem: 'row-level security is not forced (FORCE ROW LEVEL SECURITY)' });
    if (t.tenantPolicies === 0) {
      problems.push({ table: t.table, problem: 'no policy compares tenant_id with app_tenant_id() in USING and WITH CHECK' });
    }
  }
  const roles = await db.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
    'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1',
    [db.appRole],
  );
  if (!roles[0]) problems.push({ table: '-', problem: `application role ${db.appRole} does not exist` });
  else if (roles[0].rolsuper || roles[0].rolbypassrls) {
    problems.push({ table: '-', problem: `application role ${db.appRole} bypasses row-level security` });
  }
  return { tablesChecked: tables.length, problems };
}
