import type { ApprovalStatus } from '@payos/contracts';
import { Badge, type Tone } from '@payos/ui';
import { labelsOf, translate } from '@/i18n/active';

const TONES: Record<ApprovalStatus, Tone> = {
  pending: 'amber',
  approved: 'green',
  denied: 'red',
  expired: 'neutral',
  cancelled: 'neutral',
};

export const ApprovalStatusBadge = ({ status }: { status: ApprovalStatus }) => (
  <Badge tone={TONES[status]}>{translate('labels')(`approvalStatus.${status}`)}</Badge>
);

export const APPLIES_TO_LABELS = labelsOf('labels.appliesTo', ['payout', 'internal', 'all'] as const);
export const INITIATOR_LABELS = labelsOf('labels.initiator', ['user', 'api_key', 'agent'] as const);
export const APPROVER_ROLE_LABELS = labelsOf('labels.approverRole', ['admin', 'owner'] as const);
/** What an approval decides on, as its card's label and the inbox's filter show it. */
export const OBJECT_TYPE_LABELS = labelsOf('labels.objectType', ['transfer', 'schedule', 'stream'] as const);
