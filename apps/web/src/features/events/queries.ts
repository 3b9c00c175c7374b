import type { Environment } from '@payos/contracts';
import type { ListEventsParams } from '@payos/sdk';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { keys } from '@/lib/keys';
import { payos } from '@/lib/payos';

/** The list filters of GET /v1/events (type with `prefix.*` wildcards, objectId, from, to) and the page's cursor. */
export type EventFilters = Omit<ListEventsParams, 'limit'> & { cursor?: string | undefined };

export const eventsQuery = (env: Environment, filters: EventFilters) =>
  queryOptions({
    queryKey: [...keys.events(env), 'list', filters],
    queryFn: () => {
      const { cursor, ...params } = filters;
      return payos()
        .events.list({ limit: 25, ...params })
        .page(cursor);
    },
    placeholderData: keepPreviousData,
  });

export const eventQuery = (env: Environment, id: string) =>
  queryOptions({
    queryKey: [...keys.events(env), 'detail', id],
    queryFn: ({ signal }) => payos().events.get(id, { signal }),
  });
