/**
 * Deliveries on the job service: each (policy, target, event) is an execution of vendor type
 * WEBHOOK (http targets) or SLACK with one task, as Harbor's hook manager makes them. The task
 * POSTs the formatted payload; a receiver that answers other than 2xx, or not at all, is tried
 * again after notification.webhook_job_retry_delay, doubled each time, until
 * notification.webhook_job_max_retry attempts are spent. Every attempt is kept in the task's
 * extra_attrs.attempts with the receiver's status code and time (the console's history).
 */
import { TransientJobError } from '../jobs/job-errors.js';
import type { JobType, TaskRun } from '../jobs/job-types.js';
import type { CoreContext } from '../context.js';
import { vendorOf, WEBHOOK_VENDORS, type WebhookEventType } from './event-types.js';
import { formatPayload, type HarborPayload } from './payloads.js';
import type { WebhookPolicy, WebhookTarget } from './policy.repository.js';
import { sendWebhook, succeeded, type SendResult } from './send.js';

/** What a delivery task carries: the sealed auth header, never the clear one (params are stored). */
export interface DeliveryParams {
  policyId: number;
  eventType: WebhookEventType;
  address: string;
  contentType: string;
  body: string;
  sealedAuthHeader: string;
  skipCertVerify: boolean;
}

export interface DeliveryAttempt {
  attempt: number;
  /** The receiver's status code; 0 when it did not answer. */
  status_code: number;
  /** When the attempt started (ISO). */
  time: string;
  duration_ms: number;
  error?: string;
}

const MAX_KEPT_ATTEMPTS = 20;

const attemptsOf = (extraAttrs: string | undefined): DeliveryAttempt[] => {
  try {
    const value = JSON.parse(extraAttrs ?? '{}') as { attempts?: unknown };
    return Array.isArray(value.attempts) ? (value.attempts as DeliveryAttempt[]) : [];
  } catch {
    return [];
  }
};

function deliveryJob(ctx: CoreContext, vendor: string): JobType {
  const { webhook_job_max_retry: attempts, webhook_job_http_client_timeout: timeoutS, webhook_job_retry_delay: delayMs } = ctx.config.notification;
  return {
    name: vendor,
    maxAttempts: attempts,
    async run(run: TaskRun) {
      const params = run.params as unknown as DeliveryParams;
      const time = new Date().toISOString();
      const result: SendResult = await sendWebhook({
        address: params.address,
        contentType: params.contentType,
        body: params.body,
        authHeader: params.sealedAuthHeader ? ctx.secretBox.open(params.sealedAuthHeader) : undefined,
        skipCertVerify: params.skipCertVerify,
        timeoutMs: timeoutS * 1000,
      });
      const task = await ctx.jobs.getTask(run.taskId);
      const entry: DeliveryAttempt = { attempt: run.attempt, status_code: result.statusCode, time, duration_ms: result.durationMs, ...(result.error ? { error: result.error } : {}) };
      const history = [...attemptsOf(task?.extra_attrs), entry].slice(-MAX_KEPT_ATTEMPTS);
      await run.setExtraAttrs({ attempts: history, status_code: result.statusCode, address: params.address, event_type: params.eventType });
      if (succeeded(result)) {
        run.log.info(`${params.eventType} delivered to ${params.address}: ${result.statusCode} in ${result.durationMs} ms`);
        return;
      }
      throw new TransientJobError(result.error ?? `the receiver answered ${result.statusCode}`, { retryAfterMs: delayMs * 2 ** (run.attempt - 1) });
    },
  };
}

export function registerDeliveryJobs(ctx: CoreContext): void {
  for (const vendor of WEBHOOK_VENDORS) ctx.jobs.register(deliveryJob(ctx, vendor));
}

/** Queues one delivery per target of the policy; answers the execution ids. */
export async function queueDeliveries(ctx: CoreContext, policy: WebhookPolicy, payload: HarborPayload): Promise<number[]> {
  const ids: number[] = [];
  for (const target of policy.targets) ids.push(await queueDelivery(ctx, policy, target, payload));
  return ids;
}

async function queueDelivery(ctx: CoreContext, policy: WebhookPolicy, target: WebhookTarget, payload: HarborPayload): Promise<number> {
  const vendor = vendorOf(target.type);
  const formatted = formatPayload(payload, { projectId: policy.projectId, policyId: policy.id, notifyType: target.type, format: target.payloadFormat ?? 'Default' });
  const executionId = await ctx.jobs.createExecution({
    vendorType: vendor,
    vendorId: policy.id,
    trigger: 'EVENT_BASED',
    extraAttrs: { event_type: payload.type, payload: formatted.body, address: target.address },
  });
  const params: DeliveryParams = {
    policyId: policy.id,
    eventType: payload.type,
    address: target.address,
    contentType: formatted.contentType,
    body: formatted.body,
    sealedAuthHeader: target.authHeader ? ctx.secretBox.seal(target.authHeader) : '',
    skipCertVerify: target.skipCertVerify,
  };
  await ctx.jobs.addTasks(executionId, [{ jobType: vendor, params: params as unknown as Record<string, unknown> }]);
  await ctx.jobs.sealExecution(executionId);
  return executionId;
}
