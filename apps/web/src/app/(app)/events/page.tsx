'use client';

import { EVENT_TYPE_FILTER_PATTERN, EVENT_TYPES, type Event } from '@payos/contracts';
import { Button, Card, EmptyState, Input, Table, TBody, Td, THead, Th, Tr } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { activeFilterCount, Filters } from '@/components/filters';
import { PagedList } from '@/components/paged-list';
import { EventDrawer } from '@/features/events/event-drawer';
import { type EventFilters, eventsQuery } from '@/features/events/queries';
import { useEnvironment } from '@/lib/environment';
import { dateTime } from '@/lib/format';
import { useUrlState } from '@/lib/use-url-state';

const KEYS = ['type', 'objectId', 'from', 'to', 'cursor', 'event'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const dayStart = (d?: string) => (d ? new Date(`${d}T00:00:00Z`).toISOString() : undefined);
const dayEnd = (d?: string) => (d ? new Date(`${d}T23:59:59.999Z`).toISOString() : undefined);
/** Suggestions for the type filter: every object's wildcard, then every type. */
const SUGGESTIONS = ['*', ...new Set(EVENT_TYPES.map((t) => `${t.split('.')[0]}.*`)), ...EVENT_TYPES];

/** A text filter typed into the page: sent to the URL 300 ms after the last keystroke. */
function useDebouncedUrlField(value: string | undefined, commit: (next: string | undefined) => void) {
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  useEffect(() => {
    if ((value ?? '') === text.trim()) return;
    const timer = setTimeout(() => commit(text.trim() || undefined), 300);
    return () => clearTimeout(timer);
  }, [text, value, commit]);
  return [text, setText] as const;
}

export default function EventsPage() {
  const env = useEnvironment();
  const [url, setUrl] = useUrlState(KEYS);
  const t = useTranslations('events.page');
  const [type, setType] = useDebouncedUrlField(url.type, (t) => setUrl({ type: t }));
  const [objectId, setObjectId] = useDebouncedUrlField(url.objectId, (o) => setUrl({ objectId: o }));
  // A filter the API would refuse is pointed out and left out of the request, rather than failing the list.
  const typeValid = !url.type || (url.type.length <= 80 && EVENT_TYPE_FILTER_PATTERN.test(url.type));
  const objectIdValid = !url.objectId || UUID.test(url.objectId);
  const filters: EventFilters = {
    type: typeValid ? url.type : undefined,
    objectId: objectIdValid ? url.objectId?.toLowerCase() : undefined,
    from: dayStart(url.from),
    to: dayEnd(url.to),
  };
  const events = useQuery(eventsQuery(env, { ...filters, cursor: url.cursor }));
  const keep = { cursor: url.cursor };
  const filtered = Boolean(url.type || url.objectId || url.from || url.to);
  const placeholder = events.data?.data.find((e) => e.id === url.event);

  return (
    <div className="grid grid-cols-1 gap-4">
      <div>
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-muted-foreground">{t('intro', { env })}</p>
      </div>
      <Filters active={activeFilterCount(url.type, url.objectId, url.from, url.to)} className="items-start">
        <div className="grid w-full gap-1 sm:w-56">
          <Input
            aria-label={t('eventType')}
            placeholder={t('typePlaceholder')}
            list="event-types"
            value={type}
            onChange={(e) => setType(e.target.value)}
            aria-invalid={!typeValid || undefined}
          />
          <datalist id="event-types">
            {SUGGESTIONS.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          {!typeValid ? (
            <p role="alert" className="text-xs text-red-600 dark:text-red-400">
              {t('typeError')}
            </p>
          ) : null}
        </div>
        <div className="grid w-full gap-1 sm:w-80">
          <Input
            aria-label={t('objectId')}
            placeholder={t('objectIdPlaceholder')}
            value={objectId}
            onChange={(e) => setObjectId(e.target.value)}
            aria-invalid={!objectIdValid || undefined}
          />
          {!objectIdValid ? (
            <p role="alert" className="text-xs text-red-600 dark:text-red-400">
              {t('objectIdError')}
            </p>
          ) : null}
        </div>
        <Input
          aria-label={t('from')}
          type="date"
          className="w-full sm:w-40"
          value={url.from ?? ''}
          onChange={(e) => setUrl({ from: e.target.value || undefined })}
        />
        <Input
          aria-label={t('to')}
          type="date"
          className="w-full sm:w-40"
          value={url.to ?? ''}
          onChange={(e) => setUrl({ to: e.target.value || undefined })}
        />
        {filtered ? (
          <Button variant="ghost" onClick={() => setUrl({ type: undefined, objectId: undefined, from: undefined, to: undefined })}>
            {t('clear')}
          </Button>
        ) : null}
      </Filters>
      <Card>
        <PagedList
          query={events}
          cursor={url.cursor}
          onNext={(cursor) => setUrl({ cursor }, 'push')}
          empty={<EmptyState title={filtered ? t('noMatch') : t('noneYet')} description={filtered ? t('noMatchHint') : t('noneYetHint')} />}
        >
          {(rows: Event[]) => (
            <Table stacked hasAmount={false}>
              <THead>
                <Tr>
                  <Th>{t('type')}</Th>
                  <Th>{t('object')}</Th>
                  <Th className="text-right">{t('sequence')}</Th>
                  <Th>{t('created')}</Th>
                </Tr>
              </THead>
              <TBody>
                {rows.map((e) => (
                  <Tr key={e.id} className="cursor-pointer" onClick={() => setUrl({ event: e.id, ...keep }, 'push')}>
                    <Td mobile="primary">
                      <button
                        type="button"
                        className="font-mono text-xs font-medium text-primary hover:underline"
                        onClick={(ev) => {
                          ev.stopPropagation();
                          setUrl({ event: e.id, ...keep }, 'push');
                        }}
                      >
                        {e.type}
                      </button>
                    </Td>
                    <Td>
                      <span className="text-muted-foreground">{e.objectType}</span>{' '}
                      <code className="text-xs max-sm:break-all">{e.objectId}</code>
                    </Td>
                    <Td mobile="hidden" className="tabular text-right">
                      {e.sequence}
                    </Td>
                    <Td className="whitespace-nowrap text-muted-foreground">{dateTime(e.createdAt)}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </PagedList>
      </Card>
      <EventDrawer
        env={env}
        id={url.event}
        {...(placeholder ? { placeholder } : {})}
        onClose={() => setUrl({ event: undefined, ...keep })}
      />
    </div>
  );
}
