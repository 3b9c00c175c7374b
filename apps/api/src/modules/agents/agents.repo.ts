import type { AgentActivityResult, AgentPermission, AgentStatus, AgentType } from '@payos/contracts';
import type { Environment, Queryable } from '@payos/db';
import { afterCursor, afterSeq, type Cursor } from '../../core/cursor.js';

export type { AgentStatus, AgentType };

export type AgentRow = {
  id: string;
  account_id: string;
  name: string;
  description: string | null;
  type: AgentType;
  status: AgentStatus;
  suspended_reason: 'manual' | 'account_suspended' | null;
  kya_tier: number;
  permissions: AgentPermission[];
  limit_per_transaction: string | null;
  limit_daily: string | null;
  limit_monthly: string | null;
  token_prefix: string;
  created_at: Date;
  updated_at: Date;
};

const COLUMNS = `id, account_id, name, description, type, status, suspended_reason, kya_tier, permissions, limit_per_transaction::text,
  limit_daily::text, limit_monthly::text, token_prefix, created_at, updated_at`;

/** Who an agent's token was handed to: the user or API key that created the agent or last rotated its token. */
export type TokenHolder = { type: 'user' | 'api_key'; id: string };

export async function insertAgent(
  tx: Queryable,
  a: Omit<AgentRow, 'status' | 'suspended_reason' | 'kya_tier' | 'updated_at'> & {
    tenantId: string;
    environment: Environment;
    tokenHash: string;
    tokenIssuedTo: TokenHolder;
  },
): Promise<AgentRow> {
  const [row] = await tx.query<AgentRow>(
    `INSERT INTO agents (tenant_id, environment, id, account_id, name, description, type, status, permissions, limit_per_transaction, limit_daily,
                         limit_monthly, token_prefix, token_hash, created_at, updated_at, token_issued_to_type, token_issued_to_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8::text[], $9, $10, $11, $12, $13, $14, $14, $15, $16)
     RETURNING ${COLUMNS}`,
    [
      a.tenantId,
      a.environment,
      a.id,
      a.account_id,
      a.name,
      a.description,
      a.type,
      a.permissions,
      a.limit_per_transaction,
      a.limit_daily,
      a.limit_monthly,
      a.token_prefix,
      a.tokenHash,
      a.created_at,
      a.tokenIssuedTo.type,
      a.tokenIssuedTo.id,
    ],
  );
  return row as AgentRow;
}

export async function findAgent(tx: Queryable, id: string, lock = false): Promise<AgentRow | undefined> {
  const [row] = await tx.query<AgentRow>(
    `SELECT ${COLUMNS} FROM agents WHERE id = $1 AND status <> 'deleted'${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return row;
}

export type AgentFilter = { accountId?: string; status?: 'active' | 'suspended' };

export function listAgents(tx: Queryable, f: AgentFilter, page: { limit: number; cursor?: Cursor }) {
  return tx.query<AgentRow>(
    `SELECT ${COLUMNS} FROM agents
      WHERE status <> 'deleted' AND ($1::uuid IS NULL OR account_id = $1) AND ($2::text IS NULL OR status = $2)
        AND (created_at, id) < ($3::timestamptz, $4::uuid)
      ORDER BY created_at DESC, id DESC LIMIT $5`,
    [f.accountId ?? null, f.status ?? null, ...afterCursor(page.cursor), page.limit + 1],
  );
}

/** Updates the given columns (names are ours, never user input). */
export async function updateAgent(tx: Queryable, id: string, changes: Record<string, unknown>, now: Date): Promise<AgentRow> {
  const entries = Object.entries(changes);
  const sets = entries.map(([column], i) => `${column} = $${i + 3}${column === 'permissions' ? '::text[]' : ''}`);
  const [row] = await tx.query<AgentRow>(
    `UPDATE agents SET ${[...sets, 'updated_at = $2'].join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, now, ...entries.map(([, value]) => value)],
  );
  return row as AgentRow;
}

/** Suspends every active agent of an account (the account itself was suspended). Returns their token prefixes. */
/** The agents suspended, as they are now. */
export function suspendAgentsOf(tx: Queryable, accountId: string, now: Date): Promise<AgentRow[]> {
  return tx.query<AgentRow>(
    `UPDATE agents SET status = 'suspended', suspended_reason = 'account_suspended', updated_at = $2
      WHERE account_id = $1 AND status = 'active' RETURNING ${COLUMNS}`,
    [accountId, now],
  );
}

export type ActivityRow = {
  id: string;
  seq: string;
  method: string;
  path: string;
  action: string;
  object_id: string | null;
  status_code: number;
  result: AgentActivityResult;
  error_code: string | null;
  request_id: string | null;
  at: Date;
};

export function listActivity(
  tx: Queryable,
  agentId: string,
  f: { result?: string; action?: string },
  page: { limit: number; afterSeq?: string },
) {
  return tx.query<ActivityRow>(
    `SELECT id, seq::text, method, path, action, object_id, status_code, result, error_code, request_id, at FROM agent_activity
      WHERE agent_id = $1 AND ($2::text IS NULL OR result = $2) AND ($3::text IS NULL OR action = $3)
        AND seq < $4::bigint
      ORDER BY seq DESC LIMIT $5`,
    [agentId, f.result ?? null, f.action ?? null, afterSeq(page.afterSeq), page.limit + 1],
  );
}

export async function insertActivity(
  tx: Queryable,
  a: {
    tenantId: string;
    environment: Environment;
    id: string;
    agentId: string;
    method: string;
    path: string;
    action: string;
    objectId: string | null;
    statusCode: number;
    result: AgentActivityResult;
    errorCode: string | null;
    requestId: string | null;
    at: Date;
  },
) {
  await tx.query(
    `INSERT INTO agent_activity (tenant_id, environment, id, agent_id, method, path, action, object_id, status_code, result, error_code, request_id, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      a.tenantId,
      a.environment,
      a.id,
      a.agentId,
      a.method,
      a.path,
      a.action,
      a.objectId,
      a.statusCode,
      a.result,
      a.errorCode,
      a.requestId,
      a.at,
    ],
  );
}
