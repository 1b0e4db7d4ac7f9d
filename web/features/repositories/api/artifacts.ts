/**
 * A repository's artifacts: list, get, delete, the layers addition and the accessories
 * (referrers). Lists ask without tags (with_tag=false): an artifact may carry thousands, so
 * tags come in pages of their own (tags.ts), as Harbor's portal does.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { Accessory, Artifact, Layer } from '../../../lib/api-types';
import { pageQuery } from '../../../lib/list-page';
import { harborQuery, type ListParams } from '../../../lib/list-params';
import { artifactKeys, auditKeys, invalidate, projectKeys, repositoryKeys, statisticsKeys, type RepositoryRef } from '../../../lib/query-keys';
import type { HistoryStep } from '../artifact-text';
import { repositoryUrl } from './repositories';

export const artifactUrl = (ref: RepositoryRef, reference: string) => `${repositoryUrl(ref)}/artifacts/${encodeURIComponent(reference)}`;

/**
 * The artifact list's filters by URL key: `by` says whether `filter` is part of a tag or of a
 * digest; `label` is the id of a label the artifacts must carry.
 */
export const ARTIFACT_FILTER_KEYS = ['by', 'label'] as const;
export type ArtifactFilterField = 'tag' | 'digest';

export function artifactQuery(params: ListParams): string | undefined {
  const field = params.filters.by === 'digest' ? 'digest' : 'tags';
  const text = harborQuery({ [field]: { contains: params.filter } });
  const label = /^\d+$/.test(params.filters.label ?? '') ? `labels=(${params.filters.label})` : undefined;
  return [text, label].filter(Boolean).join(',') || undefined;
}

/** A page of a repository's artifacts, for useListPage. */
export const artifactsQuery = (ref: RepositoryRef) => (params: ListParams) =>
  // with_accessory: the rows show whether each artifact is signed and has an SBOM; with_label: its label chips;
  // with_scan_overview: its Vulnerabilities cell.
  pageQuery<Artifact>(artifactKeys.list(ref, params), `${repositoryUrl(ref)}/artifacts`, params, { q: artifactQuery(params), with_tag: 'false', with_accessory: 'true', with_label: 'true', with_scan_overview: 'true' });

export const useArtifact = (ref: RepositoryRef, reference: string) =>
  useQuery({
    queryKey: artifactKeys.detail(ref, reference),
    queryFn: async () => (await api.get<Artifact>(artifactUrl(ref, reference), { params: { with_tag: false, with_label: true } })).data,
  });

/** The image's layers with the build step of each; only for artifacts that link the addition. */
export const useLayers = (ref: RepositoryRef, digest: string, enabled: boolean) =>
  useQuery({
    queryKey: artifactKeys.layers(ref, digest),
    queryFn: async () => (await api.get<Layer[]>(`${artifactUrl(ref, digest)}/additions/layers`)).data,
    enabled,
    staleTime: Infinity,
  });

/** The image config's history (Harbor's build_history addition): every step, with or without a layer. */
export const useBuildHistory = (ref: RepositoryRef, digest: string, enabled: boolean) =>
  useQuery({
    queryKey: [...artifactKeys.layers(ref, digest), 'history'],
    queryFn: async () => (await api.get<HistoryStep[]>(`${artifactUrl(ref, digest)}/additions/build_history`)).data,
    enabled,
    staleTime: Infinity,
  });

/** A page of an artifact's accessories (signatures, SBOMs), for useListPage. */
export const accessoriesQuery = (ref: RepositoryRef, digest: string) => (params: ListParams) =>
  pageQuery<Accessory>(artifactKeys.accessories(ref, digest, params), `${artifactUrl(ref, digest)}/accessories`, params);

/**
 * What deleting an artifact changes: the repository's lists and counts, the project's storage,
 * the log. Queries about the deleted artifact itself are left alone rather than refetched into
 * a 404 while its page is still open.
 */
export function useDeleteArtifact(ref: RepositoryRef) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (digest: string) => api.delete(artifactUrl(ref, digest)),
    onSuccess: (_data, digest) =>
      Promise.all([
        client.invalidateQueries({ queryKey: artifactKeys.repository(ref), predicate: (query) => !query.queryKey.includes(digest) }),
        invalidate(client, repositoryKeys.project(ref.projectName), projectKeys.all, statisticsKeys.all, auditKeys.all),
      ]),
  });
}

export interface CopyTarget {
  projectName: string;
  repository: string;
  /** A tag to give the copy besides the tags it brings along; empty for none. */
  tag: string;
}

/**
 * Copy (Harbor's CopyArtifact): the artifact and its tags into another repository, created when
 * absent; then the new tag, if one was asked for, on the copy.
 */
export function useCopyArtifact(source: RepositoryRef, digest: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (to: CopyTarget) => {
      const destination = { projectName: to.projectName, repository: to.repository };
      await api.post(`${repositoryUrl(destination)}/artifacts`, null, { params: { from: `${source.projectName}/${source.repository}@${digest}` } });
      if (to.tag) await api.post(`${artifactUrl(destination, digest)}/tags`, { name: to.tag });
    },
    onSuccess: () => invalidate(client, artifactKeys.all, repositoryKeys.all, projectKeys.all, statisticsKeys.all, auditKeys.all),
  });
}
