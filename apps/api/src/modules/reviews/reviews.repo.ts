import type { ActorType, ReviewStatus, RiskAction, RiskLevel, RiskRuleId, Role, TransferStatus } from '@payos/contracts';
import type { Environment, Queryable } from '@payos/db';
import type { Currency } from '@payos/money';
import { afterCursor, type Cursor } from '../../core/cursor.js';

/* The SQL of the review queue: review items, their notes, and what their evidence shows. */

type Scope = { tenantId: string; environment: Environment };

export type ReviewItemRow = {
  id: string;
  source: 'rule' | 'manual';
  rule_id: RiskRuleId | null;
  action: RiskAction | null;
  risk_level: RiskLevel;
  status: ReviewStatus;
  account_id: string | null;
  transfer_id: string | null;
  reason: string;
  description: string | null;
  evidence: Record<string, unknown>;
  assignee_id: string | null;
  assignee_name: string | null;
  due_at: Date;
  escalated_at: Date | null;
  resolved_at: Date | null;
  resolved_by_id: string | null;
  resolved_by_name: string | null;
  resolution_note: string | null;
  created_by_type: ActorType;
  created_by_id: string | null;
  created_by_name: string | null;
  created_at: Date;
  updated_at: Date;
};

const COLUMNS = `id, source, rule_id, action, risk_level, status, account_id, transfer_id, reason, description, evidence, assignee_id,
  assignee_name, due_at, escalated_at, resolved_at, resolved_by_id, resolved_by_name, resolution_note, created_by_type, created_by_id,
  created_by_name, created_at, updated_at`;

/**
 * Inserts review items in one statement (a batch of transfers writes its own together). Timestamps and
 * evidence travel as text: the drivers disagree on how to encode Date[] and jsonb[] parameters.
 */
export async function insertReviewItems(tx: Queryable, scope: Scope, rows: readonly ReviewItemRow[]): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof ReviewItemRow>(key: K) => rows.map((r) => r[key]);
  const time = (value: Date | null) => value?.toISOString() ?? null;
  await tx.query(
    `INSERT INTO review_items (tenant_id, environment, id, source, rule_id, action, risk_level, status, account_id, transfer_id, reason,
                               description, evidence, assignee_id, assignee_name, due_at, escalated_at, resolved_at, resolved_by_id,
                               resolved_by_name, resolution_note, created_by_type, created_by_id, created_by_name, created_at, updated_at)
     SELECT $1, $2, r.id, r.source, r.rule_id, r.action, r.risk_level, r.status, r.account_id, r.transfer_id, r.reason, r.description,
            r.evidence::jsonb, r.assignee_id, r.assignee_name, r.due_at::timestamptz, r.escalated_at::timestamptz, r.resolved_at::timestamptz,
            r.resolved_by_id, r.resolved_by_name, r.resolution_note, r.created_by_type, r.created_by_id, r.created_by_name,
            r.created_at::timestamptz, r.updated_at::timestamptz
       FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::uuid[], $10::uuid[], $11::text[], $12::text[],
                   $13::text[], $14::uuid[], $15::text[], $16::text[], $17::text[], $18::text[], $19::uuid[], $20::text[], $21::text[],
                   $22::text[], $23::uuid[], $24::text[], $25::text[], $26::text[])
            AS r (id, source, rule_id, action, risk_level, status, account_id, transfer_id, reason, description, evidence, assignee_id,
                  assignee_name, due_at, escalated_at, resolved_at, resolved_by_id, resolved_by_name, resolution_note, created_by_type,
                  created_by_id, created_by_name, created_at, updated_at)`,
    [
      scope.tenantId,
      scope.environment,
      column('id'),
      column('source'),
      column('rule_id'),
      column('action'),
      column('risk_level'),
      column('status'),
      column('account_id'),
      column('transfer_id'),
      column('reason'),
      column('description'),
      rows.map((r) => JSON.stringify(r.evidence)),
      column('assignee_id'),
      column('assignee_name'),
      rows.map((r) => time(r.due_at)),
      rows.map((r) => time(r.escalated_at)),
      rows.map((r) => time(r.resolved_at)),
      column('resolved_by_id'),
      column('resolved_by_name'),
      column('resolution_note'),
      column('created_by_type'),
      column('created_by_id'),
      column('created_by_name'),
      rows.map((r) => time(r.created_at)),
      rows.map((r) => time(r.updated_at)),
    ],
  );
}

