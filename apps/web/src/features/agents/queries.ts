import {
  type AgentPermission,
  type CreateAgentRequest,
  type Environment,
  AGENT_PERMISSIONS as PERMISSIONS,
  type UpdateAgentRequest,
} from '@payos/contracts';
import type { ListAgentActivityParams, ListAgentsParams } from '@payos/sdk';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { VerificationTier } from '@/features/accounts/queries';
import { keys } from '@/lib/keys';
import { payos } from '@/lib/payos';

/** What each permission allows, in words: its message under `agents.permission` (every permission of the contract has one). */
const PERMISSION_LABELS = {
  'accounts.view': 'accounts_view',
  'paymentMethods.view': 'paymentMethods_view',
  'transactions.initiate': 'transactions_initiate',
  'refunds.create': 'refunds_create',
  'streams.initiate': 'streams_initiate',
  'streams.pause': 'streams_pause',
  'streams.terminate': 'streams_terminate',
} as const satisfies Record<AgentPermission, string>;
export const AGENT_PERMISSIONS = PERMISSIONS.map((value) => ({ value, label: PERMISSION_LABELS[value] }));

/** The list filters of GET /v1/agents (the SDK's, from the contract) and the page's cursor. */
export type AgentFilters = Omit<ListAgentsParams, 'limit'> & { cursor?: string | undefined };

export const agentsQuery = (env: Environment, filters: AgentFilters) =>
  queryOptions({
    queryKey: [...keys.agents(env), 'list', filters],
    queryFn: () => {
      const { cursor, ...params } = filters;
      return payos()
        .agents.list({ limit: 25, ...params })
        .page(cursor);
    },
    placeholderData: keepPreviousData,
  });

export const agentQuery = (env: Environment, id: string) =>
  queryOptions({
    queryKey: [...keys.agents(env), 'detail', id],
    queryFn: ({ signal }) => payos().agents.get(id, { signal }),
  });

export const agentLimitsQuery = (env: Environment, id: string) =>
  queryOptions({
    queryKey: [...keys.agents(env), 'limits', id],
    queryFn: ({ signal }) => payos().agents.limits(id, { signal }),
  });

export const agentActivityQuery = (env: Environment, id: string, result?: ListAgentActivityParams['result']) =>
  queryOptions({
    queryKey: [...keys.agents(env), 'activity', id, result ?? null],
    queryFn: () => payos().agents.activity(id, { limit: 50, result }).page(),
    placeholderData: keepPreviousData,
  });

export function useAgentMutations(env: Environment) {
  const client = useQueryClient();
  const agents = () => client.invalidateQueries({ queryKey: keys.agents(env) });
  return {
    create: useMutation({
      mutationFn: (body: CreateAgentRequest) => payos().agents.create(body),
      onSuccess: agents,
    }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: UpdateAgentRequest }) => payos().agents.update(id, body),
      onSuccess: agents,
    }),
    action: useMutation({
      mutationFn: ({ id, action, tier }: { id: string; action: 'verify' | 'suspend' | 'activate'; tier: VerificationTier }) => {
        const resource = payos().agents;
        if (action === 'verify') return resource.verify(id, { tier });
        return action === 'suspend' ? resource.suspend(id) : resource.activate(id);
      },
      onSuccess: agents,
    }),
    rotate: useMutation({
      mutationFn: (id: string) => payos().agents.rotateToken(id),
      onSuccess: agents,
    }),
    remove: useMutation({
      mutationFn: (id: string) => payos().agents.delete(id),
      onSuccess: agents,
    }),
  };
}
