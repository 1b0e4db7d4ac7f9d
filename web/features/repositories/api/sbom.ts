/**
 * An image's SBOM: its state (Harbor's sbom_overview, asked for with with_sbom_overview=true),
 * generating it (Berth's POST …/sbom, a job) and the packages it lists, in pages. The state is
 * polled while a generation runs; each report's packages have a key of their own, so a finished
 * generation shows its packages without a manual refresh.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api } from '../../../lib/api-client';
import type { Artifact, SbomOverview, SbomPackage } from '../../../lib/api-types';
import type { ListParams } from '../../../lib/list-params';
import { pageQuery } from '../../../lib/list-page';
import { artifactKeys, invalidate, type RepositoryRef } from '../../../lib/query-keys';
import { artifactUrl } from './artifacts';
import { berthArtifactUrl } from './layers';

/** Harbor's scan statuses of a generation that has not ended yet. */
export const isGenerating = (overview: SbomOverview | null | undefined) => overview?.scan_status === 'Pending' || overview?.scan_status === 'Running';

const POLL_MS = 1000;

/**
 * The artifact's sbom_overview; null before an SBOM was generated or asked for. When a generation
 * ends, the artifact's other queries refresh: the new SBOM is a referrer, and its counts change.
 */
export function useSbomOverview(ref: RepositoryRef, digest: string) {
  const client = useQueryClient();
  const overview = useQuery({
    queryKey: artifactKeys.sbom(ref, digest),
    queryFn: async () =>
      (await api.get<Artifact>(artifactUrl(ref, digest), { params: { with_tag: false, with_sbom_overview: true } })).data.sbom_overview ?? null,
    refetchInterval: (query) => (isGenerating(query.state.data) ? POLL_MS : false),
  });
  const generating = isGenerating(overview.data);
  const wasGenerating = useRef(generating);
  useEffect(() => {
    if (wasGenerating.current && !generating) void invalidate(client, artifactKeys.repository(ref));
    wasGenerating.current = generating;
  }, [generating, client, ref]);
  return overview;
}

export const sbomPackagesQuery = (ref: RepositoryRef, digest: string, reportId: string) => (params: ListParams) =>
  pageQuery<SbomPackage>(artifactKeys.sbomPackages(ref, digest, reportId, params), `${berthArtifactUrl(ref, digest)}/sbom/packages`, params, { q: params.filter.trim() });

/** Starts a generation; the state query then follows it until it ends. */
export function useGenerateSbom(ref: RepositoryRef, digest: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post(`${berthArtifactUrl(ref, digest)}/sbom`),
    onSuccess: () => invalidate(client, artifactKeys.sbom(ref, digest)),
  });
}
