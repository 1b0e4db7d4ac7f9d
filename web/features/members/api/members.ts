/** Project members: list, add by username or group, change role, remove; and the user search that finds whom to add. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from '../../../lib/zod';
import { api } from '../../../lib/api-client';
import type { ProjectMember, ProjectMemberRequest, UserSearchItem } from '../../../lib/api-types';
import type { ListParams } from '../../../lib/list-params';
import { pageQuery } from '../../../lib/list-page';
import { permissionKeys } from '../../../lib/permissions';
import { auditKeys, invalidate, memberKeys, projectKeys, userKeys } from '../../../lib/query-keys';
import { ROLES } from '../../../lib/roles';

export const membersQuery = (projectId: number) => (params: ListParams) =>
  pageQuery<ProjectMember>(memberKeys.list(projectId, params), `/projects/${projectId}/members`, params, { entityname: params.filter || undefined });

/** Up to ten users whose names contain the text, for the "add member" box. */
export const useUserSearch = (text: string) =>
  useQuery({
    queryKey: userKeys.search(text),
    queryFn: async () => (await api.get<UserSearchItem[]>('/users/search', { params: { username: text, page_size: 10 } })).data,
    enabled: text.length > 0,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });

const roleIds = ROLES.map((r) => r.id) as [number, ...number[]];

export const addMemberSchema = z.object({
  username: z.string().trim().min(1, 'Type a username and pick the user from the list.'),
  role_id: z.number().refine((id) => roleIds.includes(id), 'Choose a role.'),
});
export type AddMemberInput = z.output<typeof addMemberSchema>;

/** What a change of membership makes stale: the list, the counts, the caller's role and rights, the log. */
function useMembershipChanged(projectId: number) {
  const client = useQueryClient();
  return () =>
    invalidate(client, memberKeys.project(projectId), projectKeys.all, permissionKeys.project(projectId), auditKeys.all);
}

export function useAddMember(projectId: number) {
  const changed = useMembershipChanged(projectId);
  return useMutation({
    mutationFn: (input: AddMemberInput) => {
      const body: ProjectMemberRequest = { role_id: input.role_id, member_user: { username: input.username } };
      return api.post(`/projects/${projectId}/members`, body);
    },
    onSuccess: changed,
  });
}

/** A user group as a member, by its id (Administration > Groups lists them). */
export function useAddGroupMember(projectId: number) {
  const changed = useMembershipChanged(projectId);
  return useMutation({
    mutationFn: ({ groupId, roleId }: { groupId: number; roleId: number }) => {
      const body: ProjectMemberRequest = { role_id: roleId, member_group: { id: groupId } };
      return api.post(`/projects/${projectId}/members`, body);
    },
    onSuccess: changed,
  });
}

export function useChangeMemberRole(projectId: number) {
  const changed = useMembershipChanged(projectId);
  return useMutation({
    mutationFn: ({ member, roleId }: { member: ProjectMember; roleId: number }) =>
      api.put(`/projects/${projectId}/members/${member.id}`, { role_id: roleId }),
    onSuccess: changed,
  });
}

export function useRemoveMember(projectId: number) {
  const changed = useMembershipChanged(projectId);
  return useMutation({
    mutationFn: (member: ProjectMember) => api.delete(`/projects/${projectId}/members/${member.id}`),
    onSuccess: changed,
  });
}
