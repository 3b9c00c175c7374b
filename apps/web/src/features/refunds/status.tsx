import type { RefundReason, RefundStatus } from '@payos/contracts';
import { Badge, type Tone } from '@payos/ui';
import { labelsOf, translate } from '@/i18n/active';

const TONES: Record<RefundStatus, Tone> = { pending: 'amber', succeeded: 'green', failed: 'red' };

export const RefundStatusBadge = ({ status }: { status: RefundStatus }) => (
  <Badge tone={TONES[status]}>{translate('labels')(`refundStatus.${status}`)}</Badge>
);

export const REFUND_REASON_LABELS: Readonly<Record<RefundReason, string>> = labelsOf('labels.refundReason', [
  'duplicate_payment',
  'service_not_rendered',
  'customer_request',
  'error',
  'other',
  'dispute_resolution',
]);

export const REFUND_STATUS_LABELS: Readonly<Record<RefundStatus, string>> = labelsOf('labels.refundStatus', [
  'pending',
  'succeeded',
  'failed',
]);
