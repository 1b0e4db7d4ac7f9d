/**
 * Webhooks: Harbor's WebhookPolicy, WebhookTargetObject, WebhookLastTrigger, WebhookJob,
 * SupportedWebhookEventTypes, Execution and Task, and the `webhook` and `webhookjob` operations
 * with Harbor's operationIds. One Berth operation: the console's Test (Harbor 2.0's
 * /webhook/policies/test, since removed), which sends a sample event at once.
 */
import { z } from 'zod';
import { created, errorResponses, isResourceNameHeader, LIST_HEADERS, ok, pagingQuery, projectNameOrId, rowId, rowIdParam } from './common.js';
import { operation } from './operation.js';

const targetFields = () => ({
  type: z.string().optional().describe('http (the default) or slack.'),
  address: z.string().max(2048).optional().describe('The receiver\'s http:// or https:// URL.'),
  auth_header: z.string().optional().describe('Sent as the Authorization header. Answers show "*****" when one is set; sending "*****" back keeps it.'),
  skip_cert_verify: z.boolean().optional().describe('true: do not verify the receiver\'s TLS certificate.'),
  payload_format: z.string().optional().describe('Default or CloudEvents (http targets only).'),
});

export const WebhookTargetObject = z.object(targetFields()).meta({ id: 'WebhookTargetObject' });

const policyFields = <T extends z.ZodType>(target: T) => ({
  id: z.int().optional(),
  name: z.string().max(256).optional(),
  description: z.string().optional(),
  project_id: z.int().optional(),
  targets: z.array(target).nullable().optional(),
  event_types: z.array(z.string()).nullable().optional().describe('PUSH_ARTIFACT, PULL_ARTIFACT, DELETE_ARTIFACT, REPLICATION, TAG_RETENTION, QUOTA_EXCEED, QUOTA_WARNING.'),
  creator: z.string().optional(),
  creation_time: z.string().optional(),
  update_time: z.string().optional(),
  enabled: z.boolean().optional().describe('Absent reads as true.'),
});

export const WebhookPolicy = z.object(policyFields(WebhookTargetObject)).meta({ id: 'WebhookPolicy' });
/** The same object as a request sends it (the document keeps request and response schemas apart). */
export const WebhookPolicyReq = z
  .object(policyFields(z.object(targetFields()).meta({ id: 'WebhookTargetObjectReq' })))
  .meta({ id: 'WebhookPolicyReq' });

export const WebhookLastTrigger = z
  .object({
    policy_name: z.string(),
    event_type: z.string(),
    enabled: z.boolean(),
    creation_time: z.string(),
    last_trigger_time: z.string().optional(),
  })
  .meta({ id: 'WebhookLastTrigger' });

export const WebhookJob = z
  .object({
    id: z.int(),
    policy_id: z.int(),
    event_type: z.string(),
    notify_type: z.string(),
    status: z.string(),
    job_detail: z.string(),
    creation_time: z.string(),
    update_time: z.string(),
  })
  .meta({ id: 'WebhookJob' });

export const SupportedWebhookEventTypes = z
  .object({
    event_type: z.array(z.string()),
    notify_type: z.array(z.string()),
    payload_formats: z.array(z.object({ notify_type: z.string(), formats: z.array(z.string()) }).meta({ id: 'PayloadFormat' })),
  })
  .meta({ id: 'SupportedWebhookEventTypes' });

export const ExecutionMetrics = z
  .object({
    task_count: z.int(),
    success_task_count: z.int(),
    error_task_count: z.int(),
    pending_task_count: z.int(),
    running_task_count: z.int(),
    scheduled_task_count: z.int(),
    stopped_task_count: z.int(),
  })
  .meta({ id: 'Metrics' });

export const Execution = z
  .object({
    id: z.int(),
    vendor_type: z.string(),
    vendor_id: z.int(),
    status: z.string().describe('Pending, Running, Success, Error or Stopped.'),
    status_message: z.string(),
    metrics: ExecutionMetrics,
    trigger: z.string().describe('MANUAL, SCHEDULE or EVENT.'),
    extra_attrs: z.record(z.string(), z.unknown()),
    start_time: z.string(),
    end_time: z.string(),
  })
  .meta({ id: 'Execution' });

