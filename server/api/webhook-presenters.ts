/** Webhook resources as Harbor writes them; a stored auth header is shown as "*****", never sent. */
import type { z } from 'zod';
import type { ExecutionRow, TaskRow } from '../core/jobs/job-types.js';
import { SLACK_VENDOR } from '../core/webhooks/event-types.js';
import type { ExecutionView, LastTrigger, TestResult } from '../core/webhooks/deliveries.service.js';
import type { WebhookPolicy as Policy } from '../core/webhooks/policy.repository.js';
import { SECRET_MASK } from '../core/webhooks/policy.service.js';
import { ZERO_TIME } from './contracts/common.js';
import type { Execution, Task, WebhookJob, WebhookLastTrigger, WebhookPolicy, WebhookTestResult } from './contracts/webhooks.js';

type Out<T extends z.ZodType> = z.output<T>;

export const webhookPolicyJson = (p: Policy): Out<typeof WebhookPolicy> => ({
  id: p.id,
  name: p.name,
  description: p.description,
  project_id: p.projectId,
  targets: p.targets.map((t) => ({
    type: t.type,
    address: t.address,
    auth_header: t.authHeader ? SECRET_MASK : '',
    skip_cert_verify: t.skipCertVerify,
    ...(t.payloadFormat ? { payload_format: t.payloadFormat } : {}),
  })),
  event_types: p.eventTypes,
  creator: p.creator,
  creation_time: p.creationTime,
  update_time: p.updateTime,
  enabled: p.enabled,
});

const attrsOf = (text: string): Record<string, unknown> => {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/** Harbor's trigger words for executions. */
const TRIGGERS: Record<string, string> = { EVENT_BASED: 'EVENT', SCHEDULE: 'SCHEDULE', MANUAL: 'MANUAL' };

export function webhookExecutionJson({ row, tasks }: ExecutionView): Out<typeof Execution> {
  const count = (status: string) => tasks.filter((t) => t.status === status).length;
  return {
    id: row.id,
    vendor_type: row.vendor_type,
    vendor_id: row.vendor_id,
    status: row.status,
    status_message: row.status_message,
    metrics: {
      task_count: tasks.length,
      success_task_count: count('Success'),
      error_task_count: count('Error'),
      pending_task_count: count('Pending'),
      running_task_count: count('Running'),
      scheduled_task_count: 0,
      stopped_task_count: count('Stopped'),
    },
    trigger: TRIGGERS[row.trigger] ?? row.trigger,
    extra_attrs: attrsOf(row.extra_attrs),
    start_time: row.start_time,
    end_time: row.end_time ?? ZERO_TIME,
  };
}

export const webhookTaskJson = (row: TaskRow): Out<typeof Task> => ({
  id: row.id,
  execution_id: row.execution_id,
  status: row.status,
  status_message: row.status_message,
  run_count: row.run_count,
  extra_attrs: attrsOf(row.extra_attrs),
  creation_time: row.creation_time,
  update_time: row.update_time,
  start_time: row.start_time ?? ZERO_TIME,
  end_time: row.end_time ?? ZERO_TIME,
});

export function webhookJobJson(row: ExecutionRow): Out<typeof WebhookJob> {
  const attrs = attrsOf(row.extra_attrs);
  return {
    id: row.id,
    policy_id: row.vendor_id,
    event_type: typeof attrs.event_type === 'string' ? attrs.event_type : '',
    notify_type: row.vendor_type === SLACK_VENDOR ? 'slack' : 'http',
    status: row.status,
    job_detail: typeof attrs.payload === 'string' ? attrs.payload : '',
    creation_time: row.start_time,
    update_time: row.update_time,
  };
}

export const lastTriggerJson = (t: LastTrigger): Out<typeof WebhookLastTrigger> => ({
  policy_name: t.policyName,
  event_type: t.eventType,
  enabled: t.enabled,
  creation_time: t.creationTime,
  ...(t.lastTriggerTime ? { last_trigger_time: t.lastTriggerTime } : {}),
});

export const testResultJson = ({ address, result }: TestResult): Out<typeof WebhookTestResult> => ({
  address,
  status_code: result.statusCode,
  duration_ms: result.durationMs,
  success: result.statusCode >= 200 && result.statusCode < 300,
  ...(result.error ? { error: result.error } : {}),
});
