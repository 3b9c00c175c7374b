import type {
  ApiKey,
  ChangeRoleRequest,
  CreateApiKeyRequest,
  CreatedApiKey,
  CreatedInvite,
  CreateInviteRequest,
  Invite,
  List,
  Member,
  Organization,
  RotatedApiKey,
  Session,
  Single,
  UpdateOrganizationRequest,
} from '@payos/contracts';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api';
import { keys } from '@/lib/keys';

// Organization-wide data: API keys of both environments, team, organization, sessions. Not keyed by
// the environment switch, because the API returns the same data in either.

export const apiKeysQuery = () =>
  queryOptions({ queryKey: keys.apiKeys(), queryFn: ({ signal }) => api<List<ApiKey>>('/v1/api-keys', { signal }) });

export function useApiKeyMutations() {
  const client = useQueryClient();
  const onSuccess = () => client.invalidateQueries({ queryKey: keys.apiKeys() });
  return {
    create: useMutation({
      mutationFn: (body: CreateApiKeyRequest) => api<Single<CreatedApiKey>>('/v1/api-keys', { method: 'POST', body }).then((r) => r.data),
      onSuccess,
    }),
    rotate: useMutation({
      mutationFn: (id: string) => api<Single<RotatedApiKey>>(`/v1/api-keys/${id}/rotate`, { method: 'POST' }).then((r) => r.data),
      onSuccess,
    }),
    revoke: useMutation({ mutationFn: (id: string) => api(`/v1/api-keys/${id}`, { method: 'DELETE' }), onSuccess }),
  };
}

export const teamQuery = () =>
  queryOptions({ queryKey: [...keys.team(), 'members'], queryFn: ({ signal }) => api<List<Member>>('/v1/organization/team', { signal }) });

export const invitesQuery = () =>
  queryOptions({
    queryKey: [...keys.team(), 'invites'],
    queryFn: ({ signal }) => api<List<Invite>>('/v1/organization/team/invites', { signal }),
  });

export function useTeamMutations() {
  const client = useQueryClient();
  const onSuccess = () => client.invalidateQueries({ queryKey: keys.team() });
  return {
    invite: useMutation({
      mutationFn: (body: CreateInviteRequest) =>
        api<Single<CreatedInvite>>('/v1/organization/team/invites', { method: 'POST', body }).then((r) => r.data),
      onSuccess,
    }),
    changeRole: useMutation({
      mutationFn: ({ userId, role }: ChangeRoleRequest & { userId: string }) =>
        api<Single<Member>>(`/v1/organization/team/${userId}`, { method: 'PATCH', body: { role } }),
      onSuccess,
    }),
    remove: useMutation({ mutationFn: (userId: string) => api(`/v1/organization/team/${userId}`, { method: 'DELETE' }), onSuccess }),
  };
}

export const organizationQuery = () =>
  queryOptions({
    queryKey: keys.organization(),
    queryFn: ({ signal }) => api<Single<Organization>>('/v1/organization', { signal }).then((r) => r.data),
  });

export function useUpdateOrganization() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateOrganizationRequest) =>
      api<Single<Organization>>('/v1/organization', { method: 'PATCH', body }).then((r) => r.data),
    onSuccess: (organization) => client.setQueryData(keys.organization(), organization),
  });
}

export const sessionsQuery = () =>
  queryOptions({ queryKey: keys.sessions(), queryFn: ({ signal }) => api<List<Session>>('/v1/auth/sessions', { signal }) });

export function useRevokeSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(`/v1/auth/sessions/${id}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.sessions() }),
  });
}
