import type { CreateStreamRequest, Environment, TopUpStreamRequest, WithdrawStreamRequest } from '@payos/contracts';
import type { ListStreamsParams } from '@payos/sdk';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { followFeed } from '@/lib/follow-feed';
import { invalidateMoney, keys } from '@/lib/keys';
import { payos } from '@/lib/payos';

/** The list filters of GET /v1/streams (the SDK's, from the contract) and the page's cursor. */
export type StreamFilters = Omit<ListStreamsParams, 'limit'> & { cursor?: string | undefined };

export const streamsQuery = (env: Environment, filters: StreamFilters) =>
  queryOptions({
    queryKey: [...keys.streams(env), 'list', filters],
    queryFn: () => {
      const { cursor, ...params } = filters;
      return payos()
        .streams.list({ limit: 25, ...params })
        .page(cursor);
    },
    placeholderData: keepPreviousData,
  });

export const streamQuery = (env: Environment, id: string) =>
  queryOptions({
    queryKey: [...keys.streams(env), 'detail', id],
    queryFn: ({ signal }) => payos().streams.get(id, { signal }),
  });

export const streamEventsQuery = (env: Environment, id: string) =>
  queryOptions({
    queryKey: [...keys.streams(env), 'events', id],
    queryFn: ({ signal }) => payos().streams.events(id, { signal }),
  });

/** What can be done to a stream, with the body the action takes. */
export type StreamAction =
  | { id: string; action: 'pause' | 'resume' | 'cancel' }
  | { id: string; action: 'top-up'; body: TopUpStreamRequest }
  | { id: string; action: 'withdraw'; body?: WithdrawStreamRequest };

function runStreamAction(variables: StreamAction) {
  const streams = payos().streams;
  switch (variables.action) {
    case 'top-up':
      return streams.topUp(variables.id, variables.body);
    case 'withdraw':
      return streams.withdraw(variables.id, variables.body);
    default:
      return streams[variables.action](variables.id);
  }
}

export function useStreamMutations(env: Environment) {
  const client = useQueryClient();
  // Streams move money: balances, ledger and the home page change with them; and the approvals inbox,
  // which a new stream can enter (an approval policy matched) and a cancelled waiting one leaves.
  const invalidate = () => invalidateMoney(client, env, keys.streams(env), keys.approvals(env));
  return {
    create: useMutation({
      // The dialog's key: a double submit or a retry starts one stream.
      mutationFn: ({ body, idempotencyKey }: { body: CreateStreamRequest; idempotencyKey: string }) =>
        payos().streams.create(body, { idempotencyKey }),
      onSuccess: invalidate,
    }),
    // Each action carries a fresh Idempotency-Key (the SDK's), kept across its retries.
    action: useMutation({ mutationFn: runStreamAction, onSuccess: invalidate }),
  };
}

/**
 * Live figures from the SDK's `streams.watch` (Server-Sent Events, GET /v1/events/streams): each
 * message replaces the cached streams, so every figure on the page ticks once a second.
 */
export function useLiveStreams(env: Environment, ids: string[]) {
  const client = useQueryClient();
  const joined = ids.join(',');
  useEffect(() => {
    if (!joined) return;
    const controller = new AbortController();
    const { signal } = controller;
    followFeed(
      signal,
      () => payos().streams.watch(joined.split(','), { signal }),
      (streams) => {
        for (const stream of streams) client.setQueryData(streamQuery(env, stream.id).queryKey, stream);
      },
    ).catch(() => {});
    return () => controller.abort();
  }, [env, joined, client]);
}
