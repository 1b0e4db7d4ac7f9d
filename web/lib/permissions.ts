/**
 * What the signed-in user may do in a project, from GET /users/current/permissions (the same
 * table the server decides with), so the console hides or disables what would be refused.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from './api-client';
import type { Permission } from './api-types';

/** Project resources as the relative scope names them; "." is the project itself. */
export type ProjectResource =
  | '.'
  | 'member'
  | 'log'
  | 'repository'
  | 'artifact'
  | 'tag'
  | 'accessory'
  | 'artifact-addition'
  | 'metadata'
  | 'label'
  | 'artifact-label'
  | 'notification-policy'
  | 'robot'
  | 'tag-retention'
  | 'immutable-tag'
  | 'scan'
  | 'scanner';
export type ProjectAction = 'read' | 'list' | 'create' | 'update' | 'delete' | 'pull' | 'push' | 'stop';

export const permissionKeys = {
  all: ['permissions'] as const,
  project: (projectId: number) => ['permissions', 'project', projectId] as const,
};

export const projectPermissionsQuery = (projectId: number) =>
  queryOptions({
    queryKey: permissionKeys.project(projectId),
    queryFn: async () =>
      (await api.get<Permission[]>('/users/current/permissions', { params: { scope: `/project/${projectId}`, relative: true } })).data,
    staleTime: 60_000,
  });

export type Can = (resource: ProjectResource, action: ProjectAction) => boolean;

/** `can('member', 'create')`; false while the answer is on its way, so nothing flashes on. */
export function useProjectPermissions(projectId: number): { can: Can; ready: boolean } {
  const { data } = useQuery(projectPermissionsQuery(projectId));
  const can = useCallback<Can>((resource, action) => !!data?.some((p) => p.resource === resource && p.action === action), [data]);
  return { can, ready: data !== undefined };
}
