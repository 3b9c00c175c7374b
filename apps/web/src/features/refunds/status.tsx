import type { RefundReason, RefundStatus } from '@payos/contracts';
import { Badge, type Tone } from '@payos/ui';

const TONES: Record<RefundStatus, Tone> = { pending: 'amber', succeeded: 'green', failed: 'red' };

export const RefundStatusBadge = ({ status }: { status: RefundStatus }) => <Badge tone={TONES[status]}>{status}</Badge>;

export const REFUND_REASON_LABELS: Record<RefundReason, string> = {
  duplicate_payment: 'Duplicate payment',
  service_not_rendered: 'Service not rendered',
  customer_request: 'Customer request',
  error: 'Error',
  other: 'Other',
  dispute_resolution: 'Dispute resolution',
};
