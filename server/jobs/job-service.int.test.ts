/**
 * The job service across real processes: two Berth servers on one PostgreSQL database (and one
 * data volume) with max_job_workers 2 each. Tasks are queued by writing the rows, as another
 * process's createExecution/addTasks would; the job type is the built-in DEMO job (waits
 * params.seconds, honouring a stop; see server/jobs/system-jobs.ts), chosen because it is
 * harmless and lasts long enough for both processes to claim work and for one to be killed
 * while it runs a task.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { DbHandle } from '../db/connect.js';
import { DIALECTS } from '../testing/dialects.js';
import { startTwinServers, type TwinServers } from '../testing/twin-servers.js';
import { DEMO } from './system-jobs.js';
import { PROCESS_STOPPED } from './worker-pool.js';

/** Waits for `check` to hold (a bound against hanging, not a speed assertion). */
async function until<T>(check: () => Promise<T | undefined | false>, what: string, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.runIf(DIALECTS.includes('postgresql'))('job workers in two processes on one PostgreSQL database', () => {
  let twins: TwinServers;
  let handle: DbHandle;

  const queue = async (tasks: Record<string, unknown>[]) => {
    const now = new Date().toISOString();
    const execution = await handle.db
      .insertInto('executions')
      .values({ vendor_type: 'TEST', vendor_id: 1, status: 'Running', trigger: 'MANUAL', sealed: 1, start_time: now, update_time: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rows = await handle.db
      .insertInto('tasks')
      .values(
        tasks.map((params) => ({
          execution_id: execution.id,
          job_type: DEMO,
          status: 'Pending',
          params: JSON.stringify(params),
          next_attempt_at: now,
          creation_time: now,
          update_time: now,
        })),
      )
      .returning('id')
      .execute();
    return { executionId: execution.id, taskIds: rows.map((r) => r.id) };
  };
  const ended = (executionId: number) =>
    until(async () => {
      const e = await handle.db.selectFrom('executions').selectAll().where('id', '=', executionId).executeTakeFirst();
      return e?.end_time ? e : undefined;
    }, `execution ${executionId} to end`);
  const tasksOf = (executionId: number) => handle.db.selectFrom('tasks').selectAll().where('execution_id', '=', executionId).orderBy('id').execute();
  const logOf = (taskId: number) => import('node:fs/promises').then((fs) => fs.readFile(`${twins.a.dataVolume}/job_logs/${taskId}.log`, 'utf8'));

  beforeAll(async () => {
    twins = await startTwinServers(inject('preparedDataVolume'), { jobservice: { max_job_workers: 2 } });
    handle = twins.testDb.open();
  });

  afterAll(async () => {
    await handle.close();
    await twins.stop();
  });

  test('20 queued tasks each run exactly once, shared by both processes, at most 2 at a time in each', async () => {
    const { executionId, taskIds } = await queue(Array.from({ length: 20 }, () => ({ seconds: 1 })));
    const mostRunning = new Map<string, number>();
    await until(async () => {
      const running = await handle.db.selectFrom('tasks').select('owner').where('execution_id', '=', executionId).where('status', '=', 'Running').execute();
      for (const r of running) {
        const n = running.filter((x) => x.owner === r.owner).length;
        mostRunning.set(r.owner!, Math.max(mostRunning.get(r.owner!) ?? 0, n));
      }
      const e = await handle.db.selectFrom('executions').select('end_time').where('id', '=', executionId).executeTakeFirstOrThrow();
      return e.end_time !== null;
    }, 'the 20 tasks');
    expect((await ended(executionId)).status).toBe('Success');
    const tasks = await tasksOf(executionId);
    expect(tasks.map((t) => [t.status, t.run_count])).toEqual(taskIds.map(() => ['Success', 1]));
    // Each task's log tells of one attempt only.
    for (const t of tasks) expect((await logOf(t.id)).match(/attempt \d+ of/g)).toHaveLength(1);
    const owners = new Set(tasks.map((t) => t.owner));
    const pools = (await handle.db.selectFrom('job_processes').select('identity').execute()).map((p) => p.identity);
    expect([...owners].sort()).toEqual([...pools].sort());
    expect(pools).toHaveLength(2);
    expect(Math.max(...mostRunning.values())).toBeLessThanOrEqual(2);
  });

  test('kill -9 of the process running a task: the other process runs it again, and it never stays Running', async () => {
    const { executionId, taskIds } = await queue([{ seconds: 6 }]);
    const running = await until(async () => {
      const t = await handle.db.selectFrom('tasks').selectAll().where('id', '=', taskIds[0]!).executeTakeFirstOrThrow();
      return t.status === 'Running' ? t : undefined;
    }, 'the task to start');
    const pid = Number(running.owner!.split('.')[1]);
    const [victim, survivor] = twins.a.child.pid === pid ? [twins.a, twins.b] : [twins.b, twins.a];
    expect(victim.child.pid).toBe(pid);
    await victim.stop('SIGKILL');
    expect((await ended(executionId)).status).toBe('Success');
    const [task] = await tasksOf(executionId);
    expect(task).toMatchObject({ status: 'Success', run_count: 2 });
    expect(Number(task!.owner!.split('.')[1])).toBe(survivor.child.pid);
    expect(await logOf(task!.id)).toContain(PROCESS_STOPPED);
  });
});
