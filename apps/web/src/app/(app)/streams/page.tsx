'use client';

import { STREAM_STATUSES, streamListQuerySchema } from '@payos/contracts';
import { Button, Card, EmptyState, Select } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { activeFilterCount, Filters } from '@/components/filters';
import { PagedList } from '@/components/paged-list';
import { CreateStreamDialog } from '@/features/streams/create-stream-dialog';
import { streamsQuery } from '@/features/streams/queries';
import { STREAM_STATUS_LABELS } from '@/features/streams/stream-badges';
import { StreamTable } from '@/features/streams/stream-table';
import { useEnvironment } from '@/lib/environment';
import { useCanWrite } from '@/lib/session';
import { useUrlState } from '@/lib/use-url-state';

const KEYS = ['status', 'health', 'cursor', 'new'] as const;

export default function StreamsPage() {
  const env = useEnvironment();
  const [url, setUrl] = useUrlState(KEYS);
  const canWrite = useCanWrite();
  const t = useTranslations('streams.page');
  const th = useTranslations('streams.health');
  // A value the API does not know (a hand-edited URL) filters nothing, as the selects show.
  const filters = {
    status: streamListQuerySchema.shape.status.safeParse(url.status).data,
    health: streamListQuerySchema.shape.health.safeParse(url.health).data,
  };
  const streams = useQuery(streamsQuery(env, { ...filters, cursor: url.cursor }));
  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">{t('title')}</h1>
          <p className="text-sm text-muted-foreground">{t('subtitle')}</p>
        </div>
        {canWrite ? (
          <Button onClick={() => setUrl({ new: '1', cursor: url.cursor })}>
            <Plus className="h-4 w-4" /> {t('newStream')}
          </Button>
        ) : null}
      </div>
      <Filters active={activeFilterCount(url.status, url.health)}>
        <Select
          aria-label={t('status')}
          className="w-full sm:w-56"
          value={url.status ?? ''}
          onChange={(e) => setUrl({ status: e.target.value || undefined })}
        >
          <option value="">{t('anyStatus')}</option>
          {STREAM_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STREAM_STATUS_LABELS[s]}
            </option>
          ))}
        </Select>
        <Select
          aria-label={t('health')}
          className="w-full sm:w-40"
          value={url.health ?? ''}
          onChange={(e) => setUrl({ health: e.target.value || undefined })}
        >
          <option value="">{t('anyHealth')}</option>
          {(['healthy', 'warning', 'critical'] as const).map((s) => (
            <option key={s} value={s}>
              {th(s)}
            </option>
          ))}
        </Select>
      </Filters>
      <Card>
        <PagedList
          query={streams}
          cursor={url.cursor}
          onNext={(cursor) => setUrl({ cursor }, 'push')}
          empty={
            <EmptyState
              title={t('noStreams')}
              description={t('emptyHint')}
              action={canWrite ? <Button onClick={() => setUrl({ new: '1' })}>{t('newStream')}</Button> : undefined}
            />
          }
        >
          {(rows) => <StreamTable streams={rows} />}
        </PagedList>
      </Card>
      <CreateStreamDialog
        open={canWrite && url.new === '1'}
        onOpenChange={(open) => setUrl({ new: open ? '1' : undefined, cursor: url.cursor })}
      />
    </div>
  );
}
