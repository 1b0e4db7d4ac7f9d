/**
 * Executions whose planner died. A rule's execution is planned in memory by the process that
 * claimed it (execution-runner.ts), which records itself as `planner` on the execution; if that
 * process dies before sealing, nothing would ever end the execution, and the rule would wait
 * behind it forever. Any process notices such an execution (its planner is no longer among the
 * job service's live processes) and ends it with the reason, then starts what waits behind it.
 * Tasks already added still run: each copies one artifact whole.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { CoreContext } from '../context.js';
import { REPLICATION_JOB, PLAN_FAILED } from './replication-job.js';

type Db = Kysely<Database>;

/** A planner silent this long is dead: the job service's own bound for a task's heartbeat. */
export const PLANNER_SILENT_MS = 30_000;

export const DEAD_PLANNER_MESSAGE = 'the process planning this execution stopped before it finished listing what to copy; start the rule again to copy the rest';

interface Unsealed {
  id: number;
  policyId: number;
  planner: string;
}

async function unsealedWithPlanner(db: Db, vendorType: string): Promise<Unsealed[]> {
  const rows = await db
    .selectFrom('executions')
    .select(['id', 'vendor_id', 'extra_attrs'])
    .where('vendor_type', '=', vendorType)
    .where('sealed', '=', 0)
    .where('end_time', 'is', null)
    .execute();
  return rows.flatMap((row) => {
    const planner = (JSON.parse(row.extra_attrs) as { planner?: unknown }).planner;
    return typeof planner === 'string' ? [{ id: row.id, policyId: row.vendor_id, planner }] : [];
  });
}

/**
 * Makes this process the execution's planner if the dead one still is: of several processes
 * noticing the same dead planner, one ends the execution. (extra_attrs is the job service's
 * column; the planner key in it is replication's own.)
 */
async function takeOver(db: Db, id: number, dead: string, self: string): Promise<boolean> {
  const row = await db.selectFrom('executions').select('extra_attrs').where('id', '=', id).executeTakeFirst();
  if (!row) return false;
  const attrs = JSON.parse(row.extra_attrs) as Record<string, unknown>;
  if (attrs.planner !== dead) return false;
  const result = await db
    .updateTable('executions')
    .set({ extra_attrs: JSON.stringify({ ...attrs, planner: self }) })
    .where('id', '=', id)
    .where('extra_attrs', '=', row.extra_attrs)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

async function liveIdentities(db: Db, now: number): Promise<Set<string>> {
  const since = new Date(now - PLANNER_SILENT_MS).toISOString();
  const rows = await db.selectFrom('job_processes').select('identity').where('heartbeat_at', '>=', since).execute();
  return new Set(rows.map((r) => r.identity));
}

/** Ends the executions of dead planners with the reason; answers the rules they belonged to. */
export async function endDeadPlanners(ctx: Pick<CoreContext, 'db' | 'jobs' | 'loggers'>, vendorType: string, now = Date.now()): Promise<number[]> {
  const unsealed = await unsealedWithPlanner(ctx.db, vendorType);
  if (unsealed.length === 0) return [];
  const live = await liveIdentities(ctx.db, now);
  live.add(ctx.jobs.identity);
  const dead = unsealed.filter((e) => !live.has(e.planner));
  for (const execution of dead) {
    if (!(await takeOver(ctx.db, execution.id, execution.planner, ctx.jobs.identity))) continue;
    ctx.loggers.jobservice.warn({ executionId: execution.id, planner: execution.planner }, 'replication planner stopped; ending its execution');
    await ctx.jobs.addTasks(execution.id, [
      {
        jobType: REPLICATION_JOB,
        params: { operation: PLAN_FAILED, policyId: execution.policyId, message: DEAD_PLANNER_MESSAGE },
        extraAttrs: { operation: 'copy', resource_type: '', source_resource: '', destination_resource: '' },
      },
    ]);
    await ctx.jobs.sealExecution(execution.id);
  }
  return [...new Set(dead.map((e) => e.policyId))];
}
