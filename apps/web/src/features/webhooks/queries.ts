import type { CreateWebhookEndpointRequest, Environment, UpdateWebhookEndpointRequest } from '@payos/contracts';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { keys } from '@/lib/keys';
import { payos } from '@/lib/payos';

// Webhook endpoints belong to one environment, like the events they receive.

/** The first page of endpoints (50: an organization has a handful). */
export const webhookEndpointsQuery = (env: Environment) =>
  queryOptions({
    queryKey: [...keys.webhooks(env), 'list'],
    queryFn: () => payos().webhooks.list({ limit: 50 }).page(),
  });

export const webhookEndpointQuery = (env: Environment, id: string) =>
  queryOptions({
    queryKey: [...keys.webhooks(env), 'detail', id],
    queryFn: ({ signal }) => payos().webhooks.get(id, { signal }),
  });

/** One page of an endpoint's attempts, newest first. */
export const webhookAttemptsQuery = (env: Environment, id: string, cursor?: string) =>
  queryOptions({
    queryKey: [...keys.webhooks(env), 'attempts', id, { cursor }],
    queryFn: () => payos().webhooks.deliveries(id, { limit: 50 }).page(cursor),
    placeholderData: keepPreviousData,
  });

export function useWebhookMutations(env: Environment) {
  const client = useQueryClient();
  // Every change shows in the list and on the endpoint's page; queued deliveries in its attempts.
  const onSuccess = () => client.invalidateQueries({ queryKey: keys.webhooks(env) });
  return {
    create: useMutation({ mutationFn: (body: CreateWebhookEndpointRequest) => payos().webhooks.create(body), onSuccess }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: UpdateWebhookEndpointRequest }) => payos().webhooks.update(id, body),
      onSuccess,
    }),
    remove: useMutation({ mutationFn: (id: string) => payos().webhooks.delete(id), onSuccess }),
    rotate: useMutation({ mutationFn: (id: string) => payos().webhooks.rotateSecret(id), onSuccess }),
    test: useMutation({ mutationFn: (id: string) => payos().webhooks.test(id), onSuccess }),
    redeliver: useMutation({
      mutationFn: ({ eventId, endpointId }: { eventId: string; endpointId: string }) => payos().webhooks.redeliver(eventId, endpointId),
      onSuccess,
    }),
  };
}
