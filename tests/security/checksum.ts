import { type Database, withOwner } from '@payos/db';

/**
 * Which agent_activity rows count. Every call an agent makes is logged, refused ones too, so a
 * refused call legitimately adds a row: `none` leaves the table out, `succeeded` counts calls that
 * went through, `succeededWrites` only those that could have changed something (not GETs).
 */
export type ActivityRows = 'none' | 'succeeded' | 'succeededWrites';

const ACTIVITY_FILTER: Record<Exclude<ActivityRows, 'none'>, string> = {
  succeeded: "AND result = 'succeeded'",
  succeededWrites: "AND result = 'succeeded' AND method <> 'GET'",
};

/**
 * A checksum per table of every row the given tenants own, read as the owner role (RLS does not
 * apply), over every table of the catalog that has a tenant_id — a table added tomorrow is covered
 * tomorrow. A key's last_used_at is left out: it moves with every call.
 */
export async function tenantChecksum(db: Database, tenants: string | string[], options: { activity?: ActivityRows } = {}) {
  const activity = options.activity ?? 'none';
  return withOwner(db, async (tx) => {
    const tables = await tx.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY table_name`,
    );
    const sums: Record<string, string | null> = {};
    for (const { table_name: table } of tables) {
      if (table === 'agent_activity' && activity === 'none') continue;
      const filter = table === 'agent_activity' && activity !== 'none' ? ACTIVITY_FILTER[activity] : '';
      const [row] = await tx.query<{ sum: string | null }>(
        `SELECT md5(string_agg((to_jsonb(t) - 'last_used_at')::text, '|' ORDER BY (to_jsonb(t) - 'last_used_at')::text)) AS sum
           FROM ${table} t WHERE tenant_id = ANY($1::uuid[]) ${filter}`,
        [Array.isArray(tenants) ? tenants : [tenants]],
      );
      sums[table] = row?.sum ?? null;
    }
    return sums;
  });
}
