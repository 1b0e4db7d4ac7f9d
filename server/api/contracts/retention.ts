/**
 * Tag retention: Harbor's RetentionPolicy, RetentionExecution, RetentionExecutionTask,
 * RetentionMetadata and their operations (swagger tag `Retention`), with Berth's dry-run figures
 * beside Harbor's fields: artifacts deleted and bytes freed, and per task each artifact's verdict
 * with its pulls.
 */
import { z } from 'zod';
import { created, errorResponses, LIST_HEADERS, ok, pagingQuery, rowIdParam } from './common.js';
import { operation } from './operation.js';

const selectorFields = () => ({
  kind: z.string().describe('doublestar.'),
  decoration: z.string().describe('matches or excludes for tags; repoMatches or repoExcludes for repositories.'),
  pattern: z.string().describe('A doublestar pattern; repositories are named without their project.'),
  extras: z.string().optional().describe('JSON text; {"untagged":true} lets a tag selector select untagged artifacts.'),
});

/** Harbor's RetentionPolicy and its parts; requests get their own schema ids (`Req`), as they are read leniently. */
function policySchemas(suffix: '' | 'Req') {
  const RetentionSelector = z.object(selectorFields()).meta({ id: `RetentionSelector${suffix}` });
  const RetentionRule = z
    .object({
      id: z.int().optional(),
      priority: z.int().optional(),
      disabled: z.boolean().optional(),
      action: z.string().describe('retain.'),
      template: z.string().describe('latestPushedK, latestPulledN, nDaysSinceLastPush, nDaysSinceLastPull or always.'),
      params: z.record(z.string(), z.unknown()).optional().describe('The template\'s number under its own name: {"latestPushedK": 10}.'),
      tag_selectors: z.array(RetentionSelector),
      scope_selectors: z.record(z.string(), z.array(RetentionSelector)).describe('{"repository": [selector]}.'),
    })
    .meta({ id: `RetentionRule${suffix}` });
  const RetentionRuleTrigger = z
    .object({
      kind: z.string().optional().describe('Schedule.'),
      settings: z.object({ cron: z.string().nullable().optional() }).nullable().optional().describe('{cron}: Harbor\'s 6-field cron; empty for none.'),
      references: z.unknown().optional(),
    })
    .meta({ id: `RetentionRuleTrigger${suffix}` });
  const RetentionPolicyScope = z
    .object({ level: z.string().nullable().optional().describe('project.'), ref: z.int().nullable().optional().describe('The project id.') })
    .meta({ id: `RetentionPolicyScope${suffix}` });
  return z
    .object({
      id: z.int().optional(),
      algorithm: z.string().nullable().optional().describe('or: an artifact any rule retains stays.'),
      rules: z.array(RetentionRule).max(15).nullable().optional(),
      trigger: RetentionRuleTrigger.nullable().optional(),
      scope: RetentionPolicyScope.nullable().optional(),
    })
    .meta({ id: `RetentionPolicy${suffix}` });
}

export const RetentionPolicy = policySchemas('');
export const RetentionPolicyReq = policySchemas('Req');

const paramMeta = z.object({ type: z.string(), unit: z.string(), required: z.boolean() }).meta({ id: 'RetentionRuleParamMetadata' });
const selectorMeta = z.object({ display_text: z.string(), kind: z.string(), decorations: z.array(z.string()) }).meta({ id: 'RetentionSelectorMetadata' });
export const RetentionMetadata = z
  .object({
    templates: z.array(z.object({ rule_template: z.string(), display_text: z.string(), action: z.string(), params: z.array(paramMeta) }).meta({ id: 'RetentionRuleMetadata' })),
    scope_selectors: z.array(selectorMeta),
    tag_selectors: z.array(selectorMeta),
  })
  .meta({ id: 'RetentionMetadata' });

export const RetentionExecution = z
  .object({
    id: z.int(),
    policy_id: z.int(),
    start_time: z.string(),
    end_time: z.string(),
    status: z.string().describe('Pending, Running, Success, Error or Stopped.'),
    trigger: z.string().describe('MANUAL or SCHEDULE.'),
    dry_run: z.boolean(),
    total: z.int().optional().describe('Berth: top-level artifacts in the repositories the rules select.'),
    retained: z.int().optional().describe('Berth: of those, how many the rules (or immutable tags) retain.'),
    deleted: z.int().optional().describe('Berth: how many are (or in a dry run would be) deleted.'),
    bytes_freed: z.int().optional().describe('Berth: blob bytes the deletions free, counting only blobs no remaining artifact names.'),
  })
  .meta({ id: 'RetentionExecution' });

const tagPulls = z.object({ name: z.string(), pull_count: z.int(), pull_time: z.string() }).meta({ id: 'RetentionTagPulls' });
export const RetentionArtifactVerdict = z
  .object({
    digest: z.string(),
    tags: z.array(tagPulls),
    push_time: z.string(),
    pull_time: z.string().describe('Go\'s zero time when never pulled.'),
    pull_count: z.int(),
    size: z.int(),
    action: z.string().describe('retain or delete.'),
    reasons: z.array(z.string()).describe('Why it stays: "rule 1", "immutable".'),
    bytes_freed: z.int(),
  })
  .meta({ id: 'RetentionArtifactVerdict' });

