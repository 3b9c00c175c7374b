import type { ApprovalObjectType, ApprovalStatus, ApproverRole, Role } from '@payos/contracts';
import { type Claimed, claimAndRun, type Database, type Environment, type Queryable } from '@payos/db';
import { afterCursor, type Cursor } from '../../core/cursor.js';

export type PolicyRow = {
  id: string;
  name: string;
  applies_to: 'payout' | 'internal' | 'all';
  amount_gte: string;
  initiator_types: ('user' | 'api_key' | 'agent')[];
  required_approvals: number;
  approver_role: ApproverRole;
  created_at: Date;
  updated_at: Date;
};

const POLICY_COLUMNS = `id, name, applies_to, amount_gte::text, initiator_types, required_approvals, approver_role, created_at, updated_at`;

type Scope = { tenantId: string; environment: Environment };

export async function insertPolicy(
  tx: Queryable,
  scope: Scope,
  p: Omit<PolicyRow, 'created_at' | 'updated_at'> & { now: Date },
): Promise<PolicyRow> {
  const [row] = await tx.query<PolicyRow>(
    `INSERT INTO approval_policies (tenant_id, environment, id, name, applies_to, amount_gte, initiator_types, required_approvals,
                                    approver_role, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8, $9, $10, $10) RETURNING ${POLICY_COLUMNS}`,
    [
      scope.tenantId,
      scope.environment,
      p.id,
      p.name,
      p.applies_to,
      p.amount_gte,
      p.initiator_types,
      p.required_approvals,
      p.approver_role,
      p.now,
    ],
  );
  return row as PolicyRow;
}

/** Every policy of the tenant environment, oldest first: a handful, read whole by each transfer that may match one. */
export function allPolicies(tx: Queryable): Promise<PolicyRow[]> {
  return tx.query<PolicyRow>(`SELECT ${POLICY_COLUMNS} FROM approval_policies ORDER BY created_at, id`);
}

export function listPolicies(tx: Queryable, page: { limit: number; cursor?: Cursor }): Promise<PolicyRow[]> {
  const [before, beforeId] = afterCursor(page.cursor);
  return tx.query<PolicyRow>(
    `SELECT ${POLICY_COLUMNS} FROM approval_policies
      WHERE (created_at, id) < ($1::timestamptz, $2::uuid)
      ORDER BY created_at DESC, id DESC LIMIT $3`,
    [before, beforeId, page.limit + 1],
  );
}

export async function findPolicy(tx: Queryable, id: string, lock = false): Promise<PolicyRow | undefined> {
  const [row] = await tx.query<PolicyRow>(`SELECT ${POLICY_COLUMNS} FROM approval_policies WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [
    id,
  ]);
  return row;
}

export async function updatePolicy(tx: Queryable, p: Omit<PolicyRow, 'created_at'>): Promise<PolicyRow> {
  const [row] = await tx.query<PolicyRow>(
    `UPDATE approval_policies SET name = $2, applies_to = $3, amount_gte = $4, initiator_types = $5::text[], required_approvals = $6,
                                  approver_role = $7, updated_at = $8
      WHERE id = $1 RETURNING ${POLICY_COLUMNS}`,
    [p.id, p.name, p.applies_to, p.amount_gte, p.initiator_types, p.required_approvals, p.approver_role, p.updated_at],
  );
  return row as PolicyRow;
}

export async function deletePolicy(tx: Queryable, id: string): Promise<void> {
  await tx.query('DELETE FROM approval_policies WHERE id = $1', [id]);
}

export type RequestRow = {
  id: string;
  object_type: ApprovalObjectType;
  /** Exactly one of the three, as object_type says. */
  transfer_id: string | null;
  schedule_id: string | null;
  stream_id: string | null;
  policy_id: string;
  policy_name: string;
  required_approvals: number;
  approver_role: ApproverRole;
  amount_usd: string;
  status: ApprovalStatus;
  initiated_by_type: 'user' | 'api_key' | 'agent' | 'system';
  initiated_by_id: string | null;
  initiated_by_name: string | null;
  expires_at: Date;
  decided_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

const REQUEST_COLUMNS = `id, object_type, transfer_id, schedule_id, stream_id, policy_id, policy_name, required_approvals, approver_role, amount_usd::text, status,
  initiated_by_type, initiated_by_id, initiated_by_name, expires_at, decided_at, created_at, updated_at`;

/** Inserts approval requests, set-based (a batch of internal transfers writes its own together). */
export async function insertRequests(tx: Queryable, scope: Scope, rows: readonly Omit<RequestRow, 'updated_at' | 'decided_at'>[]) {
  if (rows.length === 0) return;
  const column = <K extends keyof (typeof rows)[number]>(key: K) => rows.map((r) => r[key]);
  await tx.query(
    `INSERT INTO approval_requests (tenant_id, environment, id, object_type, transfer_id, schedule_id, stream_id, policy_id, policy_name,
                                    required_approvals, approver_role, amount_usd, status, initiated_by_type, initiated_by_id,
                                    initiated_by_name, expires_at, created_at, updated_at)
     SELECT $1, $2, r.id, r.object_type, r.transfer_id, r.schedule_id, r.stream_id, r.policy_id, r.policy_name, r.required_approvals,
            r.approver_role, r.amount_usd, r.status, r.initiated_by_type, r.initiated_by_id, r.initiated_by_name,
            r.expires_at::timestamptz, r.created_at::timestamptz, r.created_at::timestamptz
       FROM unnest($3::uuid[], $4::text[], $5::uuid[], $6::uuid[], $7::uuid[], $8::uuid[], $9::text[], $10::smallint[], $11::text[],
                   $12::numeric[], $13::text[], $14::text[], $15::uuid[], $16::text[], $17::text[], $18::text[])
            AS r (id, object_type, transfer_id, schedule_id, stream_id, policy_id, policy_name, required_approvals, approver_role,
                  amount_usd, status, initiated_by_type, initiated_by_id, initiated_by_name, expires_at, created_at)`,
    [
      scope.tenantId,
      scope.environment,
      column('id'),
      column('object_type'),
      column('transfer_id'),
      column('schedule_id'),
      column('stream_id'),
      column('policy_id'),
      column('policy_name'),
      column('required_approvals'),
      column('approver_role'),
      column('amount_usd'),
      column('status'),
      column('initiated_by_type'),
      column('initiated_by_id'),
      column('initiated_by_name'),
      // Timestamps travel as ISO strings: the drivers disagree on how to encode a Date[] parameter.
      rows.map((r) => r.expires_at.toISOString()),
      rows.map((r) => r.created_at.toISOString()),
    ],
  );
}

/** The request of a transfer; `lock` takes its row (the transfer's row lock is taken first, by the caller). */
export async function requestOfTransfer(tx: Queryable, transferId: string, lock = false): Promise<RequestRow | undefined> {
  const [row] = await tx.query<RequestRow>(
    `SELECT ${REQUEST_COLUMNS} FROM approval_requests WHERE transfer_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [transferId],
  );
  return row;
}

