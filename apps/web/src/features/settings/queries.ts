import type {
  ChangeRoleRequest,
  CreateApiKeyRequest,
  CreateInviteRequest,
  Environment,
  UpdateOrganizationRequest,
  UpdateOrganizationSettingsRequest,
} from '@payos/contracts';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { keys } from '@/lib/keys';
import { payos } from '@/lib/payos';

// Organization-wide data: API keys of both environments, team, organization, sessions. Not keyed by
// the environment switch, because the API returns the same data in either. Each list is its first page.

export const apiKeysQuery = () => queryOptions({ queryKey: keys.apiKeys(), queryFn: () => payos().apiKeys.list().page() });

export function useApiKeyMutations() {
  const client = useQueryClient();
  const onSuccess = () => client.invalidateQueries({ queryKey: keys.apiKeys() });
  return {
    create: useMutation({ mutationFn: (body: CreateApiKeyRequest) => payos().apiKeys.create(body), onSuccess }),
    rotate: useMutation({ mutationFn: (id: string) => payos().apiKeys.rotate(id), onSuccess }),
    revoke: useMutation({ mutationFn: (id: string) => payos().apiKeys.revoke(id), onSuccess }),
  };
}

export const teamQuery = () =>
  queryOptions({ queryKey: [...keys.team(), 'members'], queryFn: () => payos().organization.members.list().page() });

export const invitesQuery = () =>
  queryOptions({ queryKey: [...keys.team(), 'invites'], queryFn: () => payos().organization.invites.list().page() });

export function useTeamMutations() {
  const client = useQueryClient();
  const onSuccess = () => client.invalidateQueries({ queryKey: keys.team() });
  return {
    invite: useMutation({ mutationFn: (body: CreateInviteRequest) => payos().organization.invites.create(body), onSuccess }),
    changeRole: useMutation({
      mutationFn: ({ userId, role }: ChangeRoleRequest & { userId: string }) => payos().organization.members.changeRole(userId, { role }),
      onSuccess,
    }),
    remove: useMutation({ mutationFn: (userId: string) => payos().organization.members.remove(userId), onSuccess }),
  };
}

export const organizationQuery = () =>
  queryOptions({ queryKey: keys.organization(), queryFn: ({ signal }) => payos().organization.get({ signal }) });

export function useUpdateOrganization() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateOrganizationRequest) => payos().organization.update(body),
    onSuccess: (organization) => client.setQueryData(keys.organization(), organization),
  });
}

export const sessionsQuery = () => queryOptions({ queryKey: keys.sessions(), queryFn: () => payos().auth.sessions.list().page() });

export function useRevokeSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => payos().auth.sessions.revoke(id),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.sessions() }),
  });
}

/** The settings as the current environment sees them: its money policies, and the organization's presentation. */
export const settingsQuery = (env: Environment) =>
  queryOptions({ queryKey: keys.settings(env), queryFn: ({ signal }) => payos().organization.settings.get({ signal }) });

export function useUpdateSettings(env: Environment) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateOrganizationSettingsRequest) => payos().organization.settings.update(body),
    onSuccess: (settings) => {
      client.setQueryData(keys.settings(env), settings);
      // Presentation is the organization's: the other environment's copy is stale too.
      return client.invalidateQueries({ queryKey: keys.settings(env === 'test' ? 'live' : 'test') });
    },
  });
}
