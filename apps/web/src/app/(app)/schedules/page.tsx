'use client';

import { SCHEDULE_STATUSES, scheduleListQuerySchema } from '@payos/contracts';
import { Button, Card, EmptyState, Select } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { activeFilterCount, Filters } from '@/components/filters';
import { PagedList } from '@/components/paged-list';
import { CreateScheduleDialog } from '@/features/schedules/create-schedule-dialog';
import { schedulesQuery } from '@/features/schedules/queries';
import { ScheduleDrawer } from '@/features/schedules/schedule-drawer';
import { SCHEDULE_STATUS_LABELS, ScheduleTable } from '@/features/schedules/schedule-table';
import { TransferDrawer } from '@/features/transfers/transfer-drawer';
import { useEnvironment } from '@/lib/environment';
import { useCanWrite } from '@/lib/session';
import { useUrlState } from '@/lib/use-url-state';

const KEYS = ['status', 'cursor', 'schedule', 'transfer', 'new'] as const;

export default function SchedulesPage() {
  const env = useEnvironment();
  const [url, setUrl] = useUrlState(KEYS);
  const canWrite = useCanWrite();
  const t = useTranslations('schedules.page');
  // A value the API does not know (a hand-edited URL) filters nothing, as the selects show.
  const status = scheduleListQuerySchema.shape.status.safeParse(url.status).data;
  const schedules = useQuery(schedulesQuery(env, { status, cursor: url.cursor }));
  const keep = { cursor: url.cursor };

  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        {canWrite ? (
          <Button onClick={() => setUrl({ new: '1', ...keep })}>
            <Plus className="h-4 w-4" /> {t('newSchedule')}
          </Button>
        ) : null}
      </div>
      <Filters active={activeFilterCount(status)}>
        <Select
          aria-label={t('status')}
          className="w-full sm:w-56"
          value={url.status ?? ''}
          onChange={(e) => setUrl({ status: e.target.value || undefined })}
        >
          <option value="">{t('anyStatus')}</option>
          {SCHEDULE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {SCHEDULE_STATUS_LABELS[s]}
            </option>
          ))}
        </Select>
      </Filters>
      <Card>
        <PagedList
          query={schedules}
          cursor={url.cursor}
          onNext={(cursor) => setUrl({ cursor }, 'push')}
          empty={
            <EmptyState
              title={url.status ? t('noMatch') : t('noneYet')}
              description={t('emptyHint')}
              action={canWrite ? <Button onClick={() => setUrl({ new: '1', ...keep })}>{t('newSchedule')}</Button> : undefined}
            />
          }
        >
          {(rows) => <ScheduleTable schedules={rows} onOpen={(id) => setUrl({ schedule: id, ...keep }, 'push')} />}
        </PagedList>
      </Card>
      <ScheduleDrawer
        id={url.transfer ? null : (url.schedule ?? null)}
        onClose={() => setUrl({ schedule: undefined, ...keep })}
        onOpenTransfer={(transfer) => setUrl({ schedule: url.schedule, transfer, ...keep }, 'push')}
      />
      <TransferDrawer id={url.transfer ?? null} onClose={() => setUrl({ schedule: url.schedule, transfer: undefined, ...keep })} />
      <CreateScheduleDialog
        open={canWrite && url.new === '1'}
        onOpenChange={(open) => setUrl({ new: open ? '1' : undefined, ...keep })}
        onCreated={(id) => setUrl({ new: undefined, schedule: id, ...keep })}
      />
    </div>
  );
}
