import { type Database, type Queryable, withOwner } from '@payos/db';
import { sha256Hex } from '../lib/crypto.js';
import { hashPassword } from '../lib/passwords.js';
import { createSystemAccounts } from '../modules/ledger/ledger.repo.js';
import { seedDemoBusiness } from './demo-business.js';

export const DEMO = {
  tenantId: 'aaaaaaaa-0000-0000-0000-000000000001',
  tenantName: 'Demo Fintech',
  ownerId: 'aaaaaaaa-0000-0000-0000-00000000a001',
  email: 'demo@payos.dev',
  password: 'demo-password-2025',
  ownerName: 'Demo Owner',
  /** The backend developer who created the demo key: a transfer the key starts is theirs, so the owner may approve it. */
  developerId: 'aaaaaaaa-0000-0000-0000-00000000a002',
  developerEmail: 'dev@payos.dev',
  developerName: 'Dana Developer',
  apiKeyId: 'aaaaaaaa-0000-0000-0000-00000000b001',
  apiKeyName: 'Demo test key',
  apiKey: 'pk_test_demo_fintech_key_12345',
} as const;

// Children first: the order in which the demo tenant's rows are deleted on re-seed.
const TENANT_TABLES = [
  'search_terms',
  'events',
  'review_notes',
  'review_items',
  'risk_rule_settings',
  'approval_decisions',
  'approval_requests',
  'approval_policies',
  'event_sequences',
  'stream_events',
  'streams',
  'agent_activity',
  'agents',
  'schedule_occurrences',
  'transfer_schedules',
  'refunds',
  'dispute_events',
  'disputes',
  'transfer_events',
  'transfers',
  'quotes',
  'audit_events',
  'payment_methods',
  'deposits',
  'ledger_entries',
  'ledger_transactions',
  'limit_usage',
  'balances',
  'accounts',
  'idempotency_keys',
  'api_keys',
  'invites',
  'refresh_tokens',
  'sessions',
  'users',
] as const;

async function deleteDemoTenant(tx: Queryable) {
  for (const table of TENANT_TABLES) await tx.query(`DELETE FROM ${table} WHERE tenant_id = $1`, [DEMO.tenantId]);
  await tx.query('DELETE FROM tenants WHERE id = $1', [DEMO.tenantId]);
}

/**
 * (Re)creates the demo tenant: the tenant, owner and key as the owner role — an explicit
 * maintenance job — then its customers through the API's own use-cases under RLS. It
 * refuses in production, where the well-known demo password and key must never exist.
 */
export async function seedDemo(db: Database, options: { isProduction: boolean }) {
  if (options.isProduction) throw new Error('Refusing to seed demo data with NODE_ENV=production.');
  const passwordHash = await hashPassword(DEMO.password);
  await withOwner(db, async (tx) => {
    await deleteDemoTenant(tx);
    await tx.query(`INSERT INTO tenants (id, name) VALUES ($1, $2)`, [DEMO.tenantId, DEMO.tenantName]);
    await createSystemAccounts(tx, DEMO.tenantId, new Date());
    await tx.query(`INSERT INTO users (tenant_id, id, email, name, role, password_hash) VALUES ($1, $2, $3, $4, 'owner', $5)`, [
      DEMO.tenantId,
      DEMO.ownerId,
      DEMO.email,
      DEMO.ownerName,
      passwordHash,
    ]);
    await tx.query(`INSERT INTO users (tenant_id, id, email, name, role, password_hash) VALUES ($1, $2, $3, $4, 'member', $5)`, [
      DEMO.tenantId,
      DEMO.developerId,
      DEMO.developerEmail,
      DEMO.developerName,
      passwordHash,
    ]);
    await tx.query(
      `INSERT INTO api_keys (tenant_id, id, name, environment, prefix, key_hash, created_by)
       VALUES ($1, $2, $3, 'test', $4, $5, $6)`,
      [DEMO.tenantId, DEMO.apiKeyId, DEMO.apiKeyName, DEMO.apiKey.slice(0, 20), sha256Hex(DEMO.apiKey), DEMO.developerId],
    );
  });
  await seedDemoBusiness(
    db,
    { tenantId: DEMO.tenantId, userId: DEMO.ownerId, name: DEMO.ownerName },
    { id: DEMO.apiKeyId, name: DEMO.apiKeyName },
  );
}

/** True when no tenant exists yet (a fresh data directory or database). */
export async function isEmpty(db: Database): Promise<boolean> {
  const [row] = await withOwner(db, (tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM tenants'));
  return row?.n === 0;
}

export function demoBanner(apiUrl: string): string {
  return [
    `  Demo login:    ${DEMO.email} / ${DEMO.password}`,
    `  Demo API key:  ${DEMO.apiKey} (test environment)`,
    `  Try:           curl -H "Authorization: Bearer ${DEMO.apiKey}" ${apiUrl}/v1/organization`,
  ].join('\n');
}
