/** Project quotas (Harbor's tag "quota"): the list with usage, and a new storage limit. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { ListParams } from '../../../lib/list-params';
import { fetchPage } from '../../../lib/pages';
import { auditKeys, invalidate, projectKeys, quotaKeys } from '../../../lib/query-keys';

export interface Quota {
  id: number;
  ref: { id: number; name: string; owner_name: string };
  /** storage in bytes; -1 for no limit. */
  hard: { storage: number };
  used: { storage: number };
  creation_time: string;
  update_time: string;
}

export const useQuotas = (params: ListParams) =>
  useQuery({
    queryKey: quotaKeys.list(params),
    queryFn: () => fetchPage<Quota>('/quotas', params, { reference: 'project' }),
    placeholderData: keepPreviousData,
  });

export function useUpdateQuota() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, storage }: { id: number; storage: number }) => api.put(`/quotas/${id}`, { hard: { storage } }),
    // The project's summary shows the same limit.
    onSuccess: () => invalidate(client, quotaKeys.all, projectKeys.all, auditKeys.all),
  });
}
