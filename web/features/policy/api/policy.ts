/** The project's Policy tab: its retention policy, executions and tasks, and immutable tag rules. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { ImmutableRule, ImmutableRuleRequest, RetentionExecution, RetentionPolicy, RetentionPolicyRequest, RetentionTask } from '../../../lib/api-types';
import { invalidate, projectKeys } from '../../../lib/query-keys';

export const policyKeys = {
  all: ['policy'] as const,
  retention: (id: number) => ['policy', 'retention', id] as const,
  executions: (id: number) => ['policy', 'retention', id, 'executions'] as const,
  tasks: (id: number, executionId: number) => ['policy', 'retention', id, 'executions', executionId] as const,
  log: (id: number, executionId: number, taskId: number) => ['policy', 'retention', id, 'executions', executionId, 'log', taskId] as const,
  immutable: (projectId: number) => ['policy', 'immutable', projectId] as const,
};

const RUNNING = ['Pending', 'Running'];

export const useRetentionPolicy = (id: number | undefined) =>
  useQuery({
    queryKey: policyKeys.retention(id ?? 0),
    queryFn: async () => (await api.get<RetentionPolicy>(`/retentions/${id}`)).data,
    enabled: id !== undefined,
  });

/** Newest first; followed every two seconds while one runs. */
export const useRetentionExecutions = (id: number | undefined) =>
  useQuery({
    queryKey: policyKeys.executions(id ?? 0),
    queryFn: async () => (await api.get<RetentionExecution[]>(`/retentions/${id}/executions`, { params: { page_size: 20 } })).data,
    enabled: id !== undefined,
    refetchInterval: (query) => (query.state.data?.some((e) => RUNNING.includes(e.status)) ? 2000 : false),
  });

export const useRetentionTasks = (id: number, executionId: number, live: boolean) =>
  useQuery({
    queryKey: policyKeys.tasks(id, executionId),
    queryFn: async () => (await api.get<RetentionTask[]>(`/retentions/${id}/executions/${executionId}/tasks`, { params: { page_size: 100 } })).data,
    refetchInterval: live ? 2000 : false,
  });

export const useRetentionTaskLog = (id: number, executionId: number, taskId: number | undefined) =>
  useQuery({
    queryKey: policyKeys.log(id, executionId, taskId ?? 0),
    queryFn: async () => (await api.get<string>(`/retentions/${id}/executions/${executionId}/tasks/${taskId}`, { responseType: 'text' })).data,
    enabled: taskId !== undefined,
  });

/** Creates the project's policy, or replaces the one it has. */
export function useSaveRetention(projectId: number, id: number | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (policy: RetentionPolicyRequest) => {
      const body = { ...policy, algorithm: 'or', scope: { level: 'project', ref: projectId } };
      if (id !== undefined) await api.put(`/retentions/${id}`, body);
      else await api.post('/retentions', body);
    },
    onSuccess: () => invalidate(client, policyKeys.all, projectKeys.all),
  });
}

export function useRunRetention(id: number | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (dryRun: boolean) => {
      const res = await api.post(`/retentions/${id}/executions`, { dry_run: dryRun });
      return Number(String(res.headers.location ?? '').split('/').at(-1));
    },
    onSuccess: () => invalidate(client, policyKeys.executions(id ?? 0)),
  });
}

export const useImmutableRules = (projectId: number) =>
  useQuery({
    queryKey: policyKeys.immutable(projectId),
    queryFn: async () => (await api.get<ImmutableRule[]>(`/projects/${projectId}/immutabletagrules`, { params: { page_size: 0 } })).data,
  });

export function useSaveImmutableRule(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, rule }: { id?: number | undefined; rule: ImmutableRuleRequest }) => {
      if (id !== undefined) await api.put(`/projects/${projectId}/immutabletagrules/${id}`, rule);
      else await api.post(`/projects/${projectId}/immutabletagrules`, rule);
    },
    onSuccess: () => invalidate(client, policyKeys.immutable(projectId)),
  });
}

export function useDeleteImmutableRule(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (rule: ImmutableRule) => api.delete(`/projects/${projectId}/immutabletagrules/${rule.id}`),
    onSuccess: () => invalidate(client, policyKeys.immutable(projectId)),
  });
}
