/** User groups (/usergroups): list, create (LDAP by DN, HTTP and OIDC by name), rename, delete; LDAP group search. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { UserGroup, UserGroupRequest } from '../../../lib/api-types';
import type { ListParams } from '../../../lib/list-params';
import { pageQuery } from '../../../lib/list-page';
import { auditKeys, groupKeys, invalidate, memberKeys } from '../../../lib/query-keys';

/** Harbor's group types. */
export const GROUP_TYPES = { 1: 'LDAP group', 2: 'HTTP group', 3: 'OIDC group' } as const;
export type GroupType = keyof typeof GROUP_TYPES;

export const groupsQuery = (params: ListParams) => pageQuery<UserGroup>(groupKeys.list(params), '/usergroups', params, { group_name: params.filter || undefined });

function useGroupsChanged() {
  const client = useQueryClient();
  return () => invalidate(client, groupKeys.all, memberKeys.all, auditKeys.all);
}

export function useCreateGroup() {
  const changed = useGroupsChanged();
  return useMutation({ mutationFn: (group: UserGroupRequest) => api.post('/usergroups', group), onSuccess: changed });
}

export function useRenameGroup() {
  const changed = useGroupsChanged();
  return useMutation({ mutationFn: ({ group, name }: { group: UserGroup; name: string }) => api.put(`/usergroups/${group.id}`, { group_name: name } satisfies UserGroupRequest), onSuccess: changed });
}

export function useDeleteGroup() {
  const changed = useGroupsChanged();
  return useMutation({ mutationFn: (group: UserGroup) => api.delete(`/usergroups/${group.id}`), onSuccess: changed });
}

/** Directory groups whose name matches, searched with the saved LDAP group settings. */
export const useLdapGroupSearch = (name: string | null) =>
  useQuery({
    queryKey: groupKeys.ldapSearch(name ?? ''),
    queryFn: async () => (await api.get<UserGroup[]>('/ldap/groups/search', { params: { groupname: name } })).data,
    enabled: name !== null,
    staleTime: 0,
  });
