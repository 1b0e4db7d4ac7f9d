/** The projects endpoints: list, summary, delete (create is in create-project.ts, its form in project-name.ts; get in lib/projects.ts). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { Project, ProjectSummary } from '../../../lib/api-types';
import type { ListParams } from '../../../lib/list-params';
import { pageQuery } from '../../../lib/pages';
import { auditKeys, invalidate, projectKeys, searchKeys, statisticsKeys } from '../../../lib/query-keys';

/** The projects list's defaults, shared by the page and its route's loader (same params, same query). */
export const PROJECT_LIST_DEFAULTS = { sort: '-creation_time' } as const;

/** A page of projects: the list page asks for it, and its route's loader prefetches the same query. */
export const projectsQueryOptions = (params: ListParams) =>
  pageQuery<Project>(projectKeys.list(params), '/projects', params, { name: params.filter || undefined });

export const useProjectSummary = (projectId: number) =>
  useQuery({
    queryKey: projectKeys.summary(projectId),
    queryFn: async () => (await api.get<ProjectSummary>(`/projects/${projectId}/summary`)).data,
  });

export function useDeleteProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (project: Project) => api.delete(`/projects/${project.project_id}`),
    onSuccess: () => invalidate(client, projectKeys.all, auditKeys.all, searchKeys.all, statisticsKeys.all),
  });
}