export const RetentionExecutionTask = z
  .object({
    id: z.int(),
    execution_id: z.int(),
    repository: z.string(),
    job_id: z.string(),
    status: z.string(),
    status_code: z.int(),
    status_revision: z.int(),
    start_time: z.string(),
    end_time: z.string(),
    total: z.int(),
    retained: z.int(),
    deleted: z.int().optional().describe('Berth: artifacts deleted (would be, in a dry run).'),
    bytes_freed: z.int().optional().describe('Berth: blob bytes freed in this repository.'),
    artifacts: z.array(RetentionArtifactVerdict).optional().describe('Berth: each artifact\'s verdict, pulls and size.'),
  })
  .meta({ id: 'RetentionExecutionTask' });

const ACCESS = 'the project\'s tag-retention permissions (project admins and maintainers)';
const policyParams = z.object({ id: rowIdParam('Retention ID.') });
const executionParams = policyParams.extend({ eid: rowIdParam('Retention execution ID.') });
const pageOnly = z.object({ page: pagingQuery.shape.page, page_size: pagingQuery.shape.page_size });

export const retentionOperations = {
  getRentenitionMetadata: operation({
    id: 'getRentenitionMetadata',
    method: 'get',
    path: '/retentions/metadatas',
    summary: 'Get Retention Metadatas: the rule templates and selectors.',
    tag: 'Retention',
    access: 'signed-in users',
    responses: { 200: { description: 'The metadata.', body: RetentionMetadata }, ...errorResponses(401) },
  }),
  createRetention: operation({
    id: 'createRetention',
    method: 'post',
    path: '/retentions',
    summary: 'Create a project\'s retention policy (one per project; its id becomes the project\'s retention_id metadata).',
    tag: 'Retention',
    access: ACCESS,
    body: RetentionPolicyReq,
    responses: { ...created, ...errorResponses(400, 401, 403) },
  }),
  getRetention: operation({
    id: 'getRetention',
    method: 'get',
    path: '/retentions/{id}',
    summary: 'Get Retention Policy.',
    tag: 'Retention',
    access: ACCESS,
    params: policyParams,
    responses: { 200: { description: 'The policy.', body: RetentionPolicy }, ...errorResponses(401, 403, 404) },
  }),
  updateRetention: operation({
    id: 'updateRetention',
    method: 'put',
    path: '/retentions/{id}',
    summary: 'Update Retention Policy: rules and trigger are replaced.',
    tag: 'Retention',
    access: ACCESS,
    params: policyParams,
    body: RetentionPolicyReq,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404) },
  }),
  deleteRetention: operation({
    id: 'deleteRetention',
    method: 'delete',
    path: '/retentions/{id}',
    summary: 'Delete Retention Policy (and its schedule).',
    tag: 'Retention',
    access: ACCESS,
    params: policyParams,
    responses: { ...ok, ...errorResponses(401, 403, 404) },
  }),
  triggerRetentionExecution: operation({
    id: 'triggerRetentionExecution',
    method: 'post',
    path: '/retentions/{id}/executions',
    summary: 'Trigger a Retention Execution; with dry_run nothing is deleted, and the tasks say what would be and the bytes freed.',
    tag: 'Retention',
    access: ACCESS,
    params: policyParams,
    body: z.object({ dry_run: z.boolean().optional() }).loose(),
    responses: { ...created, ...errorResponses(400, 401, 403, 404) },
  }),
  listRetentionExecutions: operation({
    id: 'listRetentionExecutions',
    method: 'get',
    path: '/retentions/{id}/executions',
    summary: 'Get Retention executions, newest first.',
    tag: 'Retention',
    access: ACCESS,
    params: policyParams,
    query: pageOnly,
    responses: { 200: { description: 'The executions.', body: z.array(RetentionExecution), headers: LIST_HEADERS }, ...errorResponses(400, 401, 403, 404) },
  }),
  operateRetentionExecution: operation({
    id: 'operateRetentionExecution',
    method: 'patch',
    path: '/retentions/{id}/executions/{eid}',
    summary: 'Stop a Retention execution (action "stop").',
    tag: 'Retention',
    access: ACCESS,
    params: executionParams,
    body: z.object({ action: z.string().optional() }).loose(),
    responses: { ...ok, ...errorResponses(400, 401, 403, 404) },
  }),
  listRetentionTasks: operation({
    id: 'listRetentionTasks',
    method: 'get',
    path: '/retentions/{id}/executions/{eid}/tasks',
    summary: 'Get Retention tasks, one per repository.',
    tag: 'Retention',
    access: ACCESS,
    params: executionParams,
    query: pageOnly,
    responses: { 200: { description: 'The tasks.', body: z.array(RetentionExecutionTask), headers: LIST_HEADERS }, ...errorResponses(400, 401, 403, 404) },
  }),
  getRetentionTaskLog: operation({
    id: 'getRetentionTaskLog',
    method: 'get',
    path: '/retentions/{id}/executions/{eid}/tasks/{tid}',
    summary: 'Get Retention job task log (text/plain): each artifact with RETAIN or DEL, its pulls and the bytes freed.',
    tag: 'Retention',
    access: ACCESS,
    params: executionParams.extend({ tid: rowIdParam('Retention task ID.') }),
    responses: { 200: { description: 'The log.', body: z.string() }, ...errorResponses(401, 403, 404) },
  }),
};
