/**
 * Replication: Harbor's ReplicationPolicy, ReplicationFilter, ReplicationTrigger,
 * ReplicationExecution, ReplicationTask and their operations (swagger tag `replication`).
 * A policy's ends are Harbor's Registry model; this Berth is registry 0, "Local".
 */
import { z } from 'zod';
import { created, errorResponses, LIST_HEADERS, ok, pagingQuery, rowId, rowIdParam } from './common.js';
import { operation } from './operation.js';

const filterFields = () => ({
  type: z.string().describe('name, tag, label or resource.'),
  value: z.union([z.string(), z.array(z.string())]).describe('A doublestar pattern for name and tag, image or artifact for resource, label names for label.'),
  decoration: z.string().optional().describe('matches (the default) or excludes.'),
});

export const ReplicationFilter = z.object(filterFields()).meta({ id: 'ReplicationFilter' });
export const ReplicationFilterReq = z.object(filterFields()).meta({ id: 'ReplicationFilterReq' });

export const ReplicationTrigger = z
  .object({
    type: z.string().describe('manual, scheduled or event_based.'),
    trigger_settings: z.object({ cron: z.string() }).meta({ id: 'ReplicationTriggerSettings' }),
  })
  .meta({ id: 'ReplicationTrigger' });

/** The trigger as a request gives it: everything optional, as Harbor reads it. */
export const ReplicationTriggerReq = z
  .object({
    type: z.string().optional().describe('manual (the default), scheduled or event_based.'),
    trigger_settings: z
      .object({ cron: z.string().optional().describe('Harbor\'s 6-field cron, seconds first; seconds must be 0 and minutes not *.') })
      .nullable()
      .optional(),
  })
  .meta({ id: 'ReplicationTriggerReq' });

export const RegistryCredentialView = z
  .object({
    type: z.string(),
    access_key: z.string(),
    access_secret: z.string().describe('"*****" when there is a secret; never the secret.'),
  })
  .meta({ id: 'RegistryCredentialRef' });

/** Harbor's Registry model, as a policy's source or destination shows it. */
export const RegistryRef = z
  .object({
    id: z.int(),
    url: z.string(),
    name: z.string(),
    credential: RegistryCredentialView.optional(),
    type: z.string(),
    insecure: z.boolean(),
    ca_certificate: z.string().optional(),
    description: z.string(),
    status: z.string(),
    creation_time: z.string(),
    update_time: z.string(),
  })
  .meta({ id: 'RegistryRef', description: 'Harbor\'s Registry, as a replication policy names it; id 0 is this Berth.' });

export const ReplicationPolicy = z
  .object({
    id: z.int(),
    name: z.string(),
    description: z.string(),
    src_registry: RegistryRef,
    dest_registry: RegistryRef,
    dest_namespace: z.string(),
    dest_namespace_replace_count: z.int(),
    trigger: ReplicationTrigger,
    filters: z.array(ReplicationFilter),
    replicate_deletion: z.boolean(),
    deletion: z.boolean(),
    override: z.boolean(),
    enabled: z.boolean(),
    creation_time: z.string(),
    update_time: z.string(),
    speed: z.int(),
    copy_by_chunk: z.boolean(),
    single_active_replication: z.boolean(),
  })
  .meta({ id: 'ReplicationPolicy' });

const registryIdRef = z
  .object({ id: z.int().min(0).describe('A registry endpoint\'s id; 0 is this Berth.') })
  .loose()
  .nullable()
  .optional();

