/**
 * A project's webhooks (Harbor's tag "webhook"): policies, saving, deleting, the Test (a sample
 * event sent at once) and each policy's delivery history. Keys live here: only this feature
 * reads them.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as contracts from '../../../../server/api/contracts/webhooks';
import { api } from '../../../lib/api-client';

export type WebhookPolicy = z.output<typeof contracts.WebhookPolicy>;
export type WebhookPolicyBody = z.input<typeof contracts.WebhookPolicyReq>;
export type WebhookExecution = z.output<typeof contracts.Execution>;
export type WebhookTask = z.output<typeof contracts.Task>;
export type WebhookTestResult = z.output<typeof contracts.WebhookTestResult>;

/** Every attempt of a delivery, as the server keeps it in the task's extra_attrs. */
export type DeliveryAttempt = z.output<typeof contracts.WebhookDeliveryAttempt>;

export const webhookKeys = {
  all: (projectId: number) => ['webhooks', projectId] as const,
  policies: (projectId: number) => ['webhooks', projectId, 'policies'] as const,
  history: (projectId: number, policyId: number) => ['webhooks', projectId, 'history', policyId] as const,
};

const base = (projectId: number) => `/projects/${projectId}/webhook/policies`;

export const useWebhookPolicies = (projectId: number) =>
  useQuery({
    queryKey: webhookKeys.policies(projectId),
    queryFn: async () => (await api.get<WebhookPolicy[]>(base(projectId), { params: { page_size: 100, sort: 'name' } })).data,
  });

export type SaveWebhook = { id: number | null; body: WebhookPolicyBody };

export function useSaveWebhook(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body }: SaveWebhook) => {
      if (id === null) await api.post(base(projectId), body);
      else await api.put(`${base(projectId)}/${id}`, body);
    },
    onSuccess: () => client.invalidateQueries({ queryKey: webhookKeys.all(projectId) }),
  });
}

export function useDeleteWebhook(projectId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (policy: WebhookPolicy) => api.delete(`${base(projectId)}/${policy.id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: webhookKeys.all(projectId) }),
  });
}

export const useTestWebhook = (projectId: number) =>
  useMutation({ mutationFn: async (body: WebhookPolicyBody & { id?: number }) => (await api.post<WebhookTestResult[]>(`${base(projectId)}/test`, body)).data });

/** The policy's newest deliveries, each with its task (the attempts); refreshed while one is still going. */
export const useDeliveryHistory = (projectId: number, policyId: number) =>
  useQuery({
    queryKey: webhookKeys.history(projectId, policyId),
    queryFn: async () => {
      const executions = (await api.get<WebhookExecution[]>(`${base(projectId)}/${policyId}/executions`, { params: { page_size: 15 } })).data;
      return Promise.all(
        executions.map(async (execution) => {
          const tasks = (await api.get<WebhookTask[]>(`${base(projectId)}/${policyId}/executions/${execution.id}/tasks`)).data;
          return { execution, attempts: tasks.flatMap((t) => (t.extra_attrs.attempts as DeliveryAttempt[] | undefined) ?? []) };
        }),
      );
    },
    refetchInterval: (query) => (query.state.data?.some((d) => d.execution.status === 'Running' || d.execution.status === 'Pending') ? 2_000 : false),
  });
