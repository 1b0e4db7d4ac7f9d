/**
 * Data access for tasks. A task is claimed by one process at a time: on PostgreSQL the row is
 * picked with FOR UPDATE SKIP LOCKED, on SQLite (one writer) by one UPDATE guarded by status.
 * Every later change by the worker is guarded by owner and status, so a process that lost its
 * claim (its heartbeat went stale and another took the task) cannot overwrite the new outcome.
 */
import type { Kysely } from 'kysely';
import { isPostgres } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import type { TaskRow } from '../db/schema-jobs.js';
import type { JobStatus, Page, PageRequest, TaskFilter } from '../core/jobs/job-types.js';

type Db = Kysely<Database>;

export async function insertTasks(
  db: Db,
  executionId: number,
  tasks: { jobType: string; params: Record<string, unknown>; extraAttrs?: Record<string, unknown> }[],
  status: JobStatus,
  now: string,
): Promise<number[]> {
  if (tasks.length === 0) return [];
  const ids: number[] = [];
  // In slices: one INSERT carries at most a few thousand parameters on either dialect.
  for (let i = 0; i < tasks.length; i += 200) {
    const rows = await db
      .insertInto('tasks')
      .values(
        tasks.slice(i, i + 200).map((t) => ({
          execution_id: executionId,
          job_type: t.jobType,
          status,
          params: JSON.stringify(t.params),
          extra_attrs: JSON.stringify(t.extraAttrs ?? {}),
          next_attempt_at: now,
          creation_time: now,
          update_time: now,
          ...(status === 'Stopped' ? { end_time: now } : {}),
        })),
      )
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

/** Takes the next due Pending task of one of `jobTypes` for `owner`, or answers undefined. */
export async function claimTask(db: Db, owner: string, jobTypes: string[], now: string): Promise<TaskRow | undefined> {
  if (jobTypes.length === 0) return undefined;
  let next = db
    .selectFrom('tasks')
    .select('id')
    .where('status', '=', 'Pending')
    .where('next_attempt_at', '<=', now)
    .where('job_type', 'in', jobTypes)
    .where('job_type', 'not in', (eb) => eb.selectFrom('job_queues').select('job_type').where('paused', '=', 1))
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(1);
  if (isPostgres(db)) next = next.forUpdate().skipLocked();
  return db
    .updateTable('tasks')
    .set((eb) => ({
      status: 'Running',
      owner,
      heartbeat_at: now,
      run_count: eb('run_count', '+', 1),
      start_time: now,
      end_time: null,
      stop_requested: 0,
      update_time: now,
    }))
    .where('id', '=', next)
    .where('status', '=', 'Pending')
    .returningAll()
    .executeTakeFirst();
}

/** The worker's own task, still running under its claim. */
const mine = (db: Db, id: number, owner: string) =>
  db.updateTable('tasks').where('id', '=', id).where('owner', '=', owner).where('status', '=', 'Running');

export async function finishTask(
  db: Db,
  t: { id: number; owner: string; status: 'Success' | 'Error' | 'Stopped'; message: string; now: string },
): Promise<boolean> {
  const r = await mine(db, t.id, t.owner)
    .set({ status: t.status, status_message: t.message, end_time: t.now, update_time: t.now, heartbeat_at: null })
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Back to Pending for another attempt at `nextAttemptAt`; `uncount` when the attempt did not really run (shutdown). */
export async function requeueTask(
  db: Db,
  t: { id: number; owner: string; message: string; nextAttemptAt: string; now: string; uncount?: boolean },
): Promise<boolean> {
  const r = await mine(db, t.id, t.owner)
    .set((eb) => ({
      status: 'Pending',
      status_message: t.message,
      owner: null,
      heartbeat_at: null,
      next_attempt_at: t.nextAttemptAt,
      update_time: t.now,
      ...(t.uncount ? { run_count: eb('run_count', '-', 1) } : {}),
    }))
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function setTaskExtraAttrs(db: Db, id: number, attrs: Record<string, unknown>, now: string): Promise<void> {
  const row = await db.selectFrom('tasks').select('extra_attrs').where('id', '=', id).executeTakeFirst();
  if (!row) return;
  const merged = { ...(JSON.parse(row.extra_attrs) as Record<string, unknown>), ...attrs };
  await db.updateTable('tasks').set({ extra_attrs: JSON.stringify(merged), update_time: now }).where('id', '=', id).execute();
}

/** Refreshes the heartbeat of the owner's running tasks; answers those still running under its claim, and which must stop. */
export async function heartbeatTasks(db: Db, owner: string, now: string): Promise<{ running: Set<number>; stopRequested: Set<number> }> {
  await db.updateTable('tasks').set({ heartbeat_at: now }).where('owner', '=', owner).where('status', '=', 'Running').execute();
  const rows = await db
    .selectFrom('tasks')
    .select(['id', 'stop_requested'])
    .where('owner', '=', owner)
    .where('status', '=', 'Running')
    .execute();
  return {
    running: new Set(rows.map((r) => r.id)),
    stopRequested: new Set(rows.filter((r) => r.stop_requested === 1).map((r) => r.id)),
  };
}

/** Running tasks whose process stopped beating before `staleBefore`, or whose owner is known dead. */
export async function findOrphanedTasks(db: Db, staleBefore: string, deadOwners: string[]): Promise<TaskRow[]> {
  return db
    .selectFrom('tasks')
    .selectAll()
    .where('status', '=', 'Running')
    .where((eb) =>
      eb.or([
        eb('heartbeat_at', '<', staleBefore),
        eb('heartbeat_at', 'is', null),
        ...(deadOwners.length ? [eb('owner', 'in', deadOwners)] : []),
      ]),
    )
    .limit(500)
    .execute();
}

/** Takes an orphaned task back from its dead owner: to Pending, Stopped or Error. Guarded by what was read. */
export async function recoverTask(
  db: Db,
  t: TaskRow,
  to: { status: 'Pending' | 'Stopped' | 'Error'; message: string; now: string },
): Promise<boolean> {
  let q = db
    .updateTable('tasks')
    .set({
      status: to.status,
      status_message: to.message,
      owner: null,
      heartbeat_at: null,
      next_attempt_at: to.now,
      update_time: to.now,
      ...(to.status === 'Pending' ? {} : { end_time: to.now }),
    })
    .where('id', '=', t.id)
    .where('status', '=', 'Running');
  q = t.owner === null ? q.where('owner', 'is', null) : q.where('owner', '=', t.owner);
  q = t.heartbeat_at === null ? q.where('heartbeat_at', 'is', null) : q.where('heartbeat_at', '=', t.heartbeat_at);
  const r = await q.executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Stops an execution's tasks: Pending ones at once, Running ones by request to their process. */
export async function stopTasks(db: Db, executionId: number, now: string): Promise<void> {
  await db
    .updateTable('tasks')
    .set({ status: 'Stopped', end_time: now, update_time: now })
    .where('execution_id', '=', executionId)
    .where('status', '=', 'Pending')
    .execute();
  await db
    .updateTable('tasks')
    .set({ stop_requested: 1, update_time: now })
    .where('execution_id', '=', executionId)
    .where('status', '=', 'Running')
    .execute();
}

export function findTask(db: Db, id: number): Promise<TaskRow | undefined> {
  return db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listTasks(db: Db, executionId: number, filter: TaskFilter, page: PageRequest): Promise<Page<TaskRow>> {
  let q = db.selectFrom('tasks').where('execution_id', '=', executionId);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.jobType) q = q.where('job_type', '=', filter.jobType);
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const desc = page.sort?.startsWith('-');
  const rows = await q
    .selectAll()
    .orderBy('id', desc ? 'desc' : 'asc')
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  return { total: Number(total), rows };
}

export async function taskIdsOf(db: Db, executionId: number): Promise<number[]> {
  return (await db.selectFrom('tasks').select('id').where('execution_id', '=', executionId).execute()).map((r) => r.id);
}

/** Pending tasks by job type, with the oldest one's due time: Harbor's job queues. */
export async function pendingByJobType(db: Db): Promise<{ job_type: string; count: number; oldest: string }[]> {
  const rows = await db
    .selectFrom('tasks')
    .select(['job_type', (eb) => eb.fn.countAll<number>().as('count'), (eb) => eb.fn.min('next_attempt_at').as('oldest')])
    .where('status', '=', 'Pending')
    .groupBy('job_type')
    .execute();
  return rows.map((r) => ({ job_type: r.job_type, count: Number(r.count), oldest: String(r.oldest) }));
}

/** Stops every Pending task of the job types (Harbor's "stop" on a queue); answers the executions touched. */
export async function stopPendingOfTypes(db: Db, jobTypes: string[], now: string): Promise<number[]> {
  if (jobTypes.length === 0) return [];
  const rows = await db
    .updateTable('tasks')
    .set({ status: 'Stopped', status_message: 'stopped from its job queue', end_time: now, update_time: now })
    .where('status', '=', 'Pending')
    .where('job_type', 'in', jobTypes)
    .returning('execution_id')
    .execute();
  return [...new Set(rows.map((r) => r.execution_id))];
}

export function runningTasksOf(db: Db, owner: string | undefined): Promise<TaskRow[]> {
  let q = db.selectFrom('tasks').selectAll().where('status', '=', 'Running');
  if (owner !== undefined) q = q.where('owner', '=', owner);
  return q.orderBy('start_time').orderBy('id').limit(1000).execute();
}


/** Stops one task: Stopped at once when Pending, by request to its process when Running. */
export async function stopTask(db: Db, id: number, now: string): Promise<void> {
  await db
    .updateTable('tasks')
    .set({ status: 'Stopped', end_time: now, update_time: now })
    .where('id', '=', id)
    .where('status', '=', 'Pending')
    .execute();
  await db.updateTable('tasks').set({ stop_requested: 1, update_time: now }).where('id', '=', id).where('status', '=', 'Running').execute();
}
