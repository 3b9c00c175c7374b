import { ACTIVE_REVIEW_STATUSES, type EventType, type Review, type ReviewEvidence, type ReviewStatus } from '@payos/contracts';
import type { Queryable } from '@payos/db';
import { recordEvents } from '../events/events.service.js';
import type { ReviewItemRow } from './reviews.repo.js';

/* A review item as the API answers it, and the events that record its changes. Pure, but for recordEvents. */

export const isActive = (status: ReviewStatus) => (ACTIVE_REVIEW_STATUSES as readonly ReviewStatus[]).includes(status);

/** Whether deciding the item decides its transfer: a rule's `review` item still to be worked on. */
export const holdsTransfer = (row: Pick<ReviewItemRow, 'action' | 'transfer_id' | 'status'>) =>
  row.action === 'review' && row.transfer_id !== null && isActive(row.status);

const EMPTY_EVIDENCE: ReviewEvidence = { figures: {}, message: null, transfer: null, hits: [], evaluatedAt: null };

export function presentReview(row: ReviewItemRow, now: Date): Review {
  return {
    id: row.id,
    status: row.status,
    source: row.source,
    ruleId: row.rule_id,
    action: row.action,
    riskLevel: row.risk_level,
    reason: row.reason,
    description: row.description,
    accountId: row.account_id,
    transferId: row.transfer_id,
    holdsTransfer: holdsTransfer(row),
    evidence: { ...EMPTY_EVIDENCE, ...(row.evidence as Partial<ReviewEvidence>) },
    assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? '' } : null,
    dueAt: row.due_at.toISOString(),
    isOverdue: isActive(row.status) && row.due_at.getTime() < now.getTime(),
    escalatedAt: row.escalated_at?.toISOString() ?? null,
    resolution: row.resolved_at
      ? {
          note: row.resolution_note,
          by: row.resolved_by_id ? { id: row.resolved_by_id, name: row.resolved_by_name ?? '' } : null,
          at: row.resolved_at.toISOString(),
        }
      : null,
    createdBy: { type: row.created_by_type, id: row.created_by_id, name: row.created_by_name },
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Records review.* events (the item after the change, and before it when there was one). */
export function recordReviewEvents(
  tx: Queryable,
  changes: readonly { type: Extract<EventType, `review.${string}`>; row: ReviewItemRow; previous?: ReviewItemRow; at: Date }[],
  now: Date,
) {
  recordEvents(
    tx,
    changes.map((c) => ({
      type: c.type,
      objectType: 'review',
      objectId: c.row.id,
      object: presentReview(c.row, now),
      previous: c.previous && presentReview(c.previous, now),
      at: c.at,
    })),
  );
}
