import type { TransferStatus } from '@payos/contracts';
import { Badge, type Tone } from '@payos/ui';

const TONES: Record<TransferStatus, Tone> = {
  requires_approval: 'amber',
  requires_review: 'amber',
  pending: 'amber',
  processing: 'blue',
  completed: 'green',
  failed: 'red',
  cancelled: 'neutral',
  returned: 'red',
  denied: 'red',
  expired: 'neutral',
  rejected: 'red',
};

/** A status as people read it: `requires_approval` → "requires approval". */
export const transferStatusLabel = (status: TransferStatus) => status.replaceAll('_', ' ');

export const TransferStatusBadge = ({ status }: { status: TransferStatus }) => (
  <Badge tone={TONES[status]}>{transferStatusLabel(status)}</Badge>
);
