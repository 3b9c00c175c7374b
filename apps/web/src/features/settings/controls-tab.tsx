'use client';

import { ApprovalPoliciesCard } from '@/features/approvals/policies-card';

/**
 * Settings → Controls: what stands between risky money and the rail, one card per control. Approval
 * policies first; risk rules, cooling-off periods and the travel rule join here as they are built.
 */
export function ControlsTab({ canManage }: { canManage: boolean }) {
  return (
    <div className="grid grid-cols-1 gap-4">
      <ApprovalPoliciesCard canManage={canManage} />
    </div>
  );
}