export async function findRequest(tx: Queryable, id: string, lock = false): Promise<RequestRow | undefined> {
  const [row] = await tx.query<RequestRow>(`SELECT ${REQUEST_COLUMNS} FROM approval_requests WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [
    id,
  ]);
  return row;
}

export type RequestFilter = {
  status: ApprovalStatus;
  objectType?: ApprovalObjectType;
  transferId?: string;
  scheduleId?: string;
  streamId?: string;
  /** Only those a user of this role may decide (the inbox); undefined: every role's. */
  role?: Role;
};

export function listRequests(tx: Queryable, f: RequestFilter, page: { limit: number; cursor?: Cursor }): Promise<RequestRow[]> {
  const [before, beforeId] = afterCursor(page.cursor);
  const roles = f.role === undefined ? null : f.role === 'owner' ? ['admin', 'owner'] : f.role === 'admin' ? ['admin'] : [];
  return tx.query<RequestRow>(
    `SELECT ${REQUEST_COLUMNS} FROM approval_requests
      WHERE status = $1 AND ($2::uuid IS NULL OR transfer_id = $2::uuid) AND ($3::text[] IS NULL OR approver_role = ANY($3::text[]))
        AND ($7::text IS NULL OR object_type = $7::text) AND ($8::uuid IS NULL OR schedule_id = $8::uuid)
        AND ($9::uuid IS NULL OR stream_id = $9::uuid)
        AND (created_at, id) < ($4::timestamptz, $5::uuid)
      ORDER BY created_at DESC, id DESC LIMIT $6`,
    [
      f.status,
      f.transferId ?? null,
      roles,
      before,
      beforeId,
      page.limit + 1,
      f.objectType ?? null,
      f.scheduleId ?? null,
      f.streamId ?? null,
    ],
  );
}

export type DecisionRow = {
  request_id: string;
  user_id: string;
  user_name: string;
  decision: 'approved' | 'denied';
  reason: string | null;
  at: Date;
};

export function decisionsOf(tx: Queryable, requestIds: string[]): Promise<DecisionRow[]> {
  if (requestIds.length === 0) return Promise.resolve([]);
  return tx.query<DecisionRow>(
    `SELECT request_id, user_id, user_name, decision, reason, at FROM approval_decisions
      WHERE request_id = ANY($1::uuid[]) ORDER BY at, user_id`,
    [requestIds],
  );
}

export async function insertDecision(tx: Queryable, scope: Scope, d: DecisionRow): Promise<void> {
  await tx.query(
    `INSERT INTO approval_decisions (tenant_id, environment, request_id, user_id, user_name, decision, reason, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [scope.tenantId, scope.environment, d.request_id, d.user_id, d.user_name, d.decision, d.reason, d.at],
  );
}

export async function setRequestStatus(tx: Queryable, id: string, status: ApprovalStatus, now: Date): Promise<void> {
  await tx.query(`UPDATE approval_requests SET status = $2, decided_at = $3, updated_at = $3 WHERE id = $1`, [id, status, now]);
}

/** A waiting transfer was cancelled (its row locked by the caller): so is its request. */
export async function cancelPendingRequest(tx: Queryable, transferId: string, now: Date): Promise<void> {
  await tx.query(
    `UPDATE approval_requests SET status = 'cancelled', decided_at = $2, updated_at = $2 WHERE transfer_id = $1 AND status = 'pending'`,
    [transferId, now],
  );
}

/** A waiting schedule or stream was cancelled by its sender (its row locked by the caller): so is its request. */
export async function cancelPendingRequestOf(tx: Queryable, object: { type: 'schedule' | 'stream'; id: string }, now: Date): Promise<void> {
  await tx.query(
    `UPDATE approval_requests SET status = 'cancelled', decided_at = $2, updated_at = $2
      WHERE ${object.type === 'schedule' ? 'schedule_id' : 'stream_id'} = $1 AND status = 'pending'`,
    [object.id, now],
  );
}

/**
 * Takes the row of a schedule or stream an expiring request decides on, unless someone holds it (a
 * decision being made): then false, and the expiry is left to that decision.
 */
export async function tryLockObject(tx: Queryable, object: { type: 'schedule' | 'stream'; id: string }): Promise<boolean> {
  const table = object.type === 'schedule' ? 'transfer_schedules' : 'streams';
  const rows = await tx.query(`SELECT id FROM ${table} WHERE id = $1 FOR UPDATE SKIP LOCKED`, [object.id]);
  return rows.length > 0;
}

/**
 * Claims the pending request that expired first, skipping `busy` ones, with FOR UPDATE SKIP LOCKED as
 * the owner role, and runs `expire` on it in its tenant (see claimAndRun). Resolves to false when none is due.
 */
export function claimExpiredRequest(
  db: Database,
  now: Date,
  busy: readonly string[],
  expire: (tx: Queryable, due: Claimed) => Promise<void>,
): Promise<boolean> {
  return claimAndRun<Claimed>(
    db,
    `SELECT tenant_id, environment, id FROM approval_requests
      WHERE status = 'pending' AND expires_at <= $1 AND id <> ALL($2::uuid[])
      ORDER BY expires_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [now, busy],
    expire,
  );
}

/** An expiry that failed is tried again later. */
export async function postponeExpiry(tx: Queryable, id: string, until: Date): Promise<void> {
  await tx.query('UPDATE approval_requests SET expires_at = $2 WHERE id = $1', [id, until]);
}

/** Opens a savepoint one expiry runs under: `rollback` undoes only what it wrote, `release` keeps it. */
export async function savepoint(tx: Queryable): Promise<{ release: () => Promise<void>; rollback: () => Promise<void> }> {
  await tx.exec('SAVEPOINT approval_expiry');
  return {
    release: () => tx.exec('RELEASE SAVEPOINT approval_expiry'),
    rollback: () => tx.exec('ROLLBACK TO SAVEPOINT approval_expiry'),
  };
}

/** Who started something, as its row records it. */
export type Initiator = { type: 'user' | 'api_key' | 'agent' | 'system'; id: string | null };

/**
 * The person behind each initiator that is not a user: an API key's creator; an agent's token holder —
 * the user who created it or last rotated its token, or, when an API key did, that key's creator.
 * Keyed by the key's or agent's id; absent when nobody is recorded (an agent from before it was).
 */
export async function peopleBehind(tx: Queryable, initiators: readonly Initiator[]): Promise<Map<string, string>> {
  const ids = (type: Initiator['type']) => [...new Set(initiators.filter((i) => i.type === type && i.id).map((i) => i.id as string))];
  const [keys, agents] = [ids('api_key'), ids('agent')];
  if (keys.length === 0 && agents.length === 0) return new Map();
  const rows = await tx.query<{ id: string; person: string | null }>(
    `SELECT id, created_by AS person FROM api_keys WHERE id = ANY($1::uuid[])
     UNION ALL
     SELECT a.id, CASE a.token_issued_to_type WHEN 'user' THEN a.token_issued_to_id ELSE k.created_by END
       FROM agents a LEFT JOIN api_keys k ON a.token_issued_to_type = 'api_key' AND k.id = a.token_issued_to_id
      WHERE a.id = ANY($2::uuid[])`,
    [keys, agents],
  );
  return new Map(rows.flatMap((r) => (r.person ? [[r.id, r.person] as const] : [])));
}
