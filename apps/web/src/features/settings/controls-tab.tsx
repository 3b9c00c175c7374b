'use client';

import { ApprovalPoliciesCard } from '@/features/approvals/policies-card';
import { PayoutControlsCard } from './payout-controls-card';
import { RiskRulesCard } from './risk-rules-card';

/**
 * Settings → Controls: what stands between risky money and the rail, one card per control — approval
 * policies, risk rules, then cooling-off and the travel rule — each for the environment selected.
 */
export function ControlsTab({ canManage }: { canManage: boolean }) {
  return (
    <div className="grid grid-cols-1 gap-4">
      <ApprovalPoliciesCard canManage={canManage} />
      <RiskRulesCard canManage={canManage} />
      <PayoutControlsCard canManage={canManage} />
    </div>
  );
}
