/** /system/gc and /system/purgeaudit: runs, one run's log, the schedule, run now. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as gc from '../../../../server/api/contracts/gc';
import { api } from '../../../lib/api-client';

export type CleanupRun = z.output<typeof gc.GCHistory>;
export type ScheduleRequest = z.input<typeof gc.Schedule>;
export type CleanupKind = 'gc' | 'purgeaudit';

const LIVE_MS = 1500;
const keys = {
  all: (kind: CleanupKind) => ['cleanup', kind] as const,
  runs: (kind: CleanupKind) => ['cleanup', kind, 'runs'] as const,
  schedule: (kind: CleanupKind) => ['cleanup', kind, 'schedule'] as const,
  log: (kind: CleanupKind, id: number) => ['cleanup', kind, 'log', id] as const,
};

export const isLive = (run: CleanupRun | undefined) => run !== undefined && ['Pending', 'Running'].includes(run.job_status);

/** The newest runs; polled while one of them is unfinished (progress shows in its result). */
export const useCleanupRuns = (kind: CleanupKind) =>
  useQuery({
    queryKey: keys.runs(kind),
    queryFn: async () => (await api.get<CleanupRun[]>(`/system/${kind}`, { params: { page_size: 10 } })).data,
    refetchInterval: (query) => (query.state.data?.some(isLive) ? LIVE_MS : false),
  });

export const useCleanupSchedule = (kind: CleanupKind) =>
  useQuery({ queryKey: keys.schedule(kind), queryFn: async () => (await api.get<Partial<CleanupRun>>(`/system/${kind}/schedule`)).data });

export const useCleanupLog = (kind: CleanupKind, id: number | null, live: boolean) =>
  useQuery({
    queryKey: keys.log(kind, id ?? 0),
    queryFn: async () => (await api.get<string>(`/system/${kind}/${id}/log`, { responseType: 'text', transformResponse: (d: string) => d })).data,
    enabled: id !== null,
    refetchInterval: live ? LIVE_MS : false,
  });

/** POST …/schedule with type Manual: answers the new run's id (from Location). */
export function useRunNow(kind: CleanupKind) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (parameters: Record<string, unknown>) => {
      const res = await api.post(`/system/${kind}/schedule`, { schedule: { type: 'Manual' }, parameters });
      return Number(/(\d+)$/.exec(String(res.headers.location ?? ''))?.[1] ?? 0);
    },
    onSuccess: () => client.invalidateQueries({ queryKey: keys.all(kind) }),
  });
}

export function useSaveSchedule(kind: CleanupKind) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ScheduleRequest) => api.put(`/system/${kind}/schedule`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.schedule(kind) }),
  });
}

export function useStopRun(kind: CleanupKind) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.put(`/system/${kind}/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.all(kind) }),
  });
}
