import type { TransferStatus } from '@payos/contracts';
import { Badge, type Tone } from '@payos/ui';
import { useTranslations } from 'next-intl';
import { translate } from '@/i18n/active';

const TONES: Record<TransferStatus, Tone> = {
  requires_approval: 'amber',
  requires_review: 'amber',
  pending: 'amber',
  processing: 'blue',
  completed: 'green',
  failed: 'red',
  cancelled: 'neutral',
  returned: 'red',
  denied: 'red',
  expired: 'neutral',
  rejected: 'red',
};

/** A status as people read it, in the page's language: `requires_approval` → "requires approval". */
export const transferStatusLabel = (status: TransferStatus) => translate('transfers')(`status.${status}`);

export const TransferStatusBadge = ({ status }: { status: TransferStatus }) => {
  const t = useTranslations('transfers.status');
  return <Badge tone={TONES[status]}>{t(status)}</Badge>;
};
