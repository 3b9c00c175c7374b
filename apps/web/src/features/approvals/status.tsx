import type { ApprovalStatus } from '@payos/contracts';
import { Badge, type Tone } from '@payos/ui';

const TONES: Record<ApprovalStatus, Tone> = {
  pending: 'amber',
  approved: 'green',
  denied: 'red',
  expired: 'neutral',
  cancelled: 'neutral',
};

export const ApprovalStatusBadge = ({ status }: { status: ApprovalStatus }) => <Badge tone={TONES[status]}>{status}</Badge>;

export const APPLIES_TO_LABELS = { payout: 'Payouts', internal: 'Internal transfers', all: 'Payouts and internal transfers' } as const;
export const INITIATOR_LABELS = { user: 'Users', api_key: 'API keys', agent: 'Agents' } as const;
export const APPROVER_ROLE_LABELS = { admin: 'an admin or owner', owner: 'an owner' } as const;
/** What an approval decides on, as its card's label and the inbox's filter show it. */
export const OBJECT_TYPE_LABELS = { transfer: 'Transfer', schedule: 'Schedule', stream: 'Stream' } as const;
