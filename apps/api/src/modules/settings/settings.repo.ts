import type { Queryable } from '@payos/db';

/* Tenant settings' SQL: the environment's policy overrides, and the organization's preferences. */

export type Stored = { values: Record<string, unknown>; updatedAt: Date | null };

/** The environment's policy overrides (RLS: the caller's tenant and environment), locked with `forUpdate`. */
export async function findPolicies(tx: Queryable, forUpdate = false): Promise<Stored> {
  const [row] = await tx.query<{ policies: Record<string, unknown>; updated_at: Date }>(
    `SELECT policies, updated_at FROM tenant_policies${forUpdate ? ' FOR UPDATE' : ''}`,
  );
  // A row holding nothing (made by a change that turned out to change nothing) was never changed.
  const values = row?.policies ?? {};
  return { values, updatedAt: row && Object.keys(values).length > 0 ? row.updated_at : null };
}

/** The organization's preference overrides, locked with `forUpdate`. */
export async function findPreferences(tx: Queryable, forUpdate = false): Promise<Stored> {
  const [row] = await tx.query<{ preferences: Record<string, unknown>; preferences_updated_at: Date | null }>(
    `SELECT preferences, preferences_updated_at FROM tenants WHERE id = (SELECT app_tenant_id())${forUpdate ? ' FOR UPDATE' : ''}`,
  );
  return { values: row?.preferences ?? {}, updatedAt: row?.preferences_updated_at ?? null };
}

/** Makes sure the environment's row exists, so two changes serialize on its lock. */
export async function ensurePolicies(tx: Queryable, now: Date) {
  await tx.query(
    `INSERT INTO tenant_policies (tenant_id, environment, policies, updated_at)
     VALUES ((SELECT app_tenant_id()), (SELECT app_environment()), '{}', $1) ON CONFLICT (tenant_id, environment) DO NOTHING`,
    [now],
  );
}

export async function savePolicies(tx: Queryable, policies: Record<string, unknown>, now: Date) {
  await tx.query('UPDATE tenant_policies SET policies = $1::jsonb, updated_at = $2', [JSON.stringify(policies), now]);
}

export async function savePreferences(tx: Queryable, preferences: Record<string, unknown>, now: Date) {
  await tx.query('UPDATE tenants SET preferences = $1::jsonb, preferences_updated_at = $2 WHERE id = (SELECT app_tenant_id())', [
    JSON.stringify(preferences),
    now,
  ]);
}
