/**
 * Starting a rule's executions on the job service (vendor type REPLICATION, vendor id = rule).
 * One execution of a rule runs at a time: a trigger that arrives meanwhile (a click, a cron
 * firing, a push) waits as one Pending execution, and later triggers fold into that one (their
 * events appended), never one execution per event. When the running execution ends, whichever
 * process sees it end claims the waiting one and plans it. Planning (listing the source) runs
 * after the caller has its execution id, as Harbor's does; a planning failure ends the execution
 * Error through a task that carries the reason, so it shows in the task list and its log.
 */
import type { CoreContext } from '../context.js';
import type { Trigger } from '../jobs/job-types.js';
import { planEvents, planRule, type PlannedTask, type ReplicationEvent } from './planner.js';
import { findPolicy, type ReplicationPolicy } from './policy.repository.js';
import { claimQueued, foldIntoQueued, findQueued, insertQueued, queuedPolicyIds } from './queue.repository.js';
import { PLAN_FAILED, REPLICATION_JOB } from './replication-job.js';
import { triggerWord } from './status-words.js';

export const REPLICATION_VENDOR = 'REPLICATION';

/** Audits an execution's start or stop: "start replication: <rule> (execution 7, manual)". */
export async function auditExecution(
  ctx: Pick<CoreContext, 'db' | 'audit'>,
  operation: 'start' | 'stop',
  policyName: string,
  executionId: number,
  trigger: string,
  username: string,
  clientIp: string | null = null,
): Promise<void> {
  await ctx.audit.write(ctx.db, {
    operation,
    resourceType: 'replication',
    resource: policyName,
    description: `${operation} replication: ${policyName} (execution ${executionId}, ${triggerWord(trigger)})`,
    username,
    clientIp,
  });
}

/** Whether the rule has an execution running now (the waiting one aside). */
async function hasActive(ctx: CoreContext, policyId: number, queuedId: number | undefined): Promise<boolean> {
  for (const status of ['Running', 'Pending']) {
    const { rows } = await ctx.jobs.listExecutions({ vendorType: REPLICATION_VENDOR, vendorId: policyId, status }, { page: 1, pageSize: 2 });
    if (rows.some((r) => r.id !== queuedId)) return true;
  }
  return false;
}

async function plan(ctx: CoreContext, policy: ReplicationPolicy, full: boolean, events: ReplicationEvent[]): Promise<PlannedTask[]> {
  const signal = new AbortController().signal;
  if (!full) return planEvents(ctx, policy, events);
  // A whole run copies everything selected; deletions only come from events folded into it.
  const deletions = await planEvents(ctx, policy, events.filter((e) => e.kind === 'delete'));
  return [...(await planRule(ctx, policy, signal)), ...deletions];
}

/** Plans the execution and hands its tasks to the job service; never throws. */
async function planAndSeal(ctx: CoreContext, executionId: number, policy: ReplicationPolicy, full: boolean, events: ReplicationEvent[]): Promise<void> {
  const log = ctx.loggers.jobservice;
  try {
    const tasks = await plan(ctx, policy, full, events);
    for (let i = 0; i < tasks.length; i += 500) {
      await ctx.jobs.addTasks(
        executionId,
        tasks.slice(i, i + 500).map((t) => ({ jobType: REPLICATION_JOB, params: t.params, extraAttrs: t.extraAttrs })),
      );
    }
    log.info({ executionId, policyId: policy.id, tasks: tasks.length }, 'replication planned');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    log.warn({ executionId, policyId: policy.id, reason }, 'replication planning failed');
    await ctx.jobs
      .addTasks(executionId, [
        {
          jobType: REPLICATION_JOB,
          params: { operation: PLAN_FAILED, policyId: policy.id, message: `listing the source failed: ${reason}` },
          extraAttrs: { operation: 'copy', resource_type: '', source_resource: '', destination_resource: '' },
        },
      ])
      .catch((e: unknown) => log.error({ err: e, executionId }, 'could not record the planning failure'));
  }
  await ctx.jobs.sealExecution(executionId).catch((err: unknown) => log.error({ err, executionId }, 'could not seal the execution'));
  // An execution without tasks ends at its seal: start what waits behind it.
  const row = await ctx.jobs.getExecution(executionId);
  if (row?.end_time) await startQueued(ctx, policy.id);
}