/** The body of create and update: Harbor reads only these fields of a ReplicationPolicy, and replaces the rule whole. */
export const ReplicationPolicyReq = z
  .object({
    name: z.string().max(255).describe('Unique.'),
    description: z.string().optional(),
    src_registry: registryIdRef.describe('The source; absent or id 0 for this Berth (a push rule).'),
    dest_registry: registryIdRef.describe('The destination; absent or id 0 for this Berth (a pull rule).'),
    dest_namespace: z.string().max(255).optional(),
    dest_namespace_replace_count: z
      .int()
      .nullable()
      .optional()
      .describe('-1 (the default, Harbor\'s legacy mode) flattens all levels, 0 keeps them, N strips N leading levels.'),
    trigger: ReplicationTriggerReq.nullable().optional(),
    filters: z.array(ReplicationFilterReq).max(10).nullable().optional(),
    replicate_deletion: z.boolean().optional().describe('Event-based push rules: delete at the destination what is deleted here.'),
    deletion: z.boolean().optional().describe('Deprecated: replicate_deletion.'),
    override: z.boolean().optional(),
    enabled: z.boolean().optional().describe('Absent reads as false, as Harbor reads it.'),
    speed: z.int().nullable().optional().describe('KB/s per task; 0 or negative for no limit.'),
    copy_by_chunk: z.boolean().nullable().optional(),
    single_active_replication: z.boolean().nullable().optional(),
  })
  .meta({ id: 'ReplicationPolicyReq' });

export const ReplicationExecution = z
  .object({
    id: z.int(),
    policy_id: z.int(),
    status: z.string().describe('InProgress, Succeed, Failed or Stopped.'),
    trigger: z.string().describe('manual, scheduled or event_based.'),
    start_time: z.string(),
    end_time: z.string(),
    status_text: z.string(),
    total: z.int(),
    failed: z.int(),
    succeed: z.int(),
    in_progress: z.int(),
    stopped: z.int(),
  })
  .meta({ id: 'ReplicationExecution' });

export const StartReplicationExecution = z.object({ policy_id: rowId() }).meta({ id: 'StartReplicationExecution' });

export const ReplicationTask = z
  .object({
    id: z.int(),
    execution_id: z.int(),
    status: z.string().describe('Pending, InProgress, Succeed, Failed or Stopped.'),
    job_id: z.string(),
    operation: z.string().describe('copy or deletion.'),
    resource_type: z.string(),
    src_resource: z.string(),
    dst_resource: z.string(),
    start_time: z.string(),
    end_time: z.string(),
    bytes: z.int().optional().describe('Berth: bytes copied (blobs the destination lacked).'),
    duration: z.int().optional().describe('Berth: how long the task\'s last attempt ran, in milliseconds.'),
    status_text: z.string().optional().describe('Berth: why the task failed, in the remote\'s words.'),
  })
  .meta({ id: 'ReplicationTask' });

const policyParams = z.object({ id: rowIdParam('The policy id.') });
const ACCESS = 'system admins';

export const replicationPolicyOperations = {
  listReplicationPolicies: operation({
    id: 'listReplicationPolicies',
    method: 'get',
    path: '/replication/policies',
    summary: 'List replication policies.',
    tag: 'replication',
    access: ACCESS,
    query: pagingQuery.extend({ name: z.string().optional().describe('Deprecated, use q: policy names containing this.') }),
    responses: { 200: { description: 'The policies.', body: z.array(ReplicationPolicy), headers: LIST_HEADERS }, ...errorResponses(400, 401, 403) },
  }),
  createReplicationPolicy: operation({
    id: 'createReplicationPolicy',
    method: 'post',
    path: '/replication/policies',
    summary: 'Create a replication policy.',
    tag: 'replication',
    access: ACCESS,
    body: ReplicationPolicyReq,
    responses: { ...created, ...errorResponses(400, 401, 403, 409) },
  }),
  getReplicationPolicy: operation({
    id: 'getReplicationPolicy',
    method: 'get',
    path: '/replication/policies/{id}',
    summary: 'Get a replication policy.',
    tag: 'replication',
    access: ACCESS,
    params: policyParams,
    responses: { 200: { description: 'The policy.', body: ReplicationPolicy }, ...errorResponses(401, 403, 404) },
  }),
  updateReplicationPolicy: operation({
    id: 'updateReplicationPolicy',
    method: 'put',
    path: '/replication/policies/{id}',
    summary: 'Replace a replication policy.',
    tag: 'replication',
    access: ACCESS,
    params: policyParams,
    body: ReplicationPolicyReq,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404, 409) },
  }),
  deleteReplicationPolicy: operation({
    id: 'deleteReplicationPolicy',
    method: 'delete',
    path: '/replication/policies/{id}',
    summary: 'Delete a replication policy (not while one of its executions is in progress: 412).',
    tag: 'replication',
    access: ACCESS,
    params: policyParams,
    responses: { ...ok, ...errorResponses(401, 403, 404, 412) },
  }),
};

