import type {
  COUNTER_OFFER_RESOLUTIONS,
  DisputeReason,
  DisputeResolution,
  DisputeStatus,
  EVIDENCE_TYPES,
  REQUESTED_RESOLUTIONS,
} from '@payos/contracts';
import { Badge, type Tone } from '@payos/ui';
import type { DueState } from './due';

const TONES: Record<DisputeStatus, Tone> = { open: 'amber', under_review: 'blue', escalated: 'red', resolved: 'green' };

export const DISPUTE_STATUS_LABELS: Record<DisputeStatus, string> = {
  open: 'open',
  under_review: 'under review',
  escalated: 'escalated',
  resolved: 'resolved',
};

export const DisputeStatusBadge = ({ status }: { status: DisputeStatus }) => (
  <Badge tone={TONES[status]}>{DISPUTE_STATUS_LABELS[status]}</Badge>
);

export const DISPUTE_REASON_LABELS: Record<DisputeReason, string> = {
  service_not_received: 'Service not received',
  duplicate_charge: 'Duplicate charge',
  unauthorized: 'Unauthorized',
  amount_incorrect: 'Amount incorrect',
  quality_issue: 'Quality issue',
  other: 'Other',
};

export const DISPUTE_RESOLUTION_LABELS: Record<DisputeResolution, string> = {
  refund_issued: 'Refund all that was disputed',
  partial_refund: 'Partial refund',
  credit_issued: 'Credit',
  no_action: 'No action',
};

export const REQUESTED_RESOLUTION_LABELS: Record<(typeof REQUESTED_RESOLUTIONS)[number], string> = {
  full_refund: 'Full refund',
  partial_refund: 'Partial refund',
  credit: 'Credit',
  other: 'Other',
};

export const COUNTER_OFFER_LABELS: Record<(typeof COUNTER_OFFER_RESOLUTIONS)[number], string> = {
  full_refund: 'Full refund',
  partial_refund: 'Partial refund',
  credit: 'Credit',
  no_action: 'No action',
};

export type EvidenceType = (typeof EVIDENCE_TYPES)[number];
export const EVIDENCE_TYPE_LABELS: Record<EvidenceType, string> = {
  receipt: 'Receipt',
  communication: 'Communication',
  screenshot: 'Screenshot',
  contract: 'Contract',
  delivery_proof: 'Delivery proof',
  other: 'Other',
};

/** The due-date warning of an unresolved dispute: amber when due within 7 days, red once overdue. */
export function DueBadge({ due }: { due: DueState }) {
  if (due.kind === 'none') return null;
  const days = `${due.days} ${due.days === 1 ? 'day' : 'days'}`;
  return (
    <Badge tone={due.kind === 'overdue' ? 'red' : 'amber'} data-testid="due-badge">
      {due.kind === 'overdue' ? `Overdue by ${days}` : `Due in ${days}`}
    </Badge>
  );
}
