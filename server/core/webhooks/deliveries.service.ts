/**
 * A policy's delivery history through the API: executions (one per target and event), their
 * task (the POST and its attempts), the task's log, Harbor's deprecated webhook jobs and last
 * trigger times, the supported types, and the console's Test (a sample event sent at once).
 */
import { notFound } from '../../lib/errors.js';
import type { CoreContext } from '../context.js';
import type { ExecutionRow, TaskRow } from '../jobs/job-types.js';
import { UNPAGED_LIMIT, type Page } from '../lists/list-query.js';
import type { ProjectRef } from '../projects/project-access.js';
import { actorName, type Actor } from '../security/actor.js';
import { NOTIFY_TYPES, PAYLOAD_FORMATS, WEBHOOK_EVENT_TYPES, WEBHOOK_VENDORS, type WebhookEventType } from './event-types.js';
import { lastTriggerTimes, listPolicyExecutions } from './execution.repository.js';
import { formatPayload, samplePayload } from './payloads.js';
import { listPolicies, type WebhookPolicy } from './policy.repository.js';
import { checkPolicy, policyIn, webhookProject, type PolicyBody } from './policy.service.js';
import { sendWebhook, type SendResult } from './send.js';

export interface ExecutionView {
  row: ExecutionRow;
  tasks: TaskRow[];
}

interface PageAsked {
  page: number;
  page_size: number;
  sort?: string;
}

const pageOf = (asked: PageAsked) => ({ page: Math.max(asked.page, 1), pageSize: asked.page_size === 0 ? UNPAGED_LIMIT : asked.page_size });

async function withTasks(ctx: CoreContext, rows: ExecutionRow[]): Promise<ExecutionView[]> {
  return Promise.all(rows.map(async (row) => ({ row, tasks: (await ctx.jobs.listTasks(row.id, {}, { page: 1, pageSize: 20 })).rows })));
}

export async function listExecutionsAs(ctx: CoreContext, actor: Actor, ref: ProjectRef, policyId: number, asked: PageAsked): Promise<Page<ExecutionView>> {
  const project = await webhookProject(ctx, actor, ref, 'list');
  await policyIn(ctx, project, policyId);
  const page = pageOf(asked);
  const { total, rows } = await listPolicyExecutions(ctx.db, policyId, {}, { ...page, ascending: asked.sort === 'start_time' || asked.sort === 'id' });
  return { items: await withTasks(ctx, rows), total, page: page.page, pageSize: asked.page_size };
}

async function executionOf(ctx: CoreContext, policy: WebhookPolicy, executionId: number): Promise<ExecutionRow> {
  const row = await ctx.jobs.getExecution(executionId);
  if (!row || !(WEBHOOK_VENDORS as readonly string[]).includes(row.vendor_type) || row.vendor_id !== policy.id) {
    throw notFound(`webhook policy ${policy.id} has no execution ${executionId}`);
  }
  return row;
}

export async function listTasksAs(ctx: CoreContext, actor: Actor, ref: ProjectRef, policyId: number, executionId: number, asked: PageAsked): Promise<Page<TaskRow>> {
  const project = await webhookProject(ctx, actor, ref, 'list');
  const policy = await policyIn(ctx, project, policyId);
  await executionOf(ctx, policy, executionId);
  const page = pageOf(asked);
  const { total, rows } = await ctx.jobs.listTasks(executionId, {}, { ...page, sort: asked.sort?.startsWith('-') ? '-id' : 'id' });
  return { items: rows, total, page: page.page, pageSize: asked.page_size };
}

export async function taskLogAs(ctx: CoreContext, actor: Actor, ref: ProjectRef, policyId: number, executionId: number, taskId: number): Promise<string> {
  const project = await webhookProject(ctx, actor, ref, 'read');
  const policy = await policyIn(ctx, project, policyId);
  await executionOf(ctx, policy, executionId);
  const task = await ctx.jobs.getTask(taskId);
  if (!task || task.execution_id !== executionId) throw notFound(`execution ${executionId} contains no task with ID ${taskId}`);
  return ctx.jobs.readTaskLog(taskId);
}

/** Harbor's deprecated /webhook/jobs: one job per execution of the policy. */
export async function listJobsAs(ctx: CoreContext, actor: Actor, ref: ProjectRef, policyId: number, statuses: string[], asked: PageAsked): Promise<Page<ExecutionRow>> {
  const project = await webhookProject(ctx, actor, ref, 'list');
  await policyIn(ctx, project, policyId);
  const page = pageOf(asked);
  const { total, rows } = await listPolicyExecutions(ctx.db, policyId, { statuses }, page);
  return { items: rows, total, page: page.page, pageSize: asked.page_size };
}

export interface LastTrigger {
  policyName: string;
  eventType: string;
  enabled: boolean;
  creationTime: string;
  lastTriggerTime?: string;
}

export async function lastTriggersAs(ctx: CoreContext, actor: Actor, ref: ProjectRef): Promise<LastTrigger[]> {
  const project = await webhookProject(ctx, actor, ref, 'read');
  const { items } = await listPolicies(ctx.db, ctx.secretBox, project.id, { filters: [], orderings: [{ column: 'id', desc: false }], page: 1, pageSize: 0 });
  const out: LastTrigger[] = [];
  for (const policy of items) {
    const times = await lastTriggerTimes(ctx.db, policy.id);
    for (const eventType of policy.eventTypes) {
      const last = times.get(eventType);
      out.push({ policyName: policy.name, eventType, enabled: policy.enabled, creationTime: policy.creationTime, ...(last ? { lastTriggerTime: last } : {}) });
    }
  }
  return out;
}

export async function supportedTypesAs(ctx: CoreContext, actor: Actor, ref: ProjectRef) {
  await webhookProject(ctx, actor, ref, 'read');
  return {
    event_type: [...WEBHOOK_EVENT_TYPES],
    notify_type: [...NOTIFY_TYPES],
    // Only http targets choose a format, as in Harbor.
    payload_formats: [{ notify_type: 'http', formats: [...PAYLOAD_FORMATS] }],
  };
}

export interface TestResult {
  address: string;
  result: SendResult;
}

/**
 * Sends a sample event of the form's first event type to each of the form's targets, at once
 * (not queued: the console waits for the answer). An existing policy's id lets a masked
 * auth header stand for the stored one.
 */
export async function testPolicyAs(ctx: CoreContext, actor: Actor, ref: ProjectRef, body: PolicyBody & { id?: number }): Promise<TestResult[]> {
  const project = await webhookProject(ctx, actor, ref, 'create');
  const previous = body.id ? await policyIn(ctx, project, body.id) : undefined;
  const input = checkPolicy(body, previous);
  const type: WebhookEventType = input.eventTypes[0]!;
  const payload = samplePayload(type, project.name, actorName(actor), new URL(ctx.config.external_url).host);
  const timeoutMs = ctx.config.notification.webhook_job_http_client_timeout * 1000;
  return Promise.all(
    input.targets.map(async (target) => {
      const formatted = formatPayload(payload, { projectId: project.id, policyId: previous?.id ?? 0, notifyType: target.type, format: target.payloadFormat ?? 'Default' });
      const result = await sendWebhook({ address: target.address, ...formatted, authHeader: target.authHeader || undefined, skipCertVerify: target.skipCertVerify, timeoutMs });
      return { address: target.address, result };
    }),
  );
}
