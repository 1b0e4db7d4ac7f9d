/** Scan all (Harbor's scanAll tag): run now, stop, the schedule, and the newest run's figures. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as scans from '../../../../server/api/contracts/scans';
import { api } from '../../../lib/api-client';
import { artifactKeys, invalidate } from '../../../lib/query-keys';

export type ScanAllMetrics = z.output<typeof scans.Stats>;

const LIVE_MS = 2000;
const keys = {
  all: ['scan-all'] as const,
  metrics: ['scan-all', 'metrics'] as const,
  schedule: ['scan-all', 'schedule'] as const,
};

/** The newest scan all's progress; asked again while it runs. */
export const useScanAllMetrics = () =>
  useQuery({
    queryKey: keys.metrics,
    queryFn: async () => (await api.get<ScanAllMetrics>('/scans/all/metrics')).data,
    refetchInterval: (query) => (query.state.data?.ongoing ? LIVE_MS : false),
  });

export const useScanAllSchedule = () =>
  useQuery({
    queryKey: keys.schedule,
    queryFn: async () => (await api.get<{ schedule: { type: string; cron: string; next_scheduled_time?: string } }>('/system/scanAll/schedule')).data.schedule,
  });

/** Scan every image now (409 while a scan all runs); the artifacts' overviews change with it. */
export function useScanAllNow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post('/system/scanAll/schedule', { schedule: { type: 'Manual' } }),
    onSuccess: () => invalidate(client, keys.all, artifactKeys.all),
  });
}

export function useStopScanAll() {
  const client = useQueryClient();
  return useMutation({ mutationFn: () => api.post('/system/scanAll/stop'), onSuccess: () => invalidate(client, keys.all) });
}

export function useSaveScanAllSchedule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (schedule: { type: string; cron?: string }) => api.put('/system/scanAll/schedule', { schedule }),
    onSuccess: () => invalidate(client, keys.schedule),
  });
}
