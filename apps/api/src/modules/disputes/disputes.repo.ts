import type { DisputeReason, DisputeResolution, DisputeStatus } from '@payos/contracts';
import { type Claimed, claimAndRun, type Database, type Environment, type Queryable } from '@payos/db';
import type { Currency } from '@payos/money';
import { afterCursor, type Cursor } from '../../core/cursor.js';

export type Evidence = {
  type: string;
  description: string;
  url: string | null;
  content: string | null;
  submittedBy: 'claimant' | 'respondent';
  submittedAt: string;
};
export type CounterOffer = { resolution: string; amount: string | null; notes: string | null };
type ActorType = 'user' | 'api_key' | 'agent' | 'system';

export type DisputeRow = {
  id: string;
  transfer_id: string;
  status: DisputeStatus;
  reason: DisputeReason;
  description: string;
  claimant_account_id: string;
  respondent_account_id: string;
  amount_disputed: string;
  currency: Currency;
  requested_resolution: 'full_refund' | 'partial_refund' | 'credit' | 'other' | null;
  requested_amount: string | null;
  evidence: Evidence[];
  respondent_response: string | null;
  respondent_accepted_claim: boolean | null;
  counter_offer: CounterOffer | null;
  resolution: DisputeResolution | null;
  resolution_amount: string | null;
  resolution_notes: string | null;
  refund_id: string | null;
  hold_ledger_transaction_id: string;
  due_at: Date;
  auto_escalate_at: Date | null;
  escalated_at: Date | null;
  resolved_at: Date | null;
  initiated_by_type: ActorType;
  initiated_by_id: string | null;
  initiated_by_name: string | null;
  created_at: Date;
  updated_at: Date;
};

export type DisputeEventRow = {
  dispute_id: string;
  type: 'opened' | 'responded' | 'escalated' | 'resolved';
  status: DisputeStatus;
  note: string | null;
  actor_type: ActorType;
  actor_id: string | null;
  actor_name: string | null;
  at: Date;
};

const COLUMNS = `id, transfer_id, status, reason, description, claimant_account_id, respondent_account_id, amount_disputed::text,
  currency, requested_resolution, requested_amount::text, evidence, respondent_response, respondent_accepted_claim, counter_offer,
  resolution, resolution_amount::text, resolution_notes, refund_id, hold_ledger_transaction_id, due_at, auto_escalate_at,
  escalated_at, resolved_at, initiated_by_type, initiated_by_id, initiated_by_name, created_at, updated_at`;

export async function insertDispute(tx: Queryable, scope: { tenantId: string; environment: Environment }, d: DisputeRow) {
  await tx.query(
    `INSERT INTO disputes (tenant_id, environment, id, transfer_id, status, reason, description, claimant_account_id,
                           respondent_account_id, amount_disputed, currency, requested_resolution, requested_amount, evidence,
                           hold_ledger_transaction_id, due_at, auto_escalate_at, initiated_by_type, initiated_by_id, initiated_by_name,
                           created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::text::jsonb, $15, $16, $17, $18, $19, $20, $21, $21)`,
    [
      scope.tenantId,
      scope.environment,
      d.id,
      d.transfer_id,
      d.status,
      d.reason,
      d.description,
      d.claimant_account_id,
      d.respondent_account_id,
      d.amount_disputed,
      d.currency,
      d.requested_resolution,
      d.requested_amount,
      JSON.stringify(d.evidence),
      d.hold_ledger_transaction_id,
      d.due_at,
      d.auto_escalate_at,
      d.initiated_by_type,
      d.initiated_by_id,
      d.initiated_by_name,
      d.created_at,
    ],
  );
}

/** Whether the transfer has an unresolved dispute (the unique index refuses a second one anyway). */
export async function hasOpenDispute(tx: Queryable, transferId: string): Promise<boolean> {
  const rows = await tx.query(`SELECT 1 FROM disputes WHERE transfer_id = $1 AND status <> 'resolved'`, [transferId]);
  return rows.length > 0;
}

export async function findDispute(tx: Queryable, id: string, options: { lock?: boolean } = {}): Promise<DisputeRow | undefined> {
  const [row] = await tx.query<DisputeRow>(`SELECT ${COLUMNS} FROM disputes WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`, [id]);
  return row;
}

/** Writes the changed fields of a dispute (the row is locked by the caller). */
export async function updateDispute(
  tx: Queryable,
  id: string,
  changes: Partial<
    Pick<
      DisputeRow,
      | 'status'
      | 'evidence'
      | 'respondent_response'
      | 'respondent_accepted_claim'
      | 'counter_offer'
      | 'resolution'
      | 'resolution_amount'
      | 'resolution_notes'
      | 'refund_id'
      | 'escalated_at'
      | 'resolved_at'
    >
  >,
  now: Date,
) {
  const jsonColumns = new Set(['evidence', 'counter_offer']);
  const entries = Object.entries(changes);
  const sets = entries.map(([column], i) => `${column} = $${i + 3}${jsonColumns.has(column) ? '::text::jsonb' : ''}`);
  await tx.query(`UPDATE disputes SET updated_at = $2${sets.map((s) => `, ${s}`).join('')} WHERE id = $1`, [
    id,
    now,
    ...entries.map(([column, value]) => (jsonColumns.has(column) ? (value === null ? null : JSON.stringify(value)) : value)),
  ]);
}

