/** The projects endpoints: list, create, delete; query keys written once here. */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { api } from '../../../lib/api-client';
import type { ListParams } from '../../../lib/list-params';
import { fetchPage } from '../../../lib/pages';

export interface Project {
  project_id: number;
  name: string;
  owner_name?: string;
  repo_count?: number;
  creation_time: string;
  metadata: { public?: string } & Record<string, string | undefined>;
  current_user_role_id?: number;
  current_user_role_ids?: number[];
}

export const ROLE_LABELS: Record<number, string> = {
  1: 'Project Admin',
  2: 'Developer',
  3: 'Guest',
  4: 'Maintainer',
  5: 'Limited Guest',
};

export const projectKeys = {
  all: ['projects'] as const,
  list: (params: ListParams) => ['projects', 'list', params] as const,
};

export const projectsQueryOptions = (params: ListParams) =>
  queryOptions({
    queryKey: projectKeys.list(params),
    queryFn: () => fetchPage<Project>('/projects', params, { name: params.filter || undefined }),
    placeholderData: (previous) => previous,
  });

export const useProjects = (params: ListParams) => useQuery(projectsQueryOptions(params));

/** Harbor's project name rule, shown while typing. */
export const projectNameRules = [
  { test: (v: string) => v.length >= 1 && v.length <= 255, text: '1 to 255 characters' },
  { test: (v: string) => /^[a-z0-9._-]*$/.test(v), text: 'only lower case letters, digits, and . _ -' },
  { test: (v: string) => /^[a-z0-9]/.test(v) && /[a-z0-9]$/.test(v), text: 'starts and ends with a letter or digit' },
  { test: (v: string) => !/[._-]{2}/.test(v), text: 'no two separators in a row' },
];

export const createProjectSchema = z.object({
  project_name: z
    .string()
    .refine((v) => projectNameRules.every((rule) => rule.test(v)), 'The name does not follow the rules below.'),
  public: z.boolean(),
});
export type CreateProjectInput = z.infer<typeof createProjectSchema>;

export function useCreateProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateProjectInput) =>
      api.post('/projects', { project_name: input.project_name, metadata: { public: String(input.public) } }),
    onSuccess: () => client.invalidateQueries({ queryKey: projectKeys.all }),
  });
}

export function useDeleteProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (project: Project) => api.delete(`/projects/${project.project_id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: projectKeys.all }),
  });
}
