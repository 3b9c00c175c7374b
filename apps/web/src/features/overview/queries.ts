import type { Environment } from '@payos/contracts';
import { queryOptions } from '@tanstack/react-query';
import { keys } from '@/lib/keys';
import { payos } from '@/lib/payos';

export const overviewQuery = (env: Environment) =>
  queryOptions({
    queryKey: keys.overview(env),
    queryFn: ({ signal }) => payos().reports.overview({ signal }),
  });
