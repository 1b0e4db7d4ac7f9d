/**
 * Berth's layer insight: the artifacts that use a blob (a layer's users), an image's lineage (the
 * image it is built on, how many are built on it) and the images built on it, in pages.
 */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { ArtifactLineage, ArtifactSummary } from '../../../lib/api-types';
import type { ListParams } from '../../../lib/list-params';
import { pageQuery } from '../../../lib/list-page';
import { artifactKeys, type RepositoryRef } from '../../../lib/query-keys';
import { repositoryUrl } from './repositories';

export const berthArtifactUrl = (ref: RepositoryRef, digest: string) => `/berth${repositoryUrl(ref)}/artifacts/${encodeURIComponent(digest)}`;

export const blobUsersQuery = (digest: string) => (params: ListParams) =>
  pageQuery<ArtifactSummary>(artifactKeys.blobUsers(digest, params), `/berth/blobs/${encodeURIComponent(digest)}/artifacts`, params);

export const useLineage = (ref: RepositoryRef, digest: string) =>
  useQuery({
    queryKey: artifactKeys.lineage(ref, digest),
    queryFn: async () => (await api.get<ArtifactLineage>(`${berthArtifactUrl(ref, digest)}/lineage`)).data,
  });

export const dependentsQuery = (ref: RepositoryRef, digest: string) => (params: ListParams) =>
  pageQuery<ArtifactSummary>(artifactKeys.dependents(ref, digest, params), `${berthArtifactUrl(ref, digest)}/dependents`, params);