/** One attempt of a delivery, as a webhook task's extra_attrs.attempts lists them (Berth). */
export const WebhookDeliveryAttempt = z
  .object({
    attempt: z.int(),
    status_code: z.int().describe('The receiver\'s answer; 0 when it did not answer.'),
    time: z.string(),
    duration_ms: z.int(),
    error: z.string().optional(),
  })
  .meta({ id: 'WebhookDeliveryAttempt' });

export const Task = z
  .object({
    id: z.int(),
    execution_id: z.int(),
    status: z.string(),
    status_message: z.string(),
    run_count: z.int(),
    extra_attrs: z.record(z.string(), z.unknown()).describe('Berth: attempts lists each attempt with the receiver\'s status_code (0: no answer), time and duration_ms.'),
    creation_time: z.string(),
    update_time: z.string(),
    start_time: z.string(),
    end_time: z.string(),
  })
  .meta({ id: 'Task' });

export const WebhookTestResult = z
  .object({
    address: z.string(),
    status_code: z.int().describe('The receiver\'s answer; 0 when it did not answer.'),
    duration_ms: z.int(),
    success: z.boolean(),
    error: z.string().optional(),
  })
  .meta({ id: 'WebhookTestResult' });

const params = z.object({ project_name_or_id: projectNameOrId });
const policyParams = params.extend({ webhook_policy_id: rowIdParam('The ID of the webhook policy.') });
const executionParams = policyParams.extend({ execution_id: rowIdParam('The ID of the execution.') });
const ACCESS_READ = 'notification-policy:read (project admins, maintainers)';
const ACCESS_WRITE = 'notification-policy:create/update/delete (project admins)';
const base = { tag: 'webhook', headers: isResourceNameHeader } as const;

