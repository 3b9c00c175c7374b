import type { Account } from '@payos/contracts';
import { Badge } from '@payos/ui';

export function VerificationBadge({ account }: { account: Pick<Account, 'verificationStatus' | 'verificationTier' | 'status'> }) {
  if (account.status === 'closed') return <Badge>closed</Badge>;
  const tone = account.verificationStatus === 'verified' ? 'green' : account.verificationStatus === 'suspended' ? 'red' : 'amber';
  return (
    <Badge tone={tone}>
      {account.verificationStatus}
      {account.verificationStatus === 'verified' ? ` · tier ${account.verificationTier}` : ''}
    </Badge>
  );
}
