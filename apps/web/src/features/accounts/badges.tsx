import type { Account } from '@payos/contracts';
import { Badge } from '@payos/ui';
import { useTranslations } from 'next-intl';

export function VerificationBadge({ account }: { account: Pick<Account, 'verificationStatus' | 'verificationTier' | 'status'> }) {
  const t = useTranslations('accounts.verification');
  if (account.status === 'closed') return <Badge>{t('closed')}</Badge>;
  const tone = account.verificationStatus === 'verified' ? 'green' : account.verificationStatus === 'suspended' ? 'red' : 'amber';
  return (
    <Badge tone={tone}>
      {t(account.verificationStatus)}
      {account.verificationStatus === 'verified' ? t('tier', { tier: account.verificationTier }) : ''}
    </Badge>
  );
}
