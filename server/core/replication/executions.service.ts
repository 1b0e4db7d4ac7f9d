/**
 * Replication executions through the API (Harbor's replication system permissions): start one
 * for a rule, list and read them with their task counts, stop one, list its tasks and read a
 * task's log. Starting and stopping are audited.
 */
import { notFound, precondition } from '../../lib/errors.js';
import { jsonObject } from '../../lib/json-object.js';
import type { ExecutionRow, TaskCounts, TaskRow } from '../jobs/job-types.js';
import type { CoreContext } from '../context.js';
import { UNPAGED_LIMIT, type Page } from '../lists/list-query.js';
import { actorName, requireSystemPermission, type Actor } from '../security/actor.js';
import { auditExecution, REPLICATION_VENDOR, triggerPolicy } from './execution-runner.js';
import { findPolicy } from './policy.repository.js';
import { claimQueued, findQueued } from './queue.repository.js';
import { statusesFor, triggerOf } from './status-words.js';

export interface ExecutionView {
  row: ExecutionRow;
  counts: TaskCounts;
}

export interface TaskView {
  row: TaskRow;
  attrs: Record<string, unknown>;
}

interface PageAsked {
  page: number;
  page_size: number;
  sort?: string;
}

/** Harbor's page_size=0 (everything) as the job service's page. */
const pageOf = (asked: PageAsked) => ({ page: Math.max(asked.page, 1), pageSize: asked.page_size === 0 ? UNPAGED_LIMIT : asked.page_size });

async function executionOf(ctx: CoreContext, id: number): Promise<ExecutionRow> {
  const row = await ctx.jobs.getExecution(id);
  if (!row || row.vendor_type !== REPLICATION_VENDOR) throw notFound(`replication execution ${id} not found`);
  return row;
}

export async function startReplicationAs(ctx: CoreContext, actor: Actor, policyId: number): Promise<number> {
  requireSystemPermission(actor, 'replication', 'create');
  const policy = await findPolicy(ctx.db, policyId);
  if (!policy) throw notFound(`replication policy ${policyId} not found`);
  if (!policy.enabled) throw precondition(`the policy ${policyId} is disabled`);
  return triggerPolicy(ctx, policy, 'MANUAL', { operator: actorName(actor), clientIp: actor.clientIp });
}

export async function stopReplicationAs(ctx: CoreContext, actor: Actor, id: number): Promise<void> {
  requireSystemPermission(actor, 'replication', 'create');
  const row = await executionOf(ctx, id);
  await ctx.jobs.stopExecution(id);
  // A waiting execution has no tasks yet: it leaves the queue and ends Stopped.
  const waiting = await findQueued(ctx.db, row.vendor_id);
  if (waiting?.executionId === id && (await claimQueued(ctx.db, row.vendor_id))) await ctx.jobs.sealExecution(id);
  const policy = await findPolicy(ctx.db, row.vendor_id);
  await auditExecution(ctx, 'stop', policy?.name ?? String(row.vendor_id), id, row.trigger, actorName(actor), actor.clientIp);
}

export interface ExecutionFilters {
  policy_id?: number;
  status?: string;
  trigger?: string;
}

export async function listExecutionsAs(ctx: CoreContext, actor: Actor, filters: ExecutionFilters, asked: PageAsked): Promise<Page<ExecutionView>> {
  requireSystemPermission(actor, 'replication', 'list');
  const page = pageOf(asked);
  const { total, rows } = await ctx.jobs.listExecutions(
    {
      vendorType: REPLICATION_VENDOR,
      ...(filters.policy_id !== undefined ? { vendorId: filters.policy_id } : {}),
      ...(filters.status ? { status: statusesFor(filters.status, 'execution')[0] } : {}),
      ...(filters.trigger ? { trigger: triggerOf(filters.trigger) } : {}),
    },
    { ...page, sort: asked.sort?.split(',')[0] || '-start_time' },
  );
  const items = await Promise.all(rows.map(async (row) => ({ row, counts: await ctx.jobs.taskCounts(row.id) })));
  return { items, total, page: page.page, pageSize: asked.page_size };
}

export async function getExecutionAs(ctx: CoreContext, actor: Actor, id: number): Promise<ExecutionView> {
  requireSystemPermission(actor, 'replication', 'read');
  const row = await executionOf(ctx, id);
  return { row, counts: await ctx.jobs.taskCounts(id) };
}

export interface TaskFilters {
  status?: string;
  resource_type?: string;
}

const viewOf = (row: TaskRow): TaskView => ({ row, attrs: jsonObject(row.extra_attrs) });

export async function listTasksAs(ctx: CoreContext, actor: Actor, executionId: number, filters: TaskFilters, asked: PageAsked): Promise<Page<TaskView>> {
  requireSystemPermission(actor, 'replication', 'list');
  await executionOf(ctx, executionId);
  const page = pageOf(asked);
  const status = filters.status ? statusesFor(filters.status, 'task')[0] : undefined;
  const sort = asked.sort?.startsWith('-') ? '-id' : 'id';
  if (!filters.resource_type) {
    const { total, rows } = await ctx.jobs.listTasks(executionId, status ? { status } : {}, { ...page, sort });
    return { items: rows.map(viewOf), total, page: page.page, pageSize: asked.page_size };
  }
  // resource_type lives in the tasks' extra attributes: read them all (bounded), then page.
  const all: TaskView[] = [];
  for (let n = 1; all.length < UNPAGED_LIMIT; n++) {
    const { rows } = await ctx.jobs.listTasks(executionId, status ? { status } : {}, { page: n, pageSize: 500, sort });
    all.push(...rows.map(viewOf).filter((t) => t.attrs.resource_type === filters.resource_type));
    if (rows.length < 500) break;
  }
  const start = (page.page - 1) * page.pageSize;
  return { items: all.slice(start, start + page.pageSize), total: all.length, page: page.page, pageSize: asked.page_size };
}

export async function taskLogAs(ctx: CoreContext, actor: Actor, executionId: number, taskId: number): Promise<string> {
  requireSystemPermission(actor, 'replication', 'read');
  await executionOf(ctx, executionId);
  const task = await ctx.jobs.getTask(taskId);
  if (!task || task.execution_id !== executionId) throw notFound(`execution ${executionId} contains no task with ID ${taskId}`);
  return ctx.jobs.readTaskLog(taskId);
}
