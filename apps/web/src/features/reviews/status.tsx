import type { ReviewStatus, RiskAction, RiskLevel, RiskRuleId } from '@payos/contracts';
import { Badge, type Tone } from '@payos/ui';

/** Risk levels, mildest first: colours rise with the risk (critical stands out in solid red). */
const LEVEL_CLASSES: Record<RiskLevel, { tone: Tone; className?: string }> = {
  low: { tone: 'blue' },
  medium: { tone: 'amber' },
  high: { tone: 'red' },
  critical: { tone: 'red', className: 'bg-red-600 text-white dark:bg-red-600 dark:text-white' },
};

export const RiskLevelBadge = ({ level }: { level: RiskLevel }) => (
  <Badge tone={LEVEL_CLASSES[level].tone} className={LEVEL_CLASSES[level].className} data-testid="risk-level">
    {level}
  </Badge>
);

const STATUS_TONES: Record<ReviewStatus, Tone> = {
  open: 'amber',
  in_review: 'blue',
  escalated: 'red',
  approved: 'green',
  rejected: 'red',
  dismissed: 'neutral',
  blocked: 'neutral',
};

export const REVIEW_STATUS_LABELS: Record<ReviewStatus, string> = {
  open: 'Open',
  in_review: 'In review',
  escalated: 'Escalated',
  approved: 'Approved',
  rejected: 'Rejected',
  dismissed: 'Dismissed',
  blocked: 'Blocked (refusal record)',
};

export const ReviewStatusBadge = ({ status }: { status: ReviewStatus }) => (
  <Badge tone={STATUS_TONES[status]}>{status === 'blocked' ? 'blocked' : REVIEW_STATUS_LABELS[status].toLowerCase()}</Badge>
);

export const RISK_LEVEL_LABELS: Record<RiskLevel, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

export const RULE_LABELS: Record<RiskRuleId, string> = {
  velocity: 'Velocity',
  amount_threshold: 'Large amount',
  new_beneficiary: 'New beneficiary',
  new_corridor: 'New corridor',
  new_account: 'New account sending a large amount',
  beneficiary_name_mismatch: 'Beneficiary name mismatch',
  structuring: 'Structuring (amounts just below a threshold)',
};

export const RISK_ACTION_LABELS: Record<RiskAction, string> = {
  flag: 'Flag (let it pass, open a review)',
  review: 'Hold for review',
  block: 'Block',
};
