import type { Environment, Overview, Single } from '@payos/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '@/lib/api';
import { keys } from '@/lib/keys';

export const overviewQuery = (env: Environment) =>
  queryOptions({
    queryKey: keys.overview(env),
    queryFn: ({ signal }) => api<Single<Overview>>('/v1/reports/overview', { signal }).then((r) => r.data),
  });