export async function findItem(tx: Queryable, id: string, lock = false): Promise<ReviewItemRow | undefined> {
  const [row] = await tx.query<ReviewItemRow>(`SELECT ${COLUMNS} FROM review_items WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return row;
}

/** The items of a transfer, in id order (their lock order when `lock`). */
export function itemsOfTransfer(tx: Queryable, transferId: string, lock = false): Promise<ReviewItemRow[]> {
  return tx.query<ReviewItemRow>(`SELECT ${COLUMNS} FROM review_items WHERE transfer_id = $1 ORDER BY id${lock ? ' FOR UPDATE' : ''}`, [
    transferId,
  ]);
}

export type ReviewFilter = {
  status?: ReviewStatus;
  riskLevel?: RiskLevel;
  ruleId?: RiskRuleId;
  accountId?: string;
  transferId?: string;
  assigneeId?: string;
  dueBefore?: Date;
};

export function listItems(tx: Queryable, f: ReviewFilter, page: { limit: number; cursor?: Cursor }): Promise<ReviewItemRow[]> {
  const [before, beforeId] = afterCursor(page.cursor);
  return tx.query<ReviewItemRow>(
    `SELECT ${COLUMNS} FROM review_items
      WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR risk_level = $2) AND ($3::text IS NULL OR rule_id = $3)
        AND ($4::uuid IS NULL OR account_id = $4) AND ($5::uuid IS NULL OR transfer_id = $5) AND ($6::uuid IS NULL OR assignee_id = $6)
        AND ($7::timestamptz IS NULL OR due_at < $7)
        AND (created_at, id) < ($8::timestamptz, $9::uuid)
      ORDER BY created_at DESC, id DESC LIMIT $10`,
    [
      f.status ?? null,
      f.riskLevel ?? null,
      f.ruleId ?? null,
      f.accountId ?? null,
      f.transferId ?? null,
      f.assigneeId ?? null,
      f.dueBefore ?? null,
      before,
      beforeId,
      page.limit + 1,
    ],
  );
}

/** Writes an item's changeable columns as given (the caller holds its row lock). */
export async function updateItem(
  tx: Queryable,
  row: Pick<
    ReviewItemRow,
    | 'id'
    | 'status'
    | 'assignee_id'
    | 'assignee_name'
    | 'escalated_at'
    | 'resolved_at'
    | 'resolved_by_id'
    | 'resolved_by_name'
    | 'resolution_note'
    | 'updated_at'
  >,
): Promise<void> {
  await tx.query(
    `UPDATE review_items SET status = $2, assignee_id = $3, assignee_name = $4, escalated_at = $5, resolved_at = $6, resolved_by_id = $7,
                             resolved_by_name = $8, resolution_note = $9, updated_at = $10
      WHERE id = $1`,
    [
      row.id,
      row.status,
      row.assignee_id,
      row.assignee_name,
      row.escalated_at,
      row.resolved_at,
      row.resolved_by_id,
      row.resolved_by_name,
      row.resolution_note,
      row.updated_at,
    ],
  );
}

export type NoteRow = { id: string; review_id: string; author_id: string; author_name: string; body: string; created_at: Date };

export async function insertNote(tx: Queryable, scope: Scope, n: NoteRow): Promise<void> {
  await tx.query(
    `INSERT INTO review_notes (tenant_id, environment, id, review_id, author_id, author_name, body, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [scope.tenantId, scope.environment, n.id, n.review_id, n.author_id, n.author_name, n.body, n.created_at],
  );
}

/** An item's latest 100 notes, oldest first. */
export function notesOf(tx: Queryable, reviewId: string): Promise<NoteRow[]> {
  return tx.query<NoteRow>(
    `SELECT id, review_id, author_id, author_name, body, created_at
       FROM (SELECT seq, id, review_id, author_id, author_name, body, created_at FROM review_notes
              WHERE review_id = $1 ORDER BY seq DESC LIMIT 100) n
      ORDER BY seq`,
    [reviewId],
  );
}

export type RecentTransferRow = {
  id: string;
  type: 'internal' | 'payout';
  status: TransferStatus;
  from_account_id: string;
  to_account_id: string | null;
  payment_method_id: string | null;
  amount: string;
  currency: Currency;
  destination_currency: Currency | null;
  created_at: Date;
};

/** An account's last `limit` transfers, sent or received (two index scans, merged). */
export function recentTransfers(tx: Queryable, accountId: string, limit: number): Promise<RecentTransferRow[]> {
  const columns = `id, type, status, from_account_id, to_account_id, payment_method_id, amount::text, currency, destination_currency, created_at`;
  return tx.query<RecentTransferRow>(
    `SELECT * FROM (
       (SELECT ${columns} FROM transfers WHERE from_account_id = $1 ORDER BY created_at DESC LIMIT $2)
       UNION
       (SELECT ${columns} FROM transfers WHERE to_account_id = $1 ORDER BY created_at DESC LIMIT $2)) t
      ORDER BY created_at DESC, id DESC LIMIT $2`,
    [accountId, limit],
  );
}

export type StatsRow = { status: ReviewStatus; risk_level: RiskLevel; n: number; overdue: number };

export function stats(tx: Queryable, now: Date): Promise<StatsRow[]> {
  return tx.query<StatsRow>(
    `SELECT status, risk_level, count(*)::int AS n,
            (count(*) FILTER (WHERE status IN ('open', 'in_review', 'escalated') AND due_at < $1))::int AS overdue
       FROM review_items GROUP BY status, risk_level`,
    [now],
  );
}

export type MemberRow = { id: string; name: string; role: Role };

/** An active user of the tenant (RLS: users are the tenant's, in both environments). */
export async function findMember(tx: Queryable, id: string): Promise<MemberRow | undefined> {
  const [row] = await tx.query<MemberRow>(`SELECT id, name, role FROM users WHERE id = $1 AND status = 'active'`, [id]);
  return row;
}
