/**
 * Labels (Harbor's /labels): global ones and a project's. Shared by the label pages and the
 * artifact list, which shows labels as chips, filters by them and puts them on artifacts.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api-client';
import type { Label, LabelRequest } from './api-types';
import { fuzzyQuery, type ListParams } from './list-params';
import { pageQuery } from './list-page';
import { artifactKeys, auditKeys, invalidate, labelKeys, type RepositoryRef } from './query-keys';

/** Where a list of labels comes from: the global labels, or one project's. */
export type LabelScope = { projectId: null } | { projectId: number };

const scopeParams = (scope: LabelScope) => (scope.projectId === null ? { scope: 'g' } : { scope: 'p', project_id: String(scope.projectId) });

export const labelsQuery = (scope: LabelScope) => (params: ListParams) =>
  pageQuery<Label>(labelKeys.list(scope.projectId, params), '/labels', params, { ...scopeParams(scope), q: fuzzyQuery('name', params.filter) });

/** Every label a project's artifacts may carry: the global ones, then the project's (a page of 100 each, as Harbor's portal reads them). */
export const useUsableLabels = (projectId: number) =>
  useQuery({
    queryKey: labelKeys.usable(projectId),
    queryFn: async () => {
      const read = async (params: Record<string, string>) => (await api.get<Label[]>('/labels', { params: { ...params, page_size: 100 } })).data;
      const [global, own] = await Promise.all([read({ scope: 'g' }), read({ scope: 'p', project_id: String(projectId) })]);
      return [...global, ...own];
    },
  });

function useLabelsChanged() {
  const client = useQueryClient();
  // A renamed or deleted label changes the chips in artifact lists too.
  return () => invalidate(client, labelKeys.all, artifactKeys.all, auditKeys.all);
}

export type SaveLabel = { id: null; body: LabelRequest } | { id: number; body: LabelRequest };

export function useSaveLabel() {
  const changed = useLabelsChanged();
  return useMutation({
    mutationFn: async (save: SaveLabel): Promise<void> => {
      if (save.id === null) await api.post('/labels', save.body);
      else await api.put(`/labels/${save.id}`, save.body);
    },
    onSuccess: changed,
  });
}

export function useDeleteLabel() {
  const changed = useLabelsChanged();
  return useMutation({ mutationFn: (label: Label) => api.delete(`/labels/${label.id}`), onSuccess: changed });
}

const artifactLabelsUrl = (ref: RepositoryRef, digest: string) =>
  `/projects/${encodeURIComponent(ref.projectName)}/repositories/${encodeURIComponent(encodeURIComponent(ref.repository))}/artifacts/${encodeURIComponent(digest)}/labels`;

/** Puts a label on an artifact, or takes it off. */
export function useToggleArtifactLabel(ref: RepositoryRef) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ digest, label, on }: { digest: string; label: Label; on: boolean }) =>
      on ? api.post(artifactLabelsUrl(ref, digest), { id: label.id }) : api.delete(`${artifactLabelsUrl(ref, digest)}/${label.id}`),
    onSuccess: () => invalidate(client, artifactKeys.repository(ref), auditKeys.all),
  });
}
