import type {
  CreateStreamRequest,
  Environment,
  List,
  Single,
  Stream,
  StreamEvent,
  StreamFeedStreams,
  TopUpStreamRequest,
  WithdrawStreamRequest,
} from '@payos/contracts';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '@/lib/api';
import { API_URL } from '@/lib/config';
import { getEnvironment } from '@/lib/environment';
import { invalidateMoney, keys } from '@/lib/keys';
import { getSession, refresh } from '@/lib/session';

export const streamsQuery = (env: Environment, filters: { status?: string; health?: string; accountId?: string; cursor?: string }) =>
  queryOptions({
    queryKey: [...keys.streams(env), 'list', filters],
    queryFn: ({ signal }) => api<List<Stream>>('/v1/streams', { query: { limit: 25, ...filters }, signal }),
    placeholderData: keepPreviousData,
  });

export const streamQuery = (env: Environment, id: string) =>
  queryOptions({
    queryKey: [...keys.streams(env), 'detail', id],
    queryFn: ({ signal }) => api<Single<Stream>>(`/v1/streams/${id}`, { signal }).then((r) => r.data),
  });

export const streamEventsQuery = (env: Environment, id: string) =>
  queryOptions({
    queryKey: [...keys.streams(env), 'events', id],
    queryFn: ({ signal }) => api<Single<StreamEvent[]>>(`/v1/streams/${id}/events`, { signal }).then((r) => r.data),
  });

export function useStreamMutations(env: Environment) {
  const client = useQueryClient();
  // Streams move money: balances, ledger and the home page change with them.
  const invalidate = () => invalidateMoney(client, env, keys.streams(env));
  return {
    create: useMutation({
      mutationFn: ({ body, idempotencyKey }: { body: CreateStreamRequest; idempotencyKey: string }) =>
        api<Single<Stream>>('/v1/streams', { method: 'POST', body, idempotencyKey }).then((r) => r.data),
      onSuccess: invalidate,
    }),
    action: useMutation({
      mutationFn: ({
        id,
        action,
        body,
      }: {
        id: string;
        action: 'pause' | 'resume' | 'cancel' | 'top-up' | 'withdraw';
        body?: TopUpStreamRequest | WithdrawStreamRequest;
      }) =>
        api<Single<Stream>>(`/v1/streams/${id}/${action}`, {
          method: 'POST',
          body: action === 'top-up' || action === 'withdraw' ? (body ?? {}) : undefined,
          idempotencyKey: crypto.randomUUID(),
        }).then((r) => r.data),
      onSuccess: invalidate,
    }),
  };
}

/**
 * Live figures over Server-Sent Events (GET /v1/events/streams): each message replaces the cached
 * streams, so every figure on the page ticks once a second. fetch() rather than EventSource, because
 * EventSource cannot send the Authorization header.
 */
export function useLiveStreams(env: Environment, ids: string[]) {
  const client = useQueryClient();
  const joined = ids.join(',');
  useEffect(() => {
    if (!joined) return;
    const controller = new AbortController();
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    (async () => {
      // The API ends a feed when its credential does (token expiry, logout, revocation): reconnect with
      // the session's current token — the dashboard refreshes it a minute early — until the page goes.
      while (!controller.signal.aborted) {
        const session = getSession();
        if (session.status !== 'authenticated') return;
        const res = await fetch(`${session.apiUrl ?? API_URL}/v1/events/streams?ids=${joined}`, {
          headers: { authorization: `Bearer ${session.accessToken}`, 'PayOS-Environment': getEnvironment() },
          signal: controller.signal,
        });
        if (res.status === 401) {
          if (!(await refresh())) return;
          continue;
        }
        const reader = res.ok ? res.body?.getReader() : undefined;
        if (reader)
          await readFeed(reader, (streams) => {
            for (const stream of streams) client.setQueryData(streamQuery(env, stream.id).queryKey, stream);
          });
        await pause(res.ok ? 1_000 : 5_000);
      }
    })().catch(() => {});
    return () => controller.abort();
  }, [env, joined, client]);
}

/** Reads `event: streams` messages of one feed until it ends. */
async function readFeed(reader: ReadableStreamDefaultReader<Uint8Array>, onStreams: (streams: StreamFeedStreams) => void) {
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const message = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
      if (!message.includes('event: streams')) continue;
      const data = message.split('\n').find((line) => line.startsWith('data: '));
      if (data) onStreams(JSON.parse(data.slice(6)) as StreamFeedStreams);
    }
  }
}
