import type {
  CreateScheduledTransferRequest,
  Environment,
  List,
  ScheduledTransfer,
  ScheduleExecution,
  SchedulePreview,
  SchedulePreviewQuery,
  Single,
} from '@payos/contracts';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api';
import { invalidateMoney, keys } from '@/lib/keys';

export type ScheduleFilters = { status?: string; accountId?: string; cursor?: string };

export const schedulesQuery = (env: Environment, filters: ScheduleFilters) =>
  queryOptions({
    queryKey: [...keys.schedules(env), 'list', filters],
    queryFn: ({ signal }) => api<List<ScheduledTransfer>>('/v1/scheduled-transfers', { query: { limit: 25, ...filters }, signal }),
    placeholderData: keepPreviousData,
  });

export const scheduleQuery = (env: Environment, id: string) =>
  queryOptions({
    queryKey: [...keys.schedules(env), 'detail', id],
    queryFn: ({ signal }) => api<Single<ScheduledTransfer>>(`/v1/scheduled-transfers/${id}`, { signal }).then((r) => r.data),
  });

/** The next five run dates of a rule being typed — computed by the API, the one source of date math. */
export const previewQuery = (env: Environment, rule: SchedulePreviewQuery | null) =>
  queryOptions({
    queryKey: [...keys.schedules(env), 'preview', rule],
    queryFn: ({ signal }) =>
      api<Single<SchedulePreview>>('/v1/scheduled-transfers/preview', { query: { ...rule }, signal }).then((r) => r.data.upcomingRuns),
    enabled: rule !== null,
    staleTime: 60_000,
    retry: false,
  });

export function useScheduleMutations(env: Environment) {
  const client = useQueryClient();
  const schedules = () => client.invalidateQueries({ queryKey: keys.schedules(env) });
  return {
    create: useMutation({
      mutationFn: (body: CreateScheduledTransferRequest) =>
        api<Single<ScheduledTransfer>>('/v1/scheduled-transfers', { method: 'POST', body }).then((r) => r.data),
      onSuccess: schedules,
    }),
    action: useMutation({
      mutationFn: ({ id, action }: { id: string; action: 'pause' | 'resume' | 'cancel' }) =>
        api<Single<ScheduledTransfer>>(`/v1/scheduled-transfers/${id}/${action}`, { method: 'POST' }).then((r) => r.data),
      onSuccess: schedules,
    }),
    // A run moves money: schedules, transfers, balances and the home page change.
    runNow: useMutation({
      mutationFn: ({ id, idempotencyKey }: { id: string; idempotencyKey: string }) =>
        api<Single<ScheduleExecution>>(`/v1/scheduled-transfers/${id}/run-now`, { method: 'POST', idempotencyKey }).then((r) => r.data),
      onSuccess: () => invalidateMoney(client, env, keys.schedules(env), keys.transfers(env)),
    }),
  };
}
