import type { TransferStatus } from '@payos/contracts';
import { Badge, type Tone } from '@payos/ui';

const TONES: Record<TransferStatus, Tone> = {
  pending: 'amber',
  processing: 'blue',
  completed: 'green',
  failed: 'red',
  cancelled: 'neutral',
  returned: 'red',
};

export const TransferStatusBadge = ({ status }: { status: TransferStatus }) => <Badge tone={TONES[status]}>{status}</Badge>;
