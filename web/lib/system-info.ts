/** GET /systeminfo: version, addresses and auth mode, shared by the About dialog, push commands and System info. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from './api-client';
import type { SystemInfo } from './api-types';

export const systemInfoQuery = queryOptions({
  queryKey: ['systeminfo'],
  queryFn: async () => (await api.get<SystemInfo>('/systeminfo')).data,
  staleTime: 5 * 60_000,
});

export const useSystemInfo = (enabled = true) => useQuery({ ...systemInfoQuery, enabled });

/** The host docker talks to: registry_url, else the external URL's host, else this page's. */
export function registryHost(info: SystemInfo | undefined): string {
  if (info?.registry_url) return info.registry_url.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  if (info?.external_url) {
    try {
      return new URL(info.external_url).host;
    } catch {
      // fall through to the page's own host
    }
  }
  return window.location.host;
}