/**
 * Starts an execution of the rule, or queues it behind the running one. Returns its id (the
 * waiting execution's when the trigger folded into it).
 *
 * Every trigger goes through replication_queue, whose one row per rule and delete-to-claim make
 * "one running, one waiting" hold even when triggers arrive at once on several processes: a
 * trigger that loses the insert folds into the winner, and only the claimant of the row plans.
 */
export async function triggerPolicy(
  ctx: CoreContext,
  policy: ReplicationPolicy,
  trigger: Trigger,
  options: { events?: ReplicationEvent[]; operator: string; clientIp?: string | null },
): Promise<number> {
  const full = options.events === undefined;
  const events = options.events ?? [];
  const folded = await foldIntoQueued(ctx.db, policy.id, full, events);
  if (folded !== undefined) return folded;
  const extraAttrs = { operator: options.operator };
  const executionId = await ctx.jobs.createExecution({ vendorType: REPLICATION_VENDOR, vendorId: policy.id, trigger, extraAttrs, status: 'Pending' });
  if (!(await insertQueued(ctx.db, { policyId: policy.id, executionId, full, events }))) {
    // Another trigger queued first: fold into it; this execution never existed for anyone.
    await ctx.jobs.deleteExecution(executionId);
    const into = await foldIntoQueued(ctx.db, policy.id, full, events);
    // The winner may have seen this one as running and left its own waiting: look again.
    await startQueued(ctx, policy.id, { planInBackground: true });
    if (into !== undefined) return into;
    // The winner was claimed meanwhile: try again (it now runs, so this one waits).
    return triggerPolicy(ctx, policy, trigger, options);
  }
  await auditExecution(ctx, 'start', policy.name, executionId, trigger, options.operator, options.clientIp ?? null);
  await startQueued(ctx, policy.id, { planInBackground: true });
  return executionId;
}

/** Plans the rule's waiting execution once nothing else of the rule runs. */
export async function startQueued(ctx: CoreContext, policyId: number, options: { planInBackground?: boolean } = {}): Promise<void> {
  const waiting = await findQueued(ctx.db, policyId);
  if (!waiting || (await hasActive(ctx, policyId, waiting.executionId))) return;
  const claimed = await claimQueued(ctx.db, policyId);
  if (!claimed) return;
  // Who plans it, so that a planner that dies is noticed (recoverDeadPlanners).
  await ctx.jobs.updateExecutionExtraAttrs(claimed.executionId, { planner: ctx.jobs.identity });
  const policy = await findPolicy(ctx.db, policyId);
  if (!policy) {
    await ctx.jobs.stopExecution(claimed.executionId);
    await ctx.jobs.sealExecution(claimed.executionId);
    return;
  }
  const planning = planAndSeal(ctx, claimed.executionId, policy, claimed.full, claimed.events);
  if (!options.planInBackground) await planning;
}

/** At start-up: waiting executions whose running one ended while no process watched. */
export async function startAllQueued(ctx: CoreContext): Promise<void> {
  for (const policyId of await queuedPolicyIds(ctx.db)) await startQueued(ctx, policyId);
}

/** Tells the bus an execution ended (webhooks' REPLICATION event); never throws. */
export async function announceFinished(ctx: CoreContext, executionId: number, policyId: number): Promise<void> {
  const row = await ctx.jobs.getExecution(executionId);
  if (!row) return;
  const policy = await findPolicy(ctx.db, policyId);
  let operator = '';
  try {
    operator = String((JSON.parse(row.extra_attrs) as { operator?: unknown }).operator ?? '');
  } catch {
    // A row without attributes names no operator.
  }
  ctx.events.emit({
    type: 'replication.finished',
    operator,
    executionId,
    policyId,
    policyName: policy?.name ?? String(policyId),
    status: row.status,
    trigger: triggerWord(row.trigger),
    at: row.end_time ?? new Date().toISOString(),
  });
}
