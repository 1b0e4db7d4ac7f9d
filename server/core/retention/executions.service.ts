/**
 * Retention executions: start one (run now, a dry run, or the schedule firing), list them, stop
 * one, list its tasks (one per repository) and read a task's log. Starting plans the whole
 * project at once (planner.ts) and gives each repository's part to its task, so a dry run's
 * figures are the ones a real run started then would act on.
 */
import { invalid, notFound } from '../../lib/errors.js';
import { jsonObject } from '../../lib/json-object.js';
import { SYSTEM_OPERATOR } from '../audit/audit.service.js';
import type { CoreContext } from '../context.js';
import type { ExecutionRow, TaskCounts, TaskRow, Trigger } from '../jobs/job-types.js';
import { UNPAGED_LIMIT, type Page } from '../lists/list-query.js';
import { actorName, auditedBy, type Actor } from '../security/actor.js';
import { planProject } from './planner.js';
import type { RetentionPolicy } from './policy.repository.js';
import { policyFor, RETENTION_VENDOR } from './policy.service.js';
import { RETENTION_JOB, type RetentionTaskParams } from './retention-job.js';

export interface RetentionExecutionView {
  row: ExecutionRow;
  attrs: Record<string, unknown>;
  counts: TaskCounts;
}

export interface RetentionTaskView {
  row: TaskRow;
  params: RetentionTaskParams;
  attrs: Record<string, unknown>;
}

interface PageAsked {
  page: number;
  page_size: number;
}

const pageOf = (asked: PageAsked) => ({ page: Math.max(asked.page, 1), pageSize: asked.page_size === 0 ? UNPAGED_LIMIT : asked.page_size });

/** Plans the project and queues one task per repository some rule selects; answers the execution id. */
export async function startRetention(ctx: CoreContext, policy: RetentionPolicy, trigger: Trigger, dryRun: boolean, operator: string): Promise<number> {
  const plans = await planProject(ctx.db, policy.projectId, policy.rules, new Date());
  const sum = (key: 'total' | 'retained' | 'deleted' | 'bytesFreed') => plans.reduce((n, p) => n + p[key], 0);
  const id = await ctx.jobs.createExecution({
    vendorType: RETENTION_VENDOR,
    vendorId: policy.id,
    trigger,
    extraAttrs: { dry_run: dryRun, project_id: policy.projectId, operator, total: sum('total'), retained: sum('retained'), deleted: sum('deleted'), bytes_freed: sum('bytesFreed') },
  });
  const params = (plan: (typeof plans)[number]): RetentionTaskParams => ({ policyId: policy.id, projectId: policy.projectId, dryRun, plan });
  if (plans.length > 0) await ctx.jobs.addTasks(id, plans.map((plan) => ({ jobType: RETENTION_JOB, params: { ...params(plan) }, extraAttrs: { repository: plan.repository } })));
  await ctx.jobs.sealExecution(id);
  ctx.loggers.jobservice.info({ policyId: policy.id, executionId: id, dryRun, repositories: plans.length }, 'retention execution started');
  return id;
}

async function executionOf(ctx: CoreContext, policyId: number, executionId: number): Promise<ExecutionRow> {
  const row = await ctx.jobs.getExecution(executionId);
  if (!row || row.vendor_type !== RETENTION_VENDOR || row.vendor_id !== policyId) throw notFound(`retention execution ${executionId} of policy ${policyId} not found`);
  return row;
}

export async function triggerRetentionAs(ctx: CoreContext, actor: Actor, policyId: number, dryRun: boolean): Promise<number> {
  const { policy, project } = await policyFor(ctx, actor, policyId, 'update');
  const id = await startRetention(ctx, policy, 'MANUAL', dryRun, actorName(actor));
  await ctx.audit.write(ctx.db, {
    projectId: project.id,
    operation: 'create',
    resourceType: 'retention_execution',
    resource: `${project.name}: execution ${id}${dryRun ? ' (dry run)' : ''}`,
    ...auditedBy(actor),
  });
  return id;
}

/** The schedule's firing: a real run, by the system. */
export async function fireRetentionSchedule(ctx: CoreContext, policy: RetentionPolicy): Promise<number> {
  return startRetention(ctx, policy, 'SCHEDULE', false, SYSTEM_OPERATOR);
}

export async function listRetentionExecutionsAs(ctx: CoreContext, actor: Actor, policyId: number, asked: PageAsked): Promise<Page<RetentionExecutionView>> {
  await policyFor(ctx, actor, policyId, 'list');
  const page = pageOf(asked);
  const { total, rows } = await ctx.jobs.listExecutions({ vendorType: RETENTION_VENDOR, vendorId: policyId }, { ...page, sort: '-start_time' });
  const items = await Promise.all(rows.map(async (row) => ({ row, attrs: jsonObject(row.extra_attrs), counts: await ctx.jobs.taskCounts(row.id) })));
  return { items, total, page: page.page, pageSize: asked.page_size };
}

export async function operateRetentionExecutionAs(ctx: CoreContext, actor: Actor, policyId: number, executionId: number, action: string): Promise<void> {
  if (action !== 'stop') throw invalid('action must be stop.', 'action');
  const { project } = await policyFor(ctx, actor, policyId, 'update');
  await executionOf(ctx, policyId, executionId);
  await ctx.jobs.stopExecution(executionId);
  await ctx.audit.write(ctx.db, { projectId: project.id, operation: 'stop', resourceType: 'retention_execution', resource: `${project.name}: execution ${executionId}`, ...auditedBy(actor) });
}

export async function listRetentionTasksAs(ctx: CoreContext, actor: Actor, policyId: number, executionId: number, asked: PageAsked): Promise<Page<RetentionTaskView>> {
  await policyFor(ctx, actor, policyId, 'list');
  await executionOf(ctx, policyId, executionId);
  const page = pageOf(asked);
  const { total, rows } = await ctx.jobs.listTasks(executionId, {}, { ...page, sort: 'id' });
  const items = rows.map((row) => ({ row, params: jsonObject(row.params) as unknown as RetentionTaskParams, attrs: jsonObject(row.extra_attrs) }));
  return { items, total, page: page.page, pageSize: asked.page_size };
}

export async function retentionTaskLogAs(ctx: CoreContext, actor: Actor, policyId: number, executionId: number, taskId: number): Promise<string> {
  await policyFor(ctx, actor, policyId, 'read');
  await executionOf(ctx, policyId, executionId);
  const task = await ctx.jobs.getTask(taskId);
  if (!task || task.execution_id !== executionId) throw notFound(`retention execution ${executionId} contains no task with ID ${taskId}`);
  return ctx.jobs.readTaskLog(taskId);
}
