import type { InitiatedBy } from '@payos/contracts';
import type { Queryable, TenantScope } from '@payos/db';
import { cancelPendingRequest } from '../approvals/approvals.repo.js';
import { recordEvent } from '../events/events.service.js';
import * as ledger from '../ledger/ledger.service.js';
import { type RiskEvaluation, recordRiskOutcome, reviewNote } from '../risk/risk.engine.js';
import { insertTransfers } from '../transfers/internal-batch.repo.js';
import * as transfers from '../transfers/transfers.repo.js';
import { presentTransfer } from '../transfers/transfers.service.js';
import type { ReviewItemRow } from './reviews.repo.js';

/**
 * Test-only (no route calls it): turns a transfer waiting for approval — already held on its sender —
 * into one held for review, as the transfer paths create a transfer the engine sends to review: status
 * `requires_review`, a timeline step saying which rules, and the review items recordRiskOutcome opens.
 * Until the paths call the engine themselves, this is how tests get a held transfer under review.
 */
export async function holdForReview(
  tx: Queryable,
  scope: TenantScope,
  transferId: string,
  evaluation: RiskEvaluation,
  initiatedBy: InitiatedBy,
): Promise<ReviewItemRow[]> {
  const transfer = await transfers.lockTransfer(tx, transferId);
  if (transfer?.status !== 'requires_approval') throw new Error(`holdForReview: ${transferId} is not waiting for approval`);
  if (evaluation.outcome !== 'review') throw new Error(`holdForReview: the evaluation says ${evaluation.outcome}`);
  await cancelPendingRequest(tx, transfer.id, evaluation.at);
  await transfers.setStatus(tx, transfer.id, 'requires_review', evaluation.at, null);
  await transfers.insertEvents(tx, scope, transfer.id, [{ status: 'requires_review', note: reviewNote(evaluation), at: evaluation.at }]);
  return recordRiskOutcome(tx, scope, transfer.id, evaluation, initiatedBy);
}

/**
 * Test-only (no route calls it): an internal transfer created the way internal.service will create one
 * the engine sends to review — status `requires_review`, amount held on the sender (transfer_hold), no
 * credit to the recipient, transfer.created, then the review items. No approval request exists for it.
 */
export async function createHeldInternalTransfer(
  tx: Queryable,
  scope: TenantScope,
  evaluation: RiskEvaluation,
  initiatedBy: InitiatedBy,
): Promise<ReviewItemRow[]> {
  const c = evaluation.candidate;
  if (evaluation.outcome !== 'review' || c.type !== 'internal' || !c.toAccountId)
    throw new Error('createHeldInternalTransfer: not a held internal transfer');
  const now = evaluation.at;
  const row: transfers.TransferRow = {
    id: c.transferId,
    type: 'internal',
    status: 'requires_review',
    from_account_id: c.fromAccountId,
    to_account_id: c.toAccountId,
    payment_method_id: null,
    amount: c.amount.toFixed(),
    currency: c.currency,
    fees: [],
    fee_total: '0',
    total_debit: c.amount.toFixed(),
    destination_amount: null,
    destination_currency: null,
    rate: null,
    quote_id: null,
    description: null,
    metadata: {},
    failure_reason: null,
    refunded_amount: '0',
    refund_pending_amount: '0',
    refund_count: 0,
    return_code: null,
    return_reason: null,
    returned_at: null,
    travel_rule: null,
    initiated_by_type: initiatedBy.type,
    initiated_by_id: initiatedBy.id,
    initiated_by_name: initiatedBy.name,
    created_at: now,
    updated_at: now,
  };
  const timeline = [{ transfer_id: row.id, status: 'requires_review' as const, note: reviewNote(evaluation), at: now }];
  await insertTransfers(tx, scope, [row], timeline);
  await ledger.post(tx, {
    entries: ledger.holdEntries(c.fromAccountId, c.currency, c.amount),
    referenceType: 'transfer_hold',
    referenceId: row.id,
    description: `Held for review ${row.id}`,
    at: now,
  });
  recordEvent(tx, { type: 'transfer.created', objectType: 'transfer', objectId: row.id, object: presentTransfer(row, timeline), at: now });
  return recordRiskOutcome(tx, scope, row.id, evaluation, initiatedBy);
}
