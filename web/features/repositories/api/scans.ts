/**
 * Scanning one artifact (Harbor's scan tag) and its vulnerabilities addition. Scans are jobs:
 * what is on screen is asked again every moment while one is queued or running.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../../../lib/api-client';
import type { Artifact } from '../../../lib/api-types';
import { artifactKeys, auditKeys, invalidate, type RepositoryRef } from '../../../lib/query-keys';
import { isScanning, overviewOf, REPORT_MIME, type ScanOverview, type VulnerabilityReport } from '../vulnerabilities';
import { artifactUrl } from './artifacts';

const LIVE_MS = 1500;

/** Under the repository's artifact keys, so a push or deletion refreshes these too. */
const scanKeys = {
  all: (ref: RepositoryRef) => [...artifactKeys.repository(ref), 'scan'] as const,
  overview: (ref: RepositoryRef, digest: string) => [...artifactKeys.repository(ref), 'scan', digest] as const,
  report: (ref: RepositoryRef, digest: string, reportId: string) => [...artifactKeys.repository(ref), 'scan', digest, 'report', reportId] as const,
};
const listKey = (ref: RepositoryRef) => [...artifactKeys.repository(ref), 'list'] as const;

/** The log of the scan that made a report: a plain GET the session cookie authorises, opened in a new tab. */
export const scanLogUrl = (ref: RepositoryRef, digest: string, reportId: string) =>
  `/api/v2.0${artifactUrl(ref, digest)}/scan/${encodeURIComponent(reportId)}/log`;

/** The artifact's scan overview; asked again while its scan is queued or running. */
export const useScanOverview = (ref: RepositoryRef, digest: string) =>
  useQuery({
    queryKey: scanKeys.overview(ref, digest),
    queryFn: async (): Promise<ScanOverview | null> =>
      overviewOf((await api.get<Artifact>(artifactUrl(ref, digest), { params: { with_tag: false, with_scan_overview: true } })).data) ?? null,
    refetchInterval: (query) => (isScanning(query.state.data ?? undefined) ? LIVE_MS : false),
  });

/** The whole report of one scan (the addition has no pages); a new scan has a new report id. */
export const vulnerabilityReportQuery = (ref: RepositoryRef, digest: string, reportId: string) => ({
  queryKey: scanKeys.report(ref, digest, reportId),
  queryFn: async (): Promise<VulnerabilityReport> =>
    ((await api.get<Record<string, VulnerabilityReport>>(`${artifactUrl(ref, digest)}/additions/vulnerabilities`)).data[REPORT_MIME] ?? {}),
  staleTime: Infinity,
});

/** After a scan starts or stops: the overviews on screen, and the log that records it. */
function useScansChanged(ref: RepositoryRef) {
  const client = useQueryClient();
  return () => invalidate(client, scanKeys.all(ref), listKey(ref), auditKeys.all);
}

/** POST …/scan: answers once the scan is queued (409 while one runs, 412 without a scanner). */
export function useScanArtifact(ref: RepositoryRef) {
  const changed = useScansChanged(ref);
  return useMutation({ mutationFn: (digest: string) => api.post(`${artifactUrl(ref, digest)}/scan`, { scan_type: 'vulnerability' }), onSuccess: changed });
}

export function useStopScan(ref: RepositoryRef) {
  const changed = useScansChanged(ref);
  return useMutation({ mutationFn: (digest: string) => api.post(`${artifactUrl(ref, digest)}/scan/stop`, { scan_type: 'vulnerability' }), onSuccess: changed });
}

/** Keeps a list of artifacts fresh while any of them is being scanned, so its progress and outcome show. */
export function useRefreshWhileScanning(ref: RepositoryRef, artifacts: Artifact[] | undefined) {
  const client = useQueryClient();
  const scanning = artifacts?.some((a) => isScanning(overviewOf(a))) ?? false;
  const { projectName, repository } = ref;
  useEffect(() => {
    if (!scanning) return;
    const timer = setInterval(() => void client.invalidateQueries({ queryKey: listKey({ projectName, repository }) }), LIVE_MS);
    return () => clearInterval(timer);
  }, [scanning, client, projectName, repository]);
}