export const webhookOperations = {
  ListWebhookPoliciesOfProject: operation({
    ...base,
    id: 'ListWebhookPoliciesOfProject',
    method: 'get',
    path: '/projects/{project_name_or_id}/webhook/policies',
    summary: 'List project webhook policies.',
    access: ACCESS_READ,
    params,
    query: pagingQuery,
    responses: { 200: { description: 'Success', body: z.array(WebhookPolicy), headers: LIST_HEADERS }, ...errorResponses(400, 401, 403) },
  }),
  CreateWebhookPolicyOfProject: operation({
    ...base,
    id: 'CreateWebhookPolicyOfProject',
    method: 'post',
    path: '/projects/{project_name_or_id}/webhook/policies',
    summary: 'Create project webhook policy.',
    access: ACCESS_WRITE,
    params,
    body: WebhookPolicyReq,
    responses: { ...created, ...errorResponses(400, 401, 403, 409) },
  }),
  TestWebhookPolicyOfProject: operation({
    ...base,
    id: 'TestWebhookPolicyOfProject',
    method: 'post',
    path: '/projects/{project_name_or_id}/webhook/policies/test',
    summary: 'Berth: send a sample event of the first event type to each target now, and answer what each receiver said.',
    access: ACCESS_WRITE,
    params,
    body: WebhookPolicyReq,
    responses: { 200: { description: 'One result per target.', body: z.array(WebhookTestResult) }, ...errorResponses(400, 401, 403, 404) },
  }),
  GetWebhookPolicyOfProject: operation({
    ...base,
    id: 'GetWebhookPolicyOfProject',
    method: 'get',
    path: '/projects/{project_name_or_id}/webhook/policies/{webhook_policy_id}',
    summary: 'Get project webhook policy',
    access: ACCESS_READ,
    params: policyParams,
    responses: { 200: { description: 'Get webhook policy successfully.', body: WebhookPolicy }, ...errorResponses(400, 401, 403, 404) },
  }),
  UpdateWebhookPolicyOfProject: operation({
    ...base,
    id: 'UpdateWebhookPolicyOfProject',
    method: 'put',
    path: '/projects/{project_name_or_id}/webhook/policies/{webhook_policy_id}',
    summary: 'Update webhook policy of a project.',
    access: ACCESS_WRITE,
    params: policyParams,
    body: WebhookPolicyReq,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404, 409) },
  }),
  DeleteWebhookPolicyOfProject: operation({
    ...base,
    id: 'DeleteWebhookPolicyOfProject',
    method: 'delete',
    path: '/projects/{project_name_or_id}/webhook/policies/{webhook_policy_id}',
    summary: 'Delete webhook policy of a project',
    access: ACCESS_WRITE,
    params: policyParams,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404) },
  }),
  ListExecutionsOfWebhookPolicy: operation({
    ...base,
    id: 'ListExecutionsOfWebhookPolicy',
    method: 'get',
    path: '/projects/{project_name_or_id}/webhook/policies/{webhook_policy_id}/executions',
    summary: 'List executions for a specific webhook policy, newest first.',
    access: ACCESS_READ,
    params: policyParams,
    query: pagingQuery,
    responses: { 200: { description: 'List webhook executions success', body: z.array(Execution), headers: LIST_HEADERS }, ...errorResponses(400, 401, 403, 404) },
  }),
  ListTasksOfWebhookExecution: operation({
    ...base,
    id: 'ListTasksOfWebhookExecution',
    method: 'get',
    path: '/projects/{project_name_or_id}/webhook/policies/{webhook_policy_id}/executions/{execution_id}/tasks',
    summary: 'List tasks for a specific webhook execution',
    access: ACCESS_READ,
    params: executionParams,
    query: pagingQuery,
    responses: { 200: { description: 'List tasks of webhook executions success', body: z.array(Task), headers: LIST_HEADERS }, ...errorResponses(400, 401, 403, 404) },
  }),
  GetLogsOfWebhookTask: operation({
    ...base,
    id: 'GetLogsOfWebhookTask',
    method: 'get',
    path: '/projects/{project_name_or_id}/webhook/policies/{webhook_policy_id}/executions/{execution_id}/tasks/{task_id}/log',
    summary: 'Get logs for a specific webhook task (text/plain).',
    access: ACCESS_READ,
    params: executionParams.extend({ task_id: rowIdParam('The ID of the task.') }),
    responses: { 200: { description: 'Get log success', body: z.string() }, ...errorResponses(400, 401, 403, 404) },
  }),
  LastTrigger: operation({
    ...base,
    id: 'LastTrigger',
    method: 'get',
    path: '/projects/{project_name_or_id}/webhook/lasttrigger',
    summary: 'Deprecated: project webhook policies\' last trigger time by event type.',
    access: ACCESS_READ,
    params,
    responses: { 200: { description: 'The policies by event type.', body: z.array(WebhookLastTrigger) }, ...errorResponses(400, 401, 403) },
  }),
  ListWebhookJobs: operation({
    ...base,
    tag: 'webhookjob',
    id: 'ListWebhookJobs',
    method: 'get',
    path: '/projects/{project_name_or_id}/webhook/jobs',
    summary: 'Deprecated: list project webhook jobs (one per execution of the policy).',
    access: ACCESS_READ,
    params,
    query: pagingQuery.extend({
      policy_id: z.coerce.number().pipe(rowId()).describe('The policy ID.'),
      status: z.string().optional().describe('The status of webhook job; several separated by commas.'),
    }),
    responses: { 200: { description: 'List project webhook jobs successfully.', body: z.array(WebhookJob), headers: LIST_HEADERS }, ...errorResponses(400, 401, 403) },
  }),
  GetSupportedEventTypes: operation({
    ...base,
    id: 'GetSupportedEventTypes',
    method: 'get',
    path: '/projects/{project_name_or_id}/webhook/events',
    summary: 'Get supported event types and notify types.',
    access: ACCESS_READ,
    params,
    responses: { 200: { description: 'Success', body: SupportedWebhookEventTypes }, ...errorResponses(401, 403) },
  }),
};
