'use client';

import { Button, Card, CardContent, Select, Skeleton, Tabs } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { BalanceCard } from '@/components/balance-card';
import { ConfirmAction } from '@/components/confirm-action';
import { QueryError } from '@/components/query-view';
import { AddPaymentMethodDialog, DepositDialog } from '@/features/accounts/account-dialogs';
import {
  AccountAgentsTab,
  AccountLedgerTab,
  AccountPaymentMethodsTab,
  AccountSchedulesTab,
  AccountStreamsTab,
  AccountTransfersTab,
} from '@/features/accounts/account-tabs';
import { VerificationBadge } from '@/features/accounts/badges';
import { accountQuery, toTier, useAccountAction, VERIFICATION_TIERS } from '@/features/accounts/queries';
import { FlagForReview } from '@/features/reviews/flag-dialog';
import { countryName } from '@/lib/countries';
import { useEnvironment } from '@/lib/environment';
import { DISPLAY_LOCALE } from '@/lib/format';
import { errorMessage } from '@/lib/payos';
import { useCanWrite } from '@/lib/session';
import { toast } from '@/lib/toast';
import { useUrlState } from '@/lib/use-url-state';
import { doneMessage } from '@/lib/verbs';

const URL_KEYS = ['tab'] as const;

export default function AccountDetailPage() {
  const { id } = useParams<{ id: string }>();
  const env = useEnvironment();
  const account = useQuery(accountQuery(env, id));
  const action = useAccountAction(env, id);
  const [url, setUrl] = useUrlState(URL_KEYS);
  const [dialog, setDialog] = useState<'deposit' | 'payment-method' | null>(null);
  const [tier, setTier] = useState('1');
  const canWrite = useCanWrite();
  const t = useTranslations('pages.account');
  const ta = useTranslations('pages.accounts');

  if (account.isPending) {
    return (
      <div className="grid gap-4" role="status" aria-label={t('loading')}>
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-24 w-full" />
      </div>
    );
  }
  if (account.isError) return <QueryError query={account} notFound={{ title: t('noSuch'), backHref: '/accounts', backLabel: t('back') }} />;
  const a = account.data;
  const run = (kind: 'verify' | 'activate') =>
    action.mutate(
      { action: kind, tier: toTier(tier) },
      {
        onSuccess: () => toast(kind === 'verify' ? t('verifiedAt', { tier }) : doneMessage('Account', kind), 'success'),
        onError: (e) => toast(errorMessage(e), 'error'),
      },
    );

  return (
    <div className="grid grid-cols-1 gap-6">
      <div>
        <Link href="/accounts" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft className="h-3 w-3" /> {t('accounts')}
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-xl font-semibold">{a.name}</h1>
          <VerificationBadge account={a} />
          <div className="ml-auto flex items-center gap-3">
            <FlagForReview target={{ accountId: a.id }} size="sm" />
            <Link href={`/events?objectId=${a.id}`} className="text-sm text-primary hover:underline">
              {t('events')}
            </Link>
          </div>
        </div>
        <p className="text-sm text-muted-foreground">
          <span className="capitalize">{ta(a.type)}</span>
          {a.country ? (
            <>
              {' · '}
              <span data-testid="account-country">
                {countryName(a.country, DISPLAY_LOCALE)} ({a.country})
              </span>
            </>
          ) : null}
          {a.email ? ` · ${a.email}` : ''}
        </p>
      </div>

      <section aria-label={t('balances')} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {a.balances.length === 0 ? (
          <Card className="sm:col-span-2">
            <CardContent className="p-4 text-sm text-muted-foreground">{t('noBalances')}</CardContent>
          </Card>
        ) : (
          a.balances.map((b) => (
            <BalanceCard key={b.currency} balance={b} headline="available" headlineTestId={`account-balance-${b.currency}`} />
          ))
        )}
      </section>

      {a.status === 'active' && canWrite ? (
        <section aria-label={t('actions')} className="flex flex-wrap items-end gap-2">
          {env === 'test' ? (
            <Button variant="outline" onClick={() => setDialog('deposit')}>
              {t('deposit')}
            </Button>
          ) : null}
          <Button variant="outline" onClick={() => setDialog('payment-method')}>
            {t('addMethod')}
          </Button>
          <div className="flex items-center gap-2">
            <Select aria-label={t('tierLabel')} className="w-28" value={tier} onChange={(e) => setTier(e.target.value)}>
              {VERIFICATION_TIERS.map((n) => (
                <option key={n} value={n}>
                  {t('tier', { tier: n })}
                </option>
              ))}
            </Select>
            <Button variant="outline" disabled={action.isPending} onClick={() => run('verify')}>
              {t('verify')}
            </Button>
          </div>
          {a.verificationStatus === 'suspended' ? (
            <Button variant="outline" disabled={action.isPending} onClick={() => run('activate')}>
              {t('activate')}
            </Button>
          ) : (
            <ConfirmAction
              title={t('suspendTitle', { name: a.name })}
              description={t('suspendDescription', { name: a.name })}
              confirmLabel={t('suspendLabel')}
              busyLabel={t('suspending')}
              onConfirm={() => action.mutateAsync({ action: 'suspend', tier: toTier(tier) })}
              success={doneMessage('Account', 'suspend')}
              trigger={(open) => (
                <Button variant="danger" disabled={action.isPending} onClick={open}>
                  {t('suspend')}
                </Button>
              )}
            />
          )}
        </section>
      ) : null}

      <Tabs
        value={url.tab ?? 'transfers'}
        onValueChange={(tab) => setUrl({ tab: tab === 'transfers' ? undefined : tab })}
        tabs={[
          { value: 'transfers', label: t('tabs.transfers'), content: () => <AccountTransfersTab accountId={a.id} /> },
          { value: 'ledger', label: t('tabs.ledger'), content: () => <AccountLedgerTab accountId={a.id} /> },
          { value: 'payment-methods', label: t('tabs.paymentMethods'), content: () => <AccountPaymentMethodsTab accountId={a.id} /> },
          { value: 'schedules', label: t('tabs.schedules'), content: () => <AccountSchedulesTab accountId={a.id} /> },
          { value: 'streams', label: t('tabs.streams'), content: () => <AccountStreamsTab accountId={a.id} /> },
          ...(a.type === 'business'
            ? [{ value: 'agents', label: t('tabs.agents'), content: () => <AccountAgentsTab accountId={a.id} /> }]
            : []),
        ]}
      />
      {dialog === 'deposit' ? <DepositDialog accountId={a.id} open onOpenChange={(o) => !o && setDialog(null)} /> : null}
      {dialog === 'payment-method' ? <AddPaymentMethodDialog accountId={a.id} open onOpenChange={(o) => !o && setDialog(null)} /> : null}
    </div>
  );
}
