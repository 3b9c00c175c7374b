import {
  type Agent,
  type AgentActivity,
  type AgentLimits,
  type AgentPermission,
  type AgentWithToken,
  type CreateAgentRequest,
  type Environment,
  type List,
  AGENT_PERMISSIONS as PERMISSIONS,
  type Single,
  type UpdateAgentRequest,
} from '@payos/contracts';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api';
import { keys } from '@/lib/keys';

/** What each permission allows, in words (every permission of the contract has one). */
const PERMISSION_LABELS: Record<AgentPermission, string> = {
  'accounts.view': 'View its account, balances and transfers',
  'paymentMethods.view': 'View its account’s payment methods',
  'transactions.initiate': 'Make transfers, payouts and schedules',
  'streams.initiate': 'Start money streams',
  'streams.pause': 'Pause and resume streams',
  'streams.terminate': 'Cancel streams',
};
export const AGENT_PERMISSIONS = PERMISSIONS.map((value) => ({ value, label: PERMISSION_LABELS[value] }));

export const agentsQuery = (env: Environment, filters: { accountId?: string; status?: string; cursor?: string }) =>
  queryOptions({
    queryKey: [...keys.agents(env), 'list', filters],
    queryFn: ({ signal }) => api<List<Agent>>('/v1/agents', { query: { limit: 25, ...filters }, signal }),
    placeholderData: keepPreviousData,
  });

export const agentQuery = (env: Environment, id: string) =>
  queryOptions({
    queryKey: [...keys.agents(env), 'detail', id],
    queryFn: ({ signal }) => api<Single<Agent>>(`/v1/agents/${id}`, { signal }).then((r) => r.data),
  });

export const agentLimitsQuery = (env: Environment, id: string) =>
  queryOptions({
    queryKey: [...keys.agents(env), 'limits', id],
    queryFn: ({ signal }) => api<Single<AgentLimits>>(`/v1/agents/${id}/limits`, { signal }).then((r) => r.data),
  });

export const agentActivityQuery = (env: Environment, id: string, result?: string) =>
  queryOptions({
    queryKey: [...keys.agents(env), 'activity', id, result ?? null],
    queryFn: ({ signal }) => api<List<AgentActivity>>(`/v1/agents/${id}/activity`, { query: { limit: 50, result }, signal }),
    placeholderData: keepPreviousData,
  });

export function useAgentMutations(env: Environment) {
  const client = useQueryClient();
  const agents = () => client.invalidateQueries({ queryKey: keys.agents(env) });
  return {
    create: useMutation({
      mutationFn: (body: CreateAgentRequest) => api<Single<AgentWithToken>>('/v1/agents', { method: 'POST', body }).then((r) => r.data),
      onSuccess: agents,
    }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: UpdateAgentRequest }) =>
        api<Single<Agent>>(`/v1/agents/${id}`, { method: 'PATCH', body }).then((r) => r.data),
      onSuccess: agents,
    }),
    action: useMutation({
      mutationFn: ({ id, action, tier }: { id: string; action: 'verify' | 'suspend' | 'activate'; tier?: number }) =>
        api<Single<Agent>>(`/v1/agents/${id}/${action}`, { method: 'POST', body: action === 'verify' ? { tier } : undefined }).then(
          (r) => r.data,
        ),
      onSuccess: agents,
    }),
    rotate: useMutation({
      mutationFn: (id: string) => api<Single<AgentWithToken>>(`/v1/agents/${id}/rotate-token`, { method: 'POST' }).then((r) => r.data),
      onSuccess: agents,
    }),
    remove: useMutation({
      mutationFn: (id: string) => api<Single<Agent>>(`/v1/agents/${id}`, { method: 'DELETE' }).then((r) => r.data),
      onSuccess: agents,
    }),
  };
}
