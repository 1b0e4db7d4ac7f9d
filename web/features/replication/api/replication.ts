/**
 * Replication rules, their executions, tasks and task logs (Harbor's tag "replication"), and the
 * registries a rule can name.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { fuzzyQuery, type ListParams } from '../../../lib/list-params';
import { fetchPage, type Page } from '../../../lib/pages';
import { pageQuery } from '../../../lib/list-page';
import { auditKeys, invalidate, registryKeys, replicationKeys } from '../../../lib/query-keys';
import type { Registry, ReplicationExecution, ReplicationPolicy, ReplicationPolicyRequest, ReplicationTask } from '../../../lib/replication-types';
import { isRunning } from '../status';

/** While anything shown is still running, ask again every 2 s; then stop. */
const LIVE_MS = 2_000;

export const policiesQuery = (params: ListParams) =>
  pageQuery<ReplicationPolicy>(replicationKeys.policies(params), '/replication/policies', params, { q: fuzzyQuery('name', params.filter) });

export const usePolicy = (policyId: number | null) =>
  useQuery({
    queryKey: replicationKeys.policy(policyId ?? 0),
    queryFn: async () => (await api.get<ReplicationPolicy>(`/replication/policies/${policyId}`)).data,
    enabled: policyId !== null,
  });

/** Every registry endpoint (a rule form's choice), up to Harbor's largest page. */
export const useRegistryChoices = () =>
  useQuery({
    queryKey: registryKeys.choices,
    queryFn: async () => (await api.get<Registry[]>('/registries', { params: { page: 1, page_size: 100, sort: 'name' } })).data,
  });

/** A rule's newest execution, for the rules list's "Last run"; live while it runs. */
export const useLastExecution = (policyId: number) =>
  useQuery({
    queryKey: replicationKeys.lastExecution(policyId),
    queryFn: async () =>
      (await api.get<ReplicationExecution[]>('/replication/executions', { params: { policy_id: policyId, page: 1, page_size: 1, sort: '-start_time' } }))
        .data[0] ?? null,
    refetchInterval: (query) => (query.state.data && isRunning(query.state.data.status) ? LIVE_MS : false),
  });

export const executionsQuery = (policyId: number) => (params: ListParams) => ({
  ...pageQuery<ReplicationExecution>(replicationKeys.executions(policyId, params), '/replication/executions', params, {
    policy_id: String(policyId),
    status: params.filters.status || undefined,
    trigger: params.filters.trigger || undefined,
  }),
  refetchInterval: (query: { state: { data?: Page<ReplicationExecution> } }) => (query.state.data?.items.some((e) => isRunning(e.status)) ? LIVE_MS : false),
});

export const useExecution = (executionId: number) =>
  useQuery({
    queryKey: replicationKeys.execution(executionId),
    queryFn: async () => (await api.get<ReplicationExecution>(`/replication/executions/${executionId}`)).data,
    refetchInterval: (query) => (query.state.data && isRunning(query.state.data.status) ? LIVE_MS : false),
  });

export const useTasks = (executionId: number, params: ListParams, live: boolean) =>
  useQuery({
    queryKey: replicationKeys.tasks(executionId, params),
    queryFn: () =>
      fetchPage<ReplicationTask>(`/replication/executions/${executionId}/tasks`, params, {
        status: params.filters.status || undefined,
        resource_type: params.filters.resource_type || undefined,
      }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (live || query.state.data?.items.some((t) => isRunning(t.status)) ? LIVE_MS : false),
  });

/** A task's log as plain text; followed while the task runs. */
export const useTaskLog = (executionId: number, taskId: number | null, live: boolean) =>
  useQuery({
    queryKey: replicationKeys.log(executionId, taskId ?? 0),
    queryFn: async () =>
      (await api.get<string>(`/replication/executions/${executionId}/tasks/${taskId}/log`, { responseType: 'text', transformResponse: (d: string) => d }))
        .data,
    enabled: taskId !== null,
    refetchInterval: live ? LIVE_MS : false,
  });

/** Rules, executions and the audit log. */
function useReplicationChanged() {
  const client = useQueryClient();
  return () => invalidate(client, replicationKeys.all, auditKeys.all);
}

export type SavePolicy = { id: null; body: ReplicationPolicyRequest } | { id: number; body: ReplicationPolicyRequest };

export function useSavePolicy() {
  const changed = useReplicationChanged();
  return useMutation({
    mutationFn: (save: SavePolicy) =>
      save.id === null ? api.post('/replication/policies', save.body) : api.put(`/replication/policies/${save.id}`, save.body),
    onSuccess: changed,
  });
}

export function useDeletePolicy() {
  const changed = useReplicationChanged();
  return useMutation({ mutationFn: (policy: ReplicationPolicy) => api.delete(`/replication/policies/${policy.id}`), onSuccess: changed });
}

/**
 * Enable or disable: Harbor has no operation of its own for it, so the rule goes back whole with
 * the flag changed (registries by id, as the request wants them).
 */
export function useSetPolicyEnabled() {
  const changed = useReplicationChanged();
  return useMutation({
    mutationFn: ({ policy, enabled }: { policy: ReplicationPolicy; enabled: boolean }) =>
      api.put(`/replication/policies/${policy.id}`, { ...requestOf(policy), enabled }),
    onSuccess: changed,
  });
}

export function requestOf(policy: ReplicationPolicy): ReplicationPolicyRequest {
  const { id: _id, creation_time: _c, update_time: _u, src_registry, dest_registry, ...rest } = policy;
  return {
    ...rest,
    src_registry: src_registry?.id ? { id: src_registry.id } : null,
    dest_registry: dest_registry?.id ? { id: dest_registry.id } : null,
  };
}

/** Starts an execution of a rule; resolves with its id (from the Location header) when the server gives it. */
export function useStartReplication() {
  const changed = useReplicationChanged();
  return useMutation({
    mutationFn: async (policy: ReplicationPolicy) => {
      const res = await api.post('/replication/executions', { policy_id: policy.id });
      const location = String(res.headers.location ?? '');
      const id = Number(/\/(\d+)$/.exec(location)?.[1]);
      return Number.isFinite(id) && id > 0 ? id : undefined;
    },
    onSuccess: changed,
  });
}

export function useStopExecution() {
  const changed = useReplicationChanged();
  return useMutation({ mutationFn: (execution: ReplicationExecution) => api.put(`/replication/executions/${execution.id}`), onSuccess: changed });
}
