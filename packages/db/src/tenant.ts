import type { Database, Queryable } from './client.js';

export type Environment = 'test' | 'live';
export type TenantScope = { tenantId: string; environment: Environment };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One prepared statement sets the role and the tenant (set_config(…, true) is SET LOCAL). */
const TENANT_PRELUDE =
  "SELECT set_config('role', $1, true), set_config('app.tenant_id', $2, true), set_config('app.environment', $3, true)";
const ROLE_PRELUDE = "SELECT set_config('role', $1, true)";

/**
 * The only way application code touches tenant data: one transaction, running as the
 * non-superuser application role, with app.tenant_id and app.environment set
 * transaction-locally so row-level security filters every statement.
 *
 * The settings are the transaction's prelude: on PostgreSQL BEGIN and the settings travel in one
 * message with the transaction's first statement, which does not run if they fail.
 */
export function withTenant<T>(
  db: Database,
  scope: TenantScope,
  fn: (tx: Queryable) => Promise<T>,
  options: { readOnly?: boolean } = {},
): Promise<T> {
  if (!UUID.test(scope.tenantId)) throw new Error('withTenant: tenantId must be a UUID');
  if (scope.environment !== 'test' && scope.environment !== 'live') throw new Error('withTenant: bad environment');
  const prelude = { text: TENANT_PRELUDE, params: [db.appRole, scope.tenantId, scope.environment] };
  return db.transaction(fn, { prelude, ...options });
}

/**
 * A transaction as the application role with no tenant: every table reads as empty.
 * Used only for the narrow SECURITY DEFINER lookups that must find a tenant first
 * (API key by prefix, user by e-mail, refresh token, invite token).
 */
export function withoutTenant<T>(db: Database, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(fn, { prelude: { text: ROLE_PRELUDE, params: [db.appRole] } });
}

/**
 * A transaction as the connecting (owner) role, which RLS does not restrict.
 * Only migrations, seeding and explicit cross-tenant maintenance jobs may use it.
 */
export function withOwner<T>(db: Database, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(fn);
}

export type Claimed = { tenant_id: string; environment: Environment; id: string };

/**
 * One step of a cross-tenant background job, in one transaction: claims the first due row as the
 * owner role — `claimSql` selects `tenant_id, environment, id … FOR UPDATE SKIP LOCKED`, so concurrent
 * workers never take the same row — then switches to that row's tenant under RLS and runs `fn`.
 * Resolves to false when nothing was due. If `fn` throws, the claim is released with the rollback.
 */
export function claimAndRun<T extends Claimed>(
  db: Database,
  claimSql: string,
  params: readonly unknown[],
  fn: (tx: Queryable, claimed: T) => Promise<void>,
): Promise<boolean> {
  return withOwner(db, async (tx) => {
    const [claimed] = await tx.query<T>(claimSql, params);
    if (!claimed) return false;
    await tx.query(`SELECT set_config('role', $1, true), set_config('app.tenant_id', $2, true), set_config('app.environment', $3, true)`, [
      db.appRole,
      claimed.tenant_id,
      claimed.environment,
    ]);
    await fn(tx, claimed);
    return true;
  });
}

/** Refuses to run when the application role could see across tenants. */
export async function assertAppRoleEnforcesRls(db: Database): Promise<void> {
  const rows = await db.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
    'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1',
    [db.appRole],
  );
  const role = rows[0];
  if (!role) throw new Error(`Database role "${db.appRole}" does not exist; run npm run db:migrate.`);
  if (role.rolsuper || role.rolbypassrls) {
    throw new Error(
      `Database role "${db.appRole}" is a superuser or has BYPASSRLS: row-level security would not isolate tenants. Refusing to start.`,
    );
  }
}
