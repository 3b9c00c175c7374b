'use client';

import { TRANSFER_STATUSES, TRANSFER_TYPES, transferStatusSchema, transferTypeSchema } from '@payos/contracts';
import { Button, Card, EmptyState, Input, Select } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { Download, Plus } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { activeFilterCount, Filters } from '@/components/filters';
import { PagedList } from '@/components/paged-list';
import { exportTransfersCsv } from '@/features/transfers/export-csv';
import { NewPaymentDialog } from '@/features/transfers/new-payment-dialog';
import { type TransferFilters, transfersQuery } from '@/features/transfers/queries';
import { transferStatusLabel } from '@/features/transfers/status';
import { TransferDrawer } from '@/features/transfers/transfer-drawer';
import { TransferTable } from '@/features/transfers/transfer-table';
import { useEnvironment } from '@/lib/environment';
import { errorMessage } from '@/lib/payos';
import { useCanWrite } from '@/lib/session';
import { toast } from '@/lib/toast';
import { useUrlState } from '@/lib/use-url-state';

const KEYS = ['status', 'type', 'search', 'minAmount', 'maxAmount', 'from', 'to', 'cursor', 'transfer', 'new'] as const;
const dayStart = (d?: string) => (d ? new Date(`${d}T00:00:00Z`).toISOString() : undefined);
const dayEnd = (d?: string) => (d ? new Date(`${d}T23:59:59.999Z`).toISOString() : undefined);

export default function TransfersPage() {
  const env = useEnvironment();
  const [url, setUrl] = useUrlState(KEYS);
  const [search, setSearch] = useState(url.search ?? '');
  const [exporting, setExporting] = useState(false);
  const canWrite = useCanWrite();
  const t = useTranslations('pages.transfers');
  const tt = useTranslations('transfers');
  // A status or type the API does not know (a hand-edited URL) filters nothing, as the selects show.
  const filters: TransferFilters = {
    status: transferStatusSchema.safeParse(url.status).data,
    type: transferTypeSchema.safeParse(url.type).data,
    search: url.search,
    minAmount: url.minAmount,
    maxAmount: url.maxAmount,
    from: dayStart(url.from),
    to: dayEnd(url.to),
  };
  const transfers = useQuery(transfersQuery(env, { ...filters, cursor: url.cursor }));

  useEffect(() => {
    if ((url.search ?? '') === search) return;
    const timer = setTimeout(() => setUrl({ search: search.trim() || undefined }), 300);
    return () => clearTimeout(timer);
  }, [search, url.search, setUrl]);

  async function exportCsv() {
    setExporting(true);
    try {
      const count = await exportTransfersCsv(filters);
      toast(t('exported', { count }), 'success');
    } catch (e) {
      toast(errorMessage(e), 'error');
    } finally {
      setExporting(false);
    }
  }

  const keep = { cursor: url.cursor };
  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <div className="flex gap-2">
          <Button variant="outline" onClick={exportCsv} disabled={exporting}>
            <Download className="h-4 w-4" /> {exporting ? t('exporting') : t('export')}
          </Button>
          {canWrite ? (
            <Button onClick={() => setUrl({ new: '1', ...keep })}>
              <Plus className="h-4 w-4" /> {t('newPayment')}
            </Button>
          ) : null}
        </div>
      </div>
      <Filters active={activeFilterCount(url.search, filters.status, filters.type, url.minAmount, url.maxAmount, url.from, url.to)}>
        <Input
          type="search"
          aria-label={t('searchLabel')}
          placeholder={t('searchPlaceholder')}
          className="w-full sm:w-56"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <Select
          aria-label={t('status')}
          className="w-full sm:w-48"
          value={url.status ?? ''}
          onChange={(e) => setUrl({ status: e.target.value || undefined })}
        >
          <option value="">{t('anyStatus')}</option>
          {TRANSFER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {transferStatusLabel(s)}
            </option>
          ))}
        </Select>
        <Select
          aria-label={t('type')}
          className="w-full sm:w-32"
          value={url.type ?? ''}
          onChange={(e) => setUrl({ type: e.target.value || undefined })}
        >
          <option value="">{t('anyType')}</option>
          {TRANSFER_TYPES.map((type) => (
            <option key={type} value={type}>
              {tt(`type.${type}`)}
            </option>
          ))}
        </Select>
        <Input
          aria-label={t('minLabel')}
          placeholder={t('min')}
          inputMode="decimal"
          className="w-full sm:w-24"
          defaultValue={url.minAmount}
          onBlur={(e) => setUrl({ minAmount: e.target.value.trim() || undefined })}
        />
        <Input
          aria-label={t('maxLabel')}
          placeholder={t('max')}
          inputMode="decimal"
          className="w-full sm:w-24"
          defaultValue={url.maxAmount}
          onBlur={(e) => setUrl({ maxAmount: e.target.value.trim() || undefined })}
        />
        <Input
          aria-label={t('fromDate')}
          type="date"
          className="w-full sm:w-40"
          value={url.from ?? ''}
          onChange={(e) => setUrl({ from: e.target.value || undefined })}
        />
        <Input
          aria-label={t('toDate')}
          type="date"
          className="w-full sm:w-40"
          value={url.to ?? ''}
          onChange={(e) => setUrl({ to: e.target.value || undefined })}
        />
      </Filters>
      <Card>
        <PagedList
          query={transfers}
          cursor={url.cursor}
          onNext={(cursor) => setUrl({ cursor }, 'push')}
          empty={
            <EmptyState
              title={t('noMatch')}
              description={t('noMatchHint')}
              action={canWrite ? <Button onClick={() => setUrl({ new: '1', ...keep })}>{t('newPayment')}</Button> : undefined}
            />
          }
        >
          {(rows) => <TransferTable transfers={rows} onOpen={(id) => setUrl({ transfer: id, ...keep }, 'push')} />}
        </PagedList>
      </Card>
      <TransferDrawer id={url.transfer ?? null} onClose={() => setUrl({ transfer: undefined, ...keep })} />
      <NewPaymentDialog open={canWrite && url.new === '1'} onOpenChange={(open) => setUrl({ new: open ? '1' : undefined, ...keep })} />
    </div>
  );
}
