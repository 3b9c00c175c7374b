import type { CreateScheduledTransferRequest, Environment, SchedulePreviewQuery } from '@payos/contracts';
import type { ListScheduledTransfersParams } from '@payos/sdk';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateMoney, keys } from '@/lib/keys';
import { payos } from '@/lib/payos';

/** The list filters of GET /v1/scheduled-transfers (the SDK's, from the contract) and the page's cursor. */
export type ScheduleFilters = Omit<ListScheduledTransfersParams, 'limit'> & { cursor?: string | undefined };

export const schedulesQuery = (env: Environment, filters: ScheduleFilters) =>
  queryOptions({
    queryKey: [...keys.schedules(env), 'list', filters],
    queryFn: () => {
      const { cursor, ...params } = filters;
      return payos()
        .scheduledTransfers.list({ limit: 25, ...params })
        .page(cursor);
    },
    placeholderData: keepPreviousData,
  });

export const scheduleQuery = (env: Environment, id: string) =>
  queryOptions({
    queryKey: [...keys.schedules(env), 'detail', id],
    queryFn: ({ signal }) => payos().scheduledTransfers.get(id, { signal }),
  });

/** The next five run dates of a rule being typed — computed by the API, the one source of date math. */
export const previewQuery = (env: Environment, rule: SchedulePreviewQuery | null) =>
  queryOptions({
    queryKey: [...keys.schedules(env), 'preview', rule],
    // Disabled without a rule (enabled below), so the query function never runs without one.
    queryFn: ({ signal }) => (rule ? payos().scheduledTransfers.preview(rule, { signal }) : []),
    enabled: rule !== null,
    staleTime: 60_000,
    retry: false,
  });

export function useScheduleMutations(env: Environment) {
  const client = useQueryClient();
  // Creating one can put it in the approvals inbox (an approval policy matched), cancelling one waiting takes it out.
  const schedules = () =>
    Promise.all([client.invalidateQueries({ queryKey: keys.schedules(env) }), client.invalidateQueries({ queryKey: keys.approvals(env) })]);
  return {
    create: useMutation({
      mutationFn: (body: CreateScheduledTransferRequest) => payos().scheduledTransfers.create(body),
      onSuccess: schedules,
    }),
    action: useMutation({
      mutationFn: ({ id, action }: { id: string; action: 'pause' | 'resume' | 'cancel' }) => payos().scheduledTransfers[action](id),
      onSuccess: schedules,
    }),
    // A run moves money: schedules, transfers, balances and the home page change.
    runNow: useMutation({
      mutationFn: ({ id, idempotencyKey }: { id: string; idempotencyKey: string }) =>
        payos().scheduledTransfers.runNow(id, { idempotencyKey }),
      onSuccess: () => invalidateMoney(client, env, keys.schedules(env), keys.transfers(env)),
    }),
  };
}
