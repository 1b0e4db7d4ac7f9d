/** Project quotas (Harbor's tag "quota"): the list with usage, and a new storage limit. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { pageQuery } from '../../../lib/list-page';
import type { ListParams } from '../../../lib/list-params';
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

/** A page of the projects' quotas, for useListPage. */
export const quotasQuery = (params: ListParams) => pageQuery<Quota>(quotaKeys.list(params), '/quotas', params, { reference: 'project' });

export function useUpdateQuota() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, storage }: { id: number; storage: number }) => api.put(`/quotas/${id}`, { hard: { storage } }),
    // The project's summary shows the same limit.
    onSuccess: () => invalidate(client, quotaKeys.all, projectKeys.all, auditKeys.all),
  });
}
