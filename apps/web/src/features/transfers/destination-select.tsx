'use client';

import type { Account, PaymentMethod } from '@payos/contracts';
import { Select } from '@payos/ui';
import { useTranslations } from 'next-intl';

/**
 * Where money from `from` can go: one of its active payment methods (`pm:<id>`) or another active
 * account of the tenant (`account:<id>`). Shared by the New payment and New schedule dialogs.
 */
export function DestinationSelect({
  id,
  value,
  onChange,
  from,
  accounts,
  methods,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  from: Pick<Account, 'id'>;
  accounts: Account[];
  methods: PaymentMethod[];
}) {
  const t = useTranslations('transfers.destination');
  return (
    <Select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t('choose')}</option>
      <optgroup label={t('methods')}>
        {methods
          .filter((m) => m.status === 'active')
          .map((m) => (
            <option key={m.id} value={`pm:${m.id}`}>
              {m.label ?? m.rail.toUpperCase()} · {m.currency} ••••{m.last4}
              {m.allowlisted ? t('allowlisted') : ''}
            </option>
          ))}
      </optgroup>
      <optgroup label={t('another')}>
        {accounts
          .filter((a) => a.id !== from.id && a.status === 'active')
          .map((a) => (
            <option key={a.id} value={`account:${a.id}`}>
              {a.name}
            </option>
          ))}
      </optgroup>
    </Select>
  );
}
