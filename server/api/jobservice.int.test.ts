/**
 * /jobservice/* and /schedules against a real server: Harbor's shapes, system admins only, queue
 * pause/resume/stop, stopping a job, its log, and the system clean-ups listed as schedules with
 * their last run. Tasks of the built-in DEMO job (server/jobs/system-jobs.ts) are queued by
 * writing their rows, as another process's job service would.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { z } from 'zod';
import { ApiClient, createUser, errorOf, openServerDatabase } from '../testing/api-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';
import { JobQueue, ScheduleTask, SchedulerStatus, Worker, WorkerPool } from './contracts/jobservice.js';

/** Waits for `check` to hold (a bound against hanging, not a speed assertion). */
async function until<T>(check: () => Promise<T | undefined | false>, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the job service API', () => {
  let server: ServerProcess;
  let admin: ApiClient;
  let dev: ApiClient;

  /** Queues DEMO tasks in one sealed execution; answers their ids. */
  const queueDemo = (seconds: number, count = 1): number[] => {
    const db = openServerDatabase(server);
    try {
      const now = new Date().toISOString();
      const execution = db
        .prepare("insert into executions (vendor_type, vendor_id, status, trigger, sealed, start_time, update_time) values ('TEST', 1, 'Running', 'MANUAL', 1, ?, ?)")
        .run(now, now).lastInsertRowid;
      return Array.from({ length: count }, () =>
        Number(
          db
            .prepare("insert into tasks (execution_id, job_type, status, params, next_attempt_at, creation_time, update_time) values (?, 'DEMO', 'Pending', ?, ?, ?, ?)")
            .run(execution, JSON.stringify({ seconds }), now, now, now).lastInsertRowid,
        ),
      );
    } finally {
      db.close();
    }
  };
  const taskStatus = (id: number) => {
    const db = openServerDatabase(server);
    try {
      return (db.prepare('select status from tasks where id = ?').get(id) as { status: string }).status;
    } finally {
      db.close();
    }
  };
  const queue = async (jobType: string) =>
    z.array(JobQueue.strict()).parse((await admin.get('/jobservice/queues')).body).find((q) => q.job_type === jobType);

  beforeAll(async () => {
    server = await startServer({ preparedDataVolume: inject('preparedDataVolume'), config: { jobservice: { max_job_workers: 3 } } });
    admin = await ApiClient.session(server, 'admin', 'Harbor12345');
    await createUser(admin, 'dev');
    dev = await ApiClient.session(server, 'dev', 'Passw0rdX');
  });

  afterAll(async () => {
    await server.stop();
    await server.cleanup();
  });

  test('every operation answers 401 to anonymous callers and 403 to users who are not system admins', async () => {
    const anonymous = ApiClient.anonymous(server);
    const calls: [string, string, unknown?][] = [
      ['GET', '/jobservice/pools'],
      ['GET', '/jobservice/pools/all/workers'],
      ['PUT', '/jobservice/jobs/1'],
      ['GET', '/jobservice/jobs/1/log'],
      ['GET', '/jobservice/queues'],
      ['PUT', '/jobservice/queues/DEMO', { action: 'pause' }],
      ['GET', '/schedules'],
      ['GET', '/schedules/all/paused'],
    ];
    for (const [method, url, body] of calls) {
      expect([method, url, (await anonymous.request(method, url, { body })).status]).toEqual([method, url, 401]);
      expect([method, url, (await dev.request(method, url, { body })).status]).toEqual([method, url, 403]);
    }
    expect((await queue('DEMO'))?.paused).toBe(false);
  });

  test('the pool is this process, its workers show the task they run, and a job is stopped and its log read', async () => {
    const pools = z.array(WorkerPool.strict()).parse((await admin.get('/jobservice/pools')).body);
    expect(pools).toEqual([expect.objectContaining({ pid: server.child.pid, concurrency: 3, host: expect.any(String) })]);
    const poolId = pools[0]!.worker_pool_id;
    const [taskId] = queueDemo(120);
    const busy = await until(async () => {
      const workers = z.array(Worker.strict()).parse((await admin.get(`/jobservice/pools/${encodeURIComponent(poolId)}/workers`)).body);
      // A system clean-up may hold a worker for a moment (under load, a long one): wait it out.
      return workers.find((w) => w.job_id === String(taskId)) && workers.filter((w) => w.job_id === '').length === 2 && workers;
    }, 'a worker to run the task, the others idle');
    expect(busy).toHaveLength(3);
    expect(busy.find((w) => w.job_id === String(taskId))).toMatchObject({ pool_id: poolId, job_name: 'DEMO', start_at: expect.any(String) });
    expect(busy.filter((w) => w.job_id === '')).toHaveLength(2);
    expect((await admin.get('/jobservice/pools/all/workers')).body).toHaveLength(3);
    expect((await admin.get('/jobservice/pools/nobody/workers')).status).toBe(404);

    const log = await until(async () => {
      const res = await admin.get<string>(`/jobservice/jobs/${taskId}/log`);
      return res.status === 200 && res.body?.includes('demo job: waiting 120 s') && res;
    }, 'the log');
    expect(log.headers.get('content-type')).toMatch(/^text\/plain/);
    expect((await admin.put(`/jobservice/jobs/${taskId}`)).status).toBe(200);
    await until(async () => taskStatus(taskId!) === 'Stopped', 'the job to stop');
    expect((await admin.get(`/jobservice/jobs/${taskId}/log`)).body).toContain('stopped');
    expect((await admin.get('/jobservice/jobs/999999/log')).status).toBe(404);
    expect((await admin.get('/jobservice/jobs/abc/log')).status).toBe(404);
    expect((await admin.put('/jobservice/jobs/999999')).status).toBe(404);
  });

  test('a paused queue keeps its tasks until resumed; stop ends its pending tasks', async () => {
    expect((await admin.put('/jobservice/queues/DEMO', { action: 'pause' })).status).toBe(200);
    const held = queueDemo(0, 2);
    expect(await queue('DEMO')).toEqual({ job_type: 'DEMO', count: 2, latency: expect.any(Number), paused: true });
    expect((await admin.put('/jobservice/queues/DEMO', { action: 'resume' })).status).toBe(200);
    await until(async () => held.every((id) => taskStatus(id) === 'Success'), 'the held tasks to run');
    expect((await queue('DEMO'))?.paused).toBe(false);

    await admin.put('/jobservice/queues/DEMO', { action: 'pause' });
    const dropped = queueDemo(0, 3);
    expect((await admin.put('/jobservice/queues/DEMO', { action: 'stop' })).status).toBe(200);
    expect(dropped.map(taskStatus)).toEqual(['Stopped', 'Stopped', 'Stopped']);
    expect((await queue('DEMO'))?.count).toBe(0);
    await admin.put('/jobservice/queues/DEMO', { action: 'resume' });

    const wrong = await admin.put('/jobservice/queues/DEMO', { action: 'explode' });
    expect([wrong.status, errorOf(wrong)?.message]).toEqual([422, expect.stringContaining('action')]);
    expect((await admin.put('/jobservice/queues/NO_SUCH_JOB', { action: 'pause' })).status).toBe(404);
  });

  test('/schedules lists the system clean-ups with their cron and last run; pausing all pauses schedules', async () => {
    const purge = await until(async () => {
      const res = await admin.get('/schedules?page_size=50');
      const rows = z.array(ScheduleTask.strict()).parse(res.body);
      const row = rows.find((s) => s.vendor_type === 'PURGE_AUDIT_LOG');
      return row?.last_execution?.status === 'Success' && { rows, total: res.headers.get('x-total-count'), row };
    }, 'the audit log purge run at start');
    expect(purge.row).toMatchObject({ vendor_id: 0, cron: '0 0 * * * *', last_execution: { trigger: 'SCHEDULE', end_time: expect.any(String) } });
    expect(purge.rows.find((s) => s.vendor_type === 'UPLOAD_PURGE')).toMatchObject({ cron: '0 0 0 * * *' });
    expect(purge.rows.map((s) => s.vendor_type)).toContain('EXECUTION_SWEEP');
    expect(purge.total).toBe(String(purge.rows.length));

    expect(SchedulerStatus.strict().parse((await admin.get('/schedules/all/paused')).body)).toEqual({ paused: false });
    await admin.put('/jobservice/queues/all', { action: 'pause' });
    expect((await admin.get('/schedules/all/paused')).body).toEqual({ paused: true });
    expect((await queue('SCHEDULER'))?.paused).toBe(true);
    await admin.put('/jobservice/queues/all', { action: 'resume' });
    expect((await admin.get('/schedules/all/paused')).body).toEqual({ paused: false });
    expect((await admin.get('/schedules/REPLICATION/paused')).status).toBe(400);
  });
});
