import type { InitiatedBy } from '@payos/contracts';
import type { Queryable, TenantScope } from '@payos/db';
import { cancelPendingRequest } from '../approvals/approvals.repo.js';
import { type RiskEvaluation, recordRiskOutcome, reviewNote } from '../risk/risk.engine.js';
import * as transfers from '../transfers/transfers.repo.js';
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
