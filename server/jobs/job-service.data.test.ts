/**
 * The job service on each dialect: two JobService instances on one database stand for two
 * processes (each with its own identity and workers).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { DbHandle } from '../db/connect.js';
import { migrateUp } from '../db/migrate.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { PermanentJobError, TransientJobError } from '../core/jobs/job-errors.js';
import { DatabaseJobService } from './job-service.js';
import type { JobType, TaskRun } from '../core/jobs/job-types.js';
import { PROCESS_STOPPED } from './worker-pool.js';

const TIMING = { pollMs: 50, heartbeatMs: 100, orphanAfterMs: 10_000, retryBaseMs: 20, maxBackoffMs: 200, drainMs: 2_000 };

/** Waits for `check` to hold (a bound against hanging, not a speed assertion). */
async function until<T>(check: () => Promise<T | undefined | false>, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const untilAborted = (run: TaskRun) =>
  new Promise<void>((_resolve, reject) => run.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));

describe.each(DIALECTS)('job service on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: DbHandle;
  let logDir: string;
  const services: DatabaseJobService[] = [];

  const service = (types: JobType[], concurrency = 2) => {
    const jobs = new DatabaseJobService({ db: handle.db, logDir, concurrency, logger: pino({ level: 'silent' }), timing: TIMING });
    for (const t of types) jobs.register(t);
    services.push(jobs);
    return jobs;
  };
  const ended = (jobs: DatabaseJobService, id: number) =>
    until(async () => {
      const e = await jobs.getExecution(id);
      return e?.end_time ? e : undefined;
    }, `execution ${id} to end`);
  const queue = async (jobs: DatabaseJobService, jobType: string, params: Record<string, unknown>[], vendorType = 'TEST') => {
    const id = await jobs.createExecution({ vendorType, vendorId: 1, trigger: 'MANUAL' });
    const taskIds = await jobs.addTasks(id, params.map((p) => ({ jobType, params: p })));
    await jobs.sealExecution(id);
    return { id, taskIds };
  };

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    handle = testDb.open();
    await migrateUp(handle.db);
    logDir = await mkdtemp(path.join(os.tmpdir(), 'berth-job-logs-'));
  });

  afterEach(async () => {
    await Promise.all(services.splice(0).map((s) => s.stop()));
  });

  afterAll(async () => {
    await handle.close();
    await testDb.drop();
    await rm(logDir, { recursive: true, force: true });
  });

  test('two processes with 2 workers each run each of 20 tasks exactly once', async () => {
    const runs: { task: number; by: string }[] = [];
    let active = 0;
    let mostActive = 0;
    const counting = (jobs: () => DatabaseJobService): JobType => ({
      name: 'COUNT',
      run: async (run) => {
        active++;
        mostActive = Math.max(mostActive, active);
        runs.push({ task: run.taskId, by: jobs().identity });
        await new Promise((r) => setTimeout(r, 30));
        active--;
      },
    });
    const a: DatabaseJobService = service([counting(() => a)]);
    const b: DatabaseJobService = service([counting(() => b)]);
    const { id, taskIds } = await queue(a, 'COUNT', Array.from({ length: 20 }, (_, i) => ({ i })));
    await Promise.all([a.start(), b.start()]);
    const execution = await ended(a, id);
    expect(execution.status).toBe('Success');
    expect(runs.map((r) => r.task).sort((x, y) => x - y)).toEqual(taskIds);
    expect(mostActive).toBeLessThanOrEqual(4);
    const rows = (await a.listTasks(id, {}, { page: 1, pageSize: 50 })).rows;
    expect(rows.map((t) => [t.status, t.run_count])).toEqual(taskIds.map(() => ['Success', 1]));
    expect(await a.taskCounts(id)).toEqual({ total: 20, succeed: 20, failed: 0, in_progress: 0, stopped: 0 });
    expect(await a.readTaskLog(taskIds[0]!)).toMatch(/attempt 1 of 3/);
  });

  test("an execution's status follows its tasks: any Error makes it Error; no tasks, Success when sealed", async () => {
    const jobs = service([
      { name: 'OK', run: async () => undefined },
      { name: 'DENIED', run: async () => Promise.reject(new PermanentJobError('unauthorized: wrong password')) },
    ]);
    const finished: number[] = [];
    jobs.onExecutionFinished('TEST', (executionId) => finished.push(executionId));
    await jobs.start();
    const mixed = await jobs.createExecution({ vendorType: 'TEST', vendorId: 2, trigger: 'MANUAL' });
    await jobs.addTasks(mixed, [{ jobType: 'OK', params: {} }, { jobType: 'DENIED', params: {} }]);
    expect((await jobs.getExecution(mixed))?.status).toBe('Running');
    await jobs.sealExecution(mixed);
    expect((await ended(jobs, mixed)).status).toBe('Error');
    await until(async () => finished.includes(mixed), 'the finished event');
    expect(finished).toEqual([mixed]);
    const denied = (await jobs.listTasks(mixed, { status: 'Error' })).rows;
    expect(denied).toMatchObject([{ job_type: 'DENIED', run_count: 1, status_message: 'unauthorized: wrong password' }]);

    const empty = await jobs.createExecution({ vendorType: 'TEST', vendorId: 2, trigger: 'MANUAL' });
    expect((await jobs.getExecution(empty))?.end_time).toBeNull();
    await jobs.sealExecution(empty);
    expect(await jobs.getExecution(empty)).toMatchObject({ status: 'Success', end_time: expect.any(String) });
  });

  test('transient failures are retried with backoff (Retry-After honoured) until they succeed or attempts run out', async () => {
    const attempts: number[] = [];
    const jobs = service([
      {
        name: 'FLAKY',
        maxAttempts: 4,
        run: async (run) => {
          attempts.push(run.attempt);
          if (run.attempt === 1) throw new TransientJobError('429 too many requests', { retryAfterMs: 300 });
          if (run.attempt === 2) throw new Error('connect ECONNREFUSED');
        },
      },
      { name: 'DOWN', maxAttempts: 2, run: async () => Promise.reject(new Error('502 bad gateway')) },
    ]);
    const flaky = await queue(jobs, 'FLAKY', [{}]);
    const down = await queue(jobs, 'DOWN', [{}]);
    await jobs.start();
    const afterFirst = await until(async () => {
      const t = await jobs.getTask(flaky.taskIds[0]!);
      return t?.status === 'Pending' && t.run_count === 1 ? t : undefined;
    }, 'the first failure');
    expect(Date.parse(afterFirst.next_attempt_at) - Date.parse(afterFirst.update_time)).toBeGreaterThanOrEqual(300);
    expect(afterFirst.status_message).toBe('429 too many requests');
    expect((await ended(jobs, flaky.id)).status).toBe('Success');
    expect(attempts).toEqual([1, 2, 3]);
    expect(await jobs.getTask(flaky.taskIds[0]!)).toMatchObject({ status: 'Success', run_count: 3 });
    expect((await ended(jobs, down.id)).status).toBe('Error');
    expect(await jobs.getTask(down.taskIds[0]!)).toMatchObject({ status: 'Error', run_count: 2, status_message: '502 bad gateway' });
    expect(await jobs.readTaskLog(down.taskIds[0]!)).toMatch(/retrying in[\s\S]*attempt 2 of 2[\s\S]*failed: 502 bad gateway/);
  });

  test('stopping an execution from another process aborts its running task and stops the pending ones', async () => {
    let started = 0;
    const blocking: JobType = {
      name: 'BLOCK',
      run: async (run) => {
        started++;
        await untilAborted(run);
      },
    };
    const runner = service([blocking], 1);
    const other = service([]);
    const { id, taskIds } = await queue(runner, 'BLOCK', [{}, {}, {}]);
    await runner.start();
    await until(async () => started === 1 && (await runner.getTask(taskIds[0]!))?.status === 'Running', 'the first task to run');
    await other.stopExecution(id);
    expect((await other.getTask(taskIds[1]!))?.status).toBe('Stopped');
    const execution = await ended(other, id);
    expect(execution.status).toBe('Stopped');
    expect((await other.listTasks(id)).rows.map((t) => t.status)).toEqual(['Stopped', 'Stopped', 'Stopped']);
    expect(started).toBe(1);
    // Tasks added to a stopped execution never run.
    await other.addTasks(id, [{ jobType: 'BLOCK', params: {} }]);
    expect((await other.listTasks(id)).rows.at(-1)?.status).toBe('Stopped');
  });

  test('a task left Running by a dead process is retried, or ends Error with the reason when attempts are spent', async () => {
    const ran: number[] = [];
    const jobs = service([{ name: 'RECOVER', maxAttempts: 2, run: async (run) => void ran.push(run.taskId) }]);
    const { id, taskIds } = await queue(jobs, 'RECOVER', [{}, {}]);
    const stale = new Date(Date.now() - 60_000).toISOString();
    // As a process that claimed them and then vanished would leave them.
    await handle.db.updateTable('tasks').set({ status: 'Running', owner: 'gone.1.1.x', heartbeat_at: stale, run_count: 1 }).where('id', '=', taskIds[0]!).execute();
    await handle.db.updateTable('tasks').set({ status: 'Running', owner: 'gone.1.1.x', heartbeat_at: stale, run_count: 2 }).where('id', '=', taskIds[1]!).execute();
    await jobs.start();
    expect((await ended(jobs, id)).status).toBe('Error');
    expect(ran).toEqual([taskIds[0]]);
    expect(await jobs.getTask(taskIds[0]!)).toMatchObject({ status: 'Success', run_count: 2 });
    expect(await jobs.getTask(taskIds[1]!)).toMatchObject({ status: 'Error', status_message: PROCESS_STOPPED, run_count: 2 });
    expect(await jobs.readTaskLog(taskIds[1]!)).toContain(PROCESS_STOPPED);
  });

  test('a schedule fires once per due time with two processes; a bad cron names its field', async () => {
    const fired: number[] = [];
    const a = service([]);
    const b = service([]);
    for (const s of [a, b]) s.registerScheduleCallback('TEST_SCHEDULE', async (vendorId) => void fired.push(vendorId));
    await a.upsertSchedule({ vendorType: 'TEST_SCHEDULE', vendorId: 7, cron: '0 0 0 1 1 *' });
    await a.fireScheduleWithin('TEST_SCHEDULE', 7, 0);
    const now = new Date(Date.now() + 10);
    const [x, y] = await Promise.all([a.fireDueSchedules(now), b.fireDueSchedules(now)]);
    expect(x + y).toBe(1);
    expect(fired).toEqual([7]);
    expect(await Promise.all([a.fireDueSchedules(now), b.fireDueSchedules(now)])).toEqual([0, 0]);
    await expect(a.upsertSchedule({ vendorType: 'TEST_SCHEDULE', vendorId: 8, cron: '0 61 * * * *' })).rejects.toThrow(/minute field "61"/);
    await expect(a.upsertSchedule({ vendorType: 'TEST_SCHEDULE', vendorId: 8, cron: '0 * * * *' })).rejects.toThrow(/6 fields/);
  });

  test('purging executions keeps the newest of each vendor and removes the others with their task logs', async () => {
    const jobs = service([{ name: 'NOTE', run: async (run) => run.log.info(`note ${String(run.params.n)}`) }]);
    await jobs.start();
    const runs: { id: number; taskIds: number[] }[] = [];
    for (let n = 0; n < 3; n++) {
      const r = await queue(jobs, 'NOTE', [{ n }], 'SWEPT');
      await ended(jobs, r.id);
      runs.push(r);
    }
    // Distinct start times, oldest first, whatever the clock's resolution.
    for (const [i, r] of runs.entries()) {
      await handle.db.updateTable('executions').set({ start_time: new Date(Date.UTC(2026, 0, 1 + i)).toISOString() }).where('id', '=', r.id).execute();
    }
    const oldest = runs[0]!;
    await until(async () => (await jobs.readTaskLog(oldest.taskIds[0]!)).includes('note 0'), 'the oldest task log');
    const unended = await jobs.createExecution({ vendorType: 'SWEPT', vendorId: 1, trigger: 'MANUAL' });
    expect(await jobs.purgeExecutions(2)).toBeGreaterThanOrEqual(1);
    expect(await jobs.getExecution(oldest.id)).toBeUndefined();
    expect(await jobs.getTask(oldest.taskIds[0]!)).toBeUndefined();
    expect(await jobs.readTaskLog(oldest.taskIds[0]!)).toBe('');
    expect(await jobs.getExecution(runs[2]!.id)).toBeDefined();
    expect(await jobs.getExecution(runs[1]!.id)).toBeDefined();
    expect(await jobs.getExecution(unended)).toBeDefined();
  });

  test('a process that stops hands its running task back as Pending, its attempt not counted, for another to run', async () => {
    const ranBy: string[] = [];
    const waiting = (jobs: () => DatabaseJobService): JobType => ({
      name: 'HANDOVER',
      run: async (run) => {
        ranBy.push(jobs().identity);
        if (ranBy.length === 1) await untilAborted(run);
      },
    });
    const first: DatabaseJobService = service([waiting(() => first)]);
    const { id, taskIds } = await queue(first, 'HANDOVER', [{}]);
    await first.start();
    await until(async () => ranBy.length === 1, 'the task to start');
    await first.stop();
    expect(await first.getTask(taskIds[0]!)).toMatchObject({ status: 'Pending', run_count: 0, owner: null, status_message: PROCESS_STOPPED });
    const second: DatabaseJobService = service([waiting(() => second)]);
    await second.start();
    expect((await ended(second, id)).status).toBe('Success');
    expect(ranBy).toEqual([first.identity, second.identity]);
    expect(await second.getTask(taskIds[0]!)).toMatchObject({ status: 'Success', run_count: 1 });
  });
});
