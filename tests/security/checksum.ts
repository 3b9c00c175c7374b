import { type Database, withOwner } from '@payos/db';

/**
 * A checksum per table of every row a tenant owns, read as the owner role (RLS does not apply),
 * over every table of the catalog that has a tenant_id — a table added tomorrow is covered tomorrow.
 * Two things legitimately move while refused callers knock: a key's last_used_at, and an agent's
 * own activity log (every call an agent makes is recorded, refused ones too) — unless `agentId` is
 * given, in which case only that agent's rows are left out.
 */
export async function tenantChecksum(db: Database, tenantId: string, options: { agentId?: string } = {}) {
  return withOwner(db, async (tx) => {
    const tables = await tx.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY table_name`,
    );
    const sums: Record<string, string | null> = {};
    for (const { table_name: table } of tables) {
      if (table === 'agent_activity' && !options.agentId) continue;
      const [row] = await tx.query<{ sum: string | null }>(
        `SELECT md5(string_agg((to_jsonb(t) - 'last_used_at')::text, '|' ORDER BY (to_jsonb(t) - 'last_used_at')::text)) AS sum
           FROM ${table} t WHERE tenant_id = $1 ${table === 'agent_activity' ? 'AND agent_id <> $2' : 'AND $2::text IS NOT NULL'}`,
        [tenantId, options.agentId ?? ''],
      );
      sums[table] = row?.sum ?? null;
    }
    return sums;
  });
}
