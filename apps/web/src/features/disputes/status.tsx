import type {
  COUNTER_OFFER_RESOLUTIONS,
  DisputeReason,
  DisputeResolution,
  DisputeStatus,
  EVIDENCE_TYPES,
  REQUESTED_RESOLUTIONS,
} from '@payos/contracts';
import { Badge, type Tone } from '@payos/ui';
import { labelsOf, translate } from '@/i18n/active';
import type { DueState } from './due';

const TONES: Record<DisputeStatus, Tone> = { open: 'amber', under_review: 'blue', escalated: 'red', resolved: 'green' };

export const DISPUTE_STATUS_LABELS: Readonly<Record<DisputeStatus, string>> = labelsOf('labels.disputeStatus', [
  'open',
  'under_review',
  'escalated',
  'resolved',
]);

export const DisputeStatusBadge = ({ status }: { status: DisputeStatus }) => (
  <Badge tone={TONES[status]}>{DISPUTE_STATUS_LABELS[status]}</Badge>
);

export const DISPUTE_REASON_LABELS: Readonly<Record<DisputeReason, string>> = labelsOf('labels.disputeReason', [
  'service_not_received',
  'duplicate_charge',
  'unauthorized',
  'amount_incorrect',
  'quality_issue',
  'other',
]);

export const DISPUTE_RESOLUTION_LABELS: Readonly<Record<DisputeResolution, string>> = labelsOf('labels.disputeResolution', [
  'refund_issued',
  'partial_refund',
  'credit_issued',
  'no_action',
]);

export const REQUESTED_RESOLUTION_LABELS: Readonly<Record<(typeof REQUESTED_RESOLUTIONS)[number], string>> = labelsOf(
  'labels.requestedResolution',
  ['full_refund', 'partial_refund', 'credit', 'other'],
);

export const COUNTER_OFFER_LABELS: Readonly<Record<(typeof COUNTER_OFFER_RESOLUTIONS)[number], string>> = labelsOf('labels.counterOffer', [
  'full_refund',
  'partial_refund',
  'credit',
  'no_action',
]);

export type EvidenceType = (typeof EVIDENCE_TYPES)[number];
export const EVIDENCE_TYPE_LABELS: Readonly<Record<EvidenceType, string>> = labelsOf('labels.evidenceType', [
  'receipt',
  'communication',
  'screenshot',
  'contract',
  'delivery_proof',
  'other',
]);

/** The due-date warning of an unresolved dispute: amber when due within 7 days, red once overdue. */
export function DueBadge({ due }: { due: DueState }) {
  if (due.kind === 'none') return null;
  return (
    <Badge tone={due.kind === 'overdue' ? 'red' : 'amber'} data-testid="due-badge">
      {translate('labels')(due.kind === 'overdue' ? 'due.overdue' : 'due.dueIn', { days: due.days })}
    </Badge>
  );
}
