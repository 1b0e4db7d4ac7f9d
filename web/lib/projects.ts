/** One project by its id: the project page and the repository pages both open a project from the URL. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from './api-client';
import type { Project } from './api-types';
import { projectKeys } from './query-keys';

export const projectQueryOptions = (projectId: number) =>
  queryOptions({
    queryKey: projectKeys.detail(projectId),
    queryFn: async () => (await api.get<Project>(`/projects/${projectId}`)).data,
  });

export const useProject = (projectId: number) => useQuery(projectQueryOptions(projectId));