const executionParams = z.object({ id: rowIdParam('The execution id.') });
const sortOnly = z.object({ page: pagingQuery.shape.page, page_size: pagingQuery.shape.page_size, sort: pagingQuery.shape.sort });

export const replicationExecutionOperations = {
  listReplicationExecutions: operation({
    id: 'listReplicationExecutions',
    method: 'get',
    path: '/replication/executions',
    summary: 'List replication executions, newest first.',
    tag: 'replication',
    access: ACCESS,
    query: sortOnly.extend({
      policy_id: z.coerce.number().int().min(1).optional().describe('The rule the executions belong to.'),
      status: z.string().optional().describe('InProgress, Succeed, Failed or Stopped.'),
      trigger: z.string().optional().describe('manual, scheduled or event_based.'),
    }),
    responses: { 200: { description: 'The executions.', body: z.array(ReplicationExecution), headers: LIST_HEADERS }, ...errorResponses(400, 401, 403) },
  }),
  startReplication: operation({
    id: 'startReplication',
    method: 'post',
    path: '/replication/executions',
    summary: 'Start an execution of a rule (it waits while another of the rule runs).',
    tag: 'replication',
    access: ACCESS,
    body: StartReplicationExecution,
    responses: { ...created, ...errorResponses(400, 401, 403, 404, 412) },
  }),
  getReplicationExecution: operation({
    id: 'getReplicationExecution',
    method: 'get',
    path: '/replication/executions/{id}',
    summary: 'Get a replication execution with its task counts.',
    tag: 'replication',
    access: ACCESS,
    params: executionParams,
    responses: { 200: { description: 'The execution.', body: ReplicationExecution }, ...errorResponses(401, 403, 404) },
  }),
  stopReplication: operation({
    id: 'stopReplication',
    method: 'put',
    path: '/replication/executions/{id}',
    summary: 'Stop a replication execution: running tasks are aborted within seconds, the rest end Stopped.',
    tag: 'replication',
    access: ACCESS,
    params: executionParams,
    responses: { ...ok, ...errorResponses(401, 403, 404) },
  }),
  listReplicationTasks: operation({
    id: 'listReplicationTasks',
    method: 'get',
    path: '/replication/executions/{id}/tasks',
    summary: 'List the tasks of a replication execution.',
    tag: 'replication',
    access: ACCESS,
    params: executionParams,
    query: sortOnly.extend({
      status: z.string().optional().describe('Pending, InProgress, Succeed, Failed or Stopped.'),
      resource_type: z.string().optional().describe('image or artifact.'),
    }),
    responses: { 200: { description: 'The tasks.', body: z.array(ReplicationTask), headers: LIST_HEADERS }, ...errorResponses(400, 401, 403, 404) },
  }),
  getReplicationLog: operation({
    id: 'getReplicationLog',
    method: 'get',
    path: '/replication/executions/{id}/tasks/{task_id}/log',
    summary: 'The log of a replication task (text/plain).',
    tag: 'replication',
    access: ACCESS,
    params: executionParams.extend({ task_id: rowIdParam('The task id.') }),
    responses: { 200: { description: 'The log.', body: z.string() }, ...errorResponses(401, 403, 404) },
  }),
};
