'use client';

import { type Account, listAccountsQuerySchema } from '@payos/contracts';
import { Button, Card, type ColumnDef, DataTable, EmptyState, Input, Select } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { Amount } from '@/components/amount';
import { activeFilterCount, Filters } from '@/components/filters';
import { PagedList } from '@/components/paged-list';
import { VerificationBadge } from '@/features/accounts/badges';
import { CreateAccountDialog } from '@/features/accounts/create-account-dialog';
import { type AccountFilters, accountsQuery } from '@/features/accounts/queries';
import { translate } from '@/i18n/active';
import { countryName } from '@/lib/countries';
import { useEnvironment } from '@/lib/environment';
import { DISPLAY_LOCALE, date } from '@/lib/format';
import { useCanWrite } from '@/lib/session';
import { useUrlState } from '@/lib/use-url-state';

const FILTERS = ['search', 'type', 'verificationStatus', 'cursor', 'new'] as const;

/** A word of this page in the active language (column headers are read when the table renders). */
const tp = (key: string) => (translate('pages') as (key: string) => string)(`accounts.${key}`);

const COLUMNS: ColumnDef<Account, unknown>[] = [
  {
    id: 'name',
    header: () => tp('name'),
    meta: { mobile: 'primary' },
    cell: ({ row: { original: a } }) => (
      <>
        <Link
          href={`/accounts/${a.id}`}
          className="font-medium hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          {a.name}
        </Link>
        {a.email ? <span className="block text-xs text-muted-foreground">{a.email}</span> : null}
      </>
    ),
  },
  {
    id: 'type',
    header: () => tp('type'),
    meta: { className: 'capitalize text-muted-foreground', mobile: 'hidden' },
    cell: ({ row }) => tp(row.original.type),
  },
  {
    id: 'country',
    header: () => tp('country'),
    meta: { className: 'text-muted-foreground' },
    cell: ({ row: { original: a } }) => (a.country ? <span title={a.country}>{countryName(a.country, DISPLAY_LOCALE)}</span> : '—'),
  },
  {
    id: 'verification',
    header: () => tp('verification'),
    meta: { mobile: 'status' },
    cell: ({ row }) => <VerificationBadge account={row.original} />,
  },
  {
    id: 'balances',
    header: () => tp('balances'),
    meta: { align: 'right', className: 'tabular whitespace-nowrap', mobile: 'amount' },
    cell: ({ row: { original: a } }) =>
      a.balances.length === 0 ? (
        <span className="text-muted-foreground">—</span>
      ) : (
        a.balances.map((b) => <Amount key={b.currency} value={b.total} currency={b.currency} className="block" />)
      ),
  },
  {
    id: 'created',
    header: () => tp('created'),
    meta: { className: 'whitespace-nowrap text-muted-foreground', mobile: 'hidden' },
    cell: ({ row }) => date(row.original.createdAt),
  },
];

export default function AccountsPage() {
  const env = useEnvironment();
  const [url, setUrl] = useUrlState(FILTERS);
  const [search, setSearch] = useState(url.search ?? '');
  // A value the API does not know (a hand-edited URL) filters nothing, as the selects show.
  const filters: AccountFilters = {
    search: url.search,
    type: listAccountsQuerySchema.shape.type.safeParse(url.type).data,
    verificationStatus: listAccountsQuerySchema.shape.verificationStatus.safeParse(url.verificationStatus).data,
    cursor: url.cursor,
  };
  const accounts = useQuery(accountsQuery(env, filters));
  const canWrite = useCanWrite();
  const t = useTranslations('pages.accounts');

  // Search is sent to the server 300 ms after typing stops.
  useEffect(() => {
    if ((url.search ?? '') === search) return;
    const timer = setTimeout(() => setUrl({ search: search.trim() || undefined }), 300);
    return () => clearTimeout(timer);
  }, [search, url.search, setUrl]);

  const filtered = Boolean(url.search || url.type || url.verificationStatus);
  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        {canWrite ? (
          <Button onClick={() => setUrl({ new: '1' })}>
            <Plus className="h-4 w-4" /> {t('new')}
          </Button>
        ) : null}
      </div>
      <Filters active={activeFilterCount(url.search, filters.type, filters.verificationStatus)}>
        <Input
          type="search"
          aria-label={t('searchLabel')}
          placeholder={t('searchPlaceholder')}
          className="w-full sm:w-64"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <Select
          aria-label={t('typeLabel')}
          className="w-full sm:w-40"
          value={url.type ?? ''}
          onChange={(e) => setUrl({ type: e.target.value || undefined })}
        >
          <option value="">{t('allTypes')}</option>
          <option value="business">{t('businessOption')}</option>
          <option value="person">{t('personOption')}</option>
        </Select>
        <Select
          aria-label={t('verificationLabel')}
          className="w-full sm:w-44"
          value={url.verificationStatus ?? ''}
          onChange={(e) => setUrl({ verificationStatus: e.target.value || undefined })}
        >
          <option value="">{t('anyVerification')}</option>
          <option value="unverified">{t('unverified')}</option>
          <option value="pending">{t('pending')}</option>
          <option value="verified">{t('verified')}</option>
          <option value="suspended">{t('suspended')}</option>
        </Select>
      </Filters>
      <Card>
        <PagedList
          query={accounts}
          cursor={url.cursor}
          onNext={(cursor) => setUrl({ cursor }, 'push')}
          empty={
            filtered ? (
              <EmptyState title={t('noMatch')} description={t('noMatchHint')} />
            ) : (
              <EmptyState
                title={t('none')}
                description={t('noneHint')}
                action={canWrite ? <Button onClick={() => setUrl({ new: '1' })}>{t('create')}</Button> : undefined}
              />
            )
          }
        >
          {(rows) => <DataTable columns={COLUMNS} data={rows} getRowId={(a) => a.id} busy={accounts.isFetching} />}
        </PagedList>
      </Card>
      <CreateAccountDialog
        open={canWrite && url.new === '1'}
        onOpenChange={(open) => setUrl({ new: open ? '1' : undefined, cursor: url.cursor })}
      />
    </div>
  );
}
