'use client';

import { ApprovalPoliciesCard } from '@/features/approvals/policies-card';
import { LowBalanceCard } from '@/features/notifications/low-balance-card';
import { PayoutControlsCard } from './payout-controls-card';
import { RiskRulesCard } from './risk-rules-card';

/**
 * Settings → Controls: what stands between risky money and the rail, one card per control — approval
 * policies, risk rules, cooling-off and the travel rule, then low-balance alerts — each for the environment selected.
 */
export function ControlsTab({ canManage }: { canManage: boolean }) {
  return (
    <div className="grid grid-cols-1 gap-4">
      <ApprovalPoliciesCard canManage={canManage} />
      <RiskRulesCard canManage={canManage} />
      <PayoutControlsCard canManage={canManage} />
      <LowBalanceCard canManage={canManage} />
    </div>
  );
}
