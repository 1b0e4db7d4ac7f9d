/** Health of the components and the registry's totals, for System info. */
import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../../../lib/api-client';
import type { HealthStatus, Statistic } from '../../../lib/api-types';
import { statisticsKeys } from '../../../lib/query-keys';

/** Polled every 30 s without renewing the session, so an idle console still times out. */
export const useHealth = () =>
  useQuery({
    queryKey: ['health'],
    queryFn: async () => {
      try {
        return (await api.get<HealthStatus>('/health', { headers: { 'X-Harbor-No-Session-Renewal': 'true' } })).data;
      } catch (err) {
        // 503 still carries the report: which component is unhealthy and why.
        if (err instanceof ApiError && err.status === 503 && err.body) return err.body as HealthStatus;
        throw err;
      }
    },
    refetchInterval: 30_000,
  });

export const useStatistics = () =>
  useQuery({ queryKey: statisticsKeys.all, queryFn: async () => (await api.get<Statistic>('/statistics')).data });
