/** A project's repositories: list, get, change the description, delete. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { Repository, RepositoryUpdate } from '../../../lib/api-types';
import { pageQuery } from '../../../lib/list-page';
import { fuzzyQuery, type ListParams } from '../../../lib/list-params';
import { z } from '../../../lib/zod';
import {
  artifactKeys,
  auditKeys,
  invalidate,
  projectKeys,
  repositoryKeys,
  searchKeys,
  statisticsKeys,
  type RepositoryRef,
} from '../../../lib/query-keys';

/** The API's address of a repository; a name with slashes is encoded twice, as Harbor wants it. */
export const repositoryUrl = (ref: RepositoryRef) =>
  `/projects/${encodeURIComponent(ref.projectName)}/repositories/${encodeURIComponent(encodeURIComponent(ref.repository))}`;

/** `team/app` from `proj/team/app`: the name the API and the console's URLs use. */
export const nameInProject = (fullName: string, projectName: string) =>
  fullName.startsWith(`${projectName}/`) ? fullName.slice(projectName.length + 1) : fullName;

/** A page of a project's repositories, for useListPage. */
export const repositoriesQuery = (projectName: string) => (params: ListParams) =>
  pageQuery<Repository>(repositoryKeys.list(projectName, params), `/projects/${encodeURIComponent(projectName)}/repositories`, params, {
    q: fuzzyQuery('name', params.filter),
  });

export const useRepository = (ref: RepositoryRef) =>
  useQuery({
    queryKey: repositoryKeys.detail(ref),
    queryFn: async () => (await api.get<Repository>(repositoryUrl(ref))).data,
  });

export const descriptionSchema = z.object({
  description: z.string().max(65_535, 'A description holds at most 65,535 characters.'),
});
export type DescriptionInput = z.output<typeof descriptionSchema>;

export function useUpdateDescription(ref: RepositoryRef) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: DescriptionInput) => api.put(repositoryUrl(ref), { description: input.description } satisfies RepositoryUpdate),
    onSuccess: () => invalidate(client, repositoryKeys.project(ref.projectName), auditKeys.all),
  });
}

/** Deleting takes the artifacts and tags with it: the project's counts, storage and log change. */
export function useDeleteRepository(projectName: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (repository: Repository) => api.delete(repositoryUrl({ projectName, repository: nameInProject(repository.name, projectName) })),
    onSuccess: (_data, repository) => {
      client.removeQueries({ queryKey: artifactKeys.repository({ projectName, repository: nameInProject(repository.name, projectName) }) });
      return invalidate(client, repositoryKeys.project(projectName), projectKeys.all, auditKeys.all, searchKeys.all, statisticsKeys.all);
    },
  });
}
