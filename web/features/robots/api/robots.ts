/**
 * Robot accounts (Harbor's tags "robot" and "permissions"): system robots, or one project's,
 * create (answers the secret, once), refresh the secret (answers the new one, once), enable or
 * disable, delete, and what a robot may be given.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { Robot, RobotCreate, RobotCreated, RobotPermissionOffer } from '../../../lib/api-types';
import { harborQuery, type ListParams } from '../../../lib/list-params';
import { pageQuery } from '../../../lib/list-page';
import { auditKeys, invalidate, robotKeys } from '../../../lib/query-keys';

/** `projectId` null: the system robots. */
export const robotsQuery = (projectId: number | null) => (params: ListParams) => {
  const scope = projectId === null ? 'Level=system' : `Level=project,ProjectID=${projectId}`;
  const name = harborQuery({ name: params.filter ? { contains: params.filter } : undefined });
  return pageQuery<Robot>(robotKeys.list(projectId, params), '/robots', params, { q: name ? `${scope},${name}` : scope });
};

export const usePermissionOffer = () =>
  useQuery({ queryKey: robotKeys.offer, queryFn: async () => (await api.get<RobotPermissionOffer>('/permissions')).data, staleTime: 5 * 60_000 });

function useRobotsChanged() {
  const client = useQueryClient();
  return () => invalidate(client, robotKeys.all, auditKeys.all);
}

/** `onCreated` receives the answer with the secret, the only one there will be. */
export function useCreateRobot(onCreated: (created: RobotCreated) => void) {
  const changed = useRobotsChanged();
  return useMutation({
    mutationFn: async (body: RobotCreate) => (await api.post<RobotCreated>('/robots', body)).data,
    onSuccess: (created) => {
      onCreated(created);
      return changed();
    },
  });
}

/** A new secret made by the server, answered once. */
export function useRefreshSecret() {
  const changed = useRobotsChanged();
  return useMutation({ mutationFn: async (robot: Robot) => (await api.patch<{ secret: string }>(`/robots/${robot.id}`, {})).data.secret, onSuccess: changed });
}

/** Enables or disables: Harbor's PUT takes the robot as read, with `disable` changed. */
export function useSetRobotDisabled() {
  const changed = useRobotsChanged();
  return useMutation({
    mutationFn: ({ robot, disable }: { robot: Robot; disable: boolean }) => api.put(`/robots/${robot.id}`, { ...robot, disable }),
    onSuccess: changed,
  });
}

export function useDeleteRobot() {
  const changed = useRobotsChanged();
  return useMutation({ mutationFn: (robot: Robot) => api.delete(`/robots/${robot.id}`), onSuccess: changed });
}