export async function insertDisputeEvent(
  tx: Queryable,
  scope: { tenantId: string; environment: Environment },
  e: DisputeEventRow,
): Promise<void> {
  await tx.query(
    `INSERT INTO dispute_events (tenant_id, environment, id, dispute_id, type, status, note, actor_type, actor_id, actor_name, at)
     VALUES ($1, $2, gen_random_uuid(), $3, $4, $5, $6, $7, $8, $9, $10)`,
    [scope.tenantId, scope.environment, e.dispute_id, e.type, e.status, e.note, e.actor_type, e.actor_id, e.actor_name, e.at],
  );
}

export function eventsOf(tx: Queryable, disputeIds: string[]): Promise<DisputeEventRow[]> {
  if (disputeIds.length === 0) return Promise.resolve([]);
  return tx.query<DisputeEventRow>(
    `SELECT dispute_id, type, status, note, actor_type, actor_id, actor_name, at FROM dispute_events
      WHERE dispute_id = ANY($1::uuid[]) ORDER BY seq`,
    [disputeIds],
  );
}

export type DisputeFilter = {
  status?: DisputeStatus;
  accountId?: string;
  transferId?: string;
  reason?: DisputeReason;
  /** Open or under review and due before this instant. */
  dueBefore?: Date;
  /** Not (open or under review and due before this instant). */
  notDueBefore?: Date;
};

/** Disputes, newest first: `limit + 1` rows, so the page knows whether there is more. */
export function listDisputes(tx: Queryable, f: DisputeFilter, page: { limit: number; cursor?: Cursor }): Promise<DisputeRow[]> {
  return tx.query<DisputeRow>(
    `SELECT ${COLUMNS} FROM disputes
      WHERE ($1::text IS NULL OR status = $1)
        AND ($2::uuid IS NULL OR claimant_account_id = $2 OR respondent_account_id = $2)
        AND ($3::uuid IS NULL OR transfer_id = $3)
        AND ($4::text IS NULL OR reason = $4)
        AND ($5::timestamptz IS NULL OR (status IN ('open', 'under_review') AND due_at <= $5))
        AND ($9::timestamptz IS NULL OR NOT (status IN ('open', 'under_review') AND due_at <= $9))
        AND (created_at, id) < ($6::timestamptz, $7::uuid)
      ORDER BY created_at DESC, id DESC LIMIT $8`,
    [
      f.status ?? null,
      f.accountId ?? null,
      f.transferId ?? null,
      f.reason ?? null,
      f.dueBefore ?? null,
      ...afterCursor(page.cursor),
      page.limit + 1,
      f.notDueBefore ?? null,
    ],
  );
}

export type DisputeStatsRow = {
  status: DisputeStatus;
  reason: DisputeReason;
  resolution: DisputeResolution | null;
  currency: Currency;
  disputes: number;
  amount: string;
  resolution_days: string | null;
};

/** Counts and sums by status, reason, resolution and currency (the tenant environment's every dispute). */
export function disputeStats(tx: Queryable): Promise<DisputeStatsRow[]> {
  return tx.query<DisputeStatsRow>(
    `SELECT status, reason, resolution, currency, count(*)::int AS disputes, sum(amount_disputed)::text AS amount,
            sum(extract(epoch FROM resolved_at - created_at) / 86400)::text AS resolution_days
       FROM disputes GROUP BY status, reason, resolution, currency`,
  );
}

/**
 * Claims the unresolved dispute whose auto-escalation fell due first (FOR UPDATE SKIP LOCKED, as the
 * owner role) and runs `escalate` on it in its tenant. Resolves to false when none is due.
 */
export function claimDueEscalation(db: Database, now: Date, escalate: (tx: Queryable, due: Claimed) => Promise<void>): Promise<boolean> {
  return claimAndRun<Claimed>(
    db,
    `SELECT tenant_id, environment, id FROM disputes
      WHERE status IN ('open', 'under_review') AND auto_escalate_at <= $1
      ORDER BY auto_escalate_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [now],
    escalate,
  );
}

/** Moves a dispute's hold on and off its transfer's refund_pending_amount (the transfer is locked by the caller). */
export async function reserveOnTransfer(tx: Queryable, transferId: string, delta: string, now: Date) {
  await tx.query(`UPDATE transfers SET refund_pending_amount = refund_pending_amount + $2::numeric, updated_at = $3 WHERE id = $1`, [
    transferId,
    delta,
    now,
  ]);
}

/** Opens a savepoint one escalation runs under: `rollback` undoes only what it wrote, `release` keeps it. */
export async function escalationSavepoint(tx: Queryable): Promise<{ release: () => Promise<void>; rollback: () => Promise<void> }> {
  await tx.exec('SAVEPOINT dispute_escalation');
  return {
    release: () => tx.exec('RELEASE SAVEPOINT dispute_escalation'),
    rollback: () => tx.exec('ROLLBACK TO SAVEPOINT dispute_escalation'),
  };
}

export async function rescheduleEscalation(tx: Queryable, id: string, at: Date) {
  await tx.query('UPDATE disputes SET auto_escalate_at = $2 WHERE id = $1', [id, at]);
}
