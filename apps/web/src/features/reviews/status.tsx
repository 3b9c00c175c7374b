import {
  type ReviewStatus,
  RISK_ACTIONS,
  RISK_LEVELS,
  RISK_RULE_IDS,
  type RiskAction,
  type RiskLevel,
  type RiskRuleId,
} from '@payos/contracts';
import { Badge, type Tone } from '@payos/ui';
import { labelsOf, translate } from '@/i18n/active';

/** Risk levels, mildest first: colours rise with the risk (critical stands out in solid red). */
const LEVEL_CLASSES: Record<RiskLevel, { tone: Tone; className?: string }> = {
  low: { tone: 'blue' },
  medium: { tone: 'amber' },
  high: { tone: 'red' },
  critical: { tone: 'red', className: 'bg-red-600 text-white dark:bg-red-600 dark:text-white' },
};

export const RiskLevelBadge = ({ level }: { level: RiskLevel }) => (
  <Badge tone={LEVEL_CLASSES[level].tone} className={LEVEL_CLASSES[level].className} data-testid="risk-level">
    {translate('labels')(`riskLevelBadge.${level}`)}
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

export const REVIEW_STATUS_LABELS: Readonly<Record<ReviewStatus, string>> = labelsOf('labels.reviewStatus', [
  'open',
  'in_review',
  'escalated',
  'approved',
  'rejected',
  'dismissed',
  'blocked',
]);

export const ReviewStatusBadge = ({ status }: { status: ReviewStatus }) => (
  <Badge tone={STATUS_TONES[status]}>{translate('labels')(`reviewStatusBadge.${status}`)}</Badge>
);

export const RISK_LEVEL_LABELS: Readonly<Record<RiskLevel, string>> = labelsOf('labels.riskLevel', RISK_LEVELS);

export const RULE_LABELS: Readonly<Record<RiskRuleId, string>> = labelsOf('labels.rule', RISK_RULE_IDS);

export const RISK_ACTION_LABELS: Readonly<Record<RiskAction, string>> = labelsOf('labels.riskAction', RISK_ACTIONS);
