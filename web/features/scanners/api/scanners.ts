/**
 * Scanner registrations (Harbor's scanner tag): list, create, update, enable or disable, make
 * the default, delete, and the connection test; and a project's choice of scanner. The server
 * never returns a stored credential ("*****" stands in for it).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as contracts from '../../../../server/api/contracts/scanners';
import { api, toApiError } from '../../../lib/api-client';
import type { ListParams } from '../../../lib/list-params';
import { pageQuery } from '../../../lib/list-page';
import { fetchPage } from '../../../lib/pages';
import { artifactKeys, auditKeys, invalidate } from '../../../lib/query-keys';

export type ScannerRegistration = z.output<typeof contracts.ScannerRegistration>;
export type ScannerRequest = z.input<typeof contracts.ScannerRegistrationReq>;
export type ScannerSettings = z.input<typeof contracts.ScannerRegistrationSettings>;

export const scannerKeys = {
  all: ['scanners'] as const,
  list: (params: ListParams) => ['scanners', 'list', params] as const,
  project: (projectId: number) => ['scanners', 'project', projectId] as const,
  candidates: (projectId: number) => ['scanners', 'project', projectId, 'candidates'] as const,
};

export const scannersQuery = (params: ListParams) => pageQuery<ScannerRegistration>(scannerKeys.list(params), '/scanners', params);

/** Registrations, projects' scanners, artifacts' overviews (the default decides whose reports show) and the log. */
function useScannersChanged() {
  const client = useQueryClient();
  return () => invalidate(client, scannerKeys.all, artifactKeys.all, auditKeys.all);
}

/** A new registration (uuid null) or the whole of a saved one, as Harbor's PUT takes it. */
export type SaveScanner = { uuid: string | null; body: ScannerRequest };

export function useSaveScanner() {
  const changed = useScannersChanged();
  return useMutation({
    mutationFn: async ({ uuid, body }: SaveScanner): Promise<void> => {
      if (uuid === null) await api.post('/scanners', body);
      else await api.put(`/scanners/${uuid}`, body);
    },
    onSuccess: changed,
  });
}

/** The registration as it is saved, for a PUT that changes one thing; the masked credential means "keep it". */
export const requestOf = (s: ScannerRegistration): ScannerRequest => ({
  name: s.name,
  description: s.description,
  url: s.url,
  auth: s.auth,
  access_credential: s.access_credential,
  skip_certVerify: s.skip_certVerify,
  use_internal_addr: s.use_internal_addr,
  disabled: s.disabled,
});

export function useSetScannerEnabled() {
  const changed = useScannersChanged();
  return useMutation({
    mutationFn: ({ scanner, enabled }: { scanner: ScannerRegistration; enabled: boolean }) => api.put(`/scanners/${scanner.uuid}`, { ...requestOf(scanner), disabled: !enabled }),
    onSuccess: changed,
  });
}

export function useSetDefaultScanner() {
  const changed = useScannersChanged();
  return useMutation({ mutationFn: (scanner: ScannerRegistration) => api.patch(`/scanners/${scanner.uuid}`, { is_default: true }), onSuccess: changed });
}

export function useDeleteScanner() {
  const changed = useScannersChanged();
  return useMutation({ mutationFn: (scanner: ScannerRegistration) => api.delete(`/scanners/${scanner.uuid}`), onSuccess: changed });
}

/**
 * Test connection: the typed settings (POST /scanners/ping), or, for a saved registration whose
 * address and authorization are unchanged and whose credential is left empty, the saved one
 * (its metadata): the stored credential never comes back to the browser to be sent again.
 */
export const usePingScanner = () =>
  useMutation({
    mutationFn: async (ping: { saved: string } | { settings: ScannerSettings }): Promise<void> => {
      if ('saved' in ping) await api.get(`/scanners/${ping.saved}/metadata`);
      else await api.post('/scanners/ping', ping.settings);
    },
  });

/** The project's scanner: its own choice, else the default; null when neither exists (the API's 404). */
export const useProjectScanner = (projectId: number) =>
  useQuery({
    queryKey: scannerKeys.project(projectId),
    queryFn: async (): Promise<ScannerRegistration | null> => {
      try {
        return (await api.get<ScannerRegistration>(`/projects/${projectId}/scanner`)).data;
      } catch (err) {
        if (toApiError(err).status === 404) return null;
        throw err;
      }
    },
  });

/** The enabled registrations a project may choose (project admins). */
export const useScannerCandidates = (projectId: number, enabled: boolean) =>
  useQuery({
    queryKey: scannerKeys.candidates(projectId),
    queryFn: async () => (await fetchPage<ScannerRegistration>(`/projects/${projectId}/scanner/candidates`, { page: 1, pageSize: 100, filter: '', sort: '', filters: {} })).items,
    enabled,
  });

export function useSetProjectScanner(projectId: number) {
  const changed = useScannersChanged();
  return useMutation({ mutationFn: (uuid: string) => api.put(`/projects/${projectId}/scanner`, { uuid }), onSuccess: changed });
}
