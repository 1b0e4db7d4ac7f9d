/**
 * The job service's administrative views (Harbor's /jobservice and /schedules): pools are the
 * live Berth processes, workers their slots with the tasks they run, queues the Pending tasks
 * by job type with their paused state, schedules with their newest execution.
 */
import type { Kysely } from 'kysely';
import type { JobQueueInfo, Page, ScheduleInfo, WorkerInfo, WorkerPoolInfo } from '../core/jobs/job-types.js';
import { SCHEDULER_QUEUE } from '../core/jobs/job-types.js';
import type { Database } from '../db/schema.js';
import type { JobProcessRow } from '../db/schema-jobs.js';
import { notFound } from '../lib/errors.js';
import { isoNow } from '../lib/time.js';
import { latestExecution } from './execution.repository.js';
import { findProcess, liveProcesses, pausedJobTypes, setQueuePaused } from './pool.repository.js';
import { listSchedules } from './schedule.repository.js';
import { pendingByJobType, runningTasksOf, stopPendingOfTypes } from './task.repository.js';

type Db = Kysely<Database>;

const poolInfo = (p: JobProcessRow): WorkerPoolInfo => ({
  poolId: p.identity,
  pid: p.pid,
  host: p.host,
  concurrency: p.concurrency,
  startTime: p.start_time,
  heartbeatAt: p.heartbeat_at,
});

export async function listPools(db: Db): Promise<WorkerPoolInfo[]> {
  return (await liveProcesses(db)).map(poolInfo);
}

async function workersOf(db: Db, pool: JobProcessRow): Promise<WorkerInfo[]> {
  const running = await runningTasksOf(db, pool.identity);
  return Array.from({ length: pool.concurrency }, (_, slot) => ({
    id: `${pool.identity}.${slot}`,
    poolId: pool.identity,
    task: running[slot],
  }));
}

export async function listWorkers(db: Db, poolId: string): Promise<WorkerInfo[]> {
  if (poolId === 'all') {
    const workers: WorkerInfo[] = [];
    for (const pool of await liveProcesses(db)) workers.push(...(await workersOf(db, pool)));
    return workers;
  }
  const pool = await findProcess(db, poolId);
  if (!pool) throw notFound(`worker pool ${poolId} not found`);
  return workersOf(db, pool);
}

/** Every job type known here or with Pending tasks, and the scheduler's own queue. */
export async function listQueues(db: Db, knownTypes: string[]): Promise<JobQueueInfo[]> {
  const pending = new Map((await pendingByJobType(db)).map((p) => [p.job_type, p]));
  const paused = await pausedJobTypes(db);
  const now = Date.now();
  const types = [...new Set([...knownTypes, ...pending.keys(), SCHEDULER_QUEUE])].sort();
  return types.map((jobType) => {
    const p = pending.get(jobType);
    return {
      jobType,
      count: p?.count ?? 0,
      latency: p ? Math.max(0, Math.floor((now - Date.parse(p.oldest)) / 1000)) : 0,
      paused: paused.has(jobType),
    };
  });
}

/** Applies a queue action; answers the executions whose tasks were stopped (to derive their status). */
export async function queueAction(db: Db, jobType: string, action: 'stop' | 'pause' | 'resume', knownTypes: string[]): Promise<number[]> {
  const types = jobType === 'all' ? [...new Set([...knownTypes, SCHEDULER_QUEUE])] : [jobType];
  if (action === 'stop') return stopPendingOfTypes(db, types.filter((t) => t !== SCHEDULER_QUEUE), isoNow());
  await setQueuePaused(db, types, action === 'pause', isoNow());
  return [];
}

export async function isPaused(db: Db, jobType: string): Promise<boolean> {
  return (await pausedJobTypes(db)).has(jobType === 'all' ? SCHEDULER_QUEUE : jobType);
}

export async function listScheduleInfos(db: Db, page: { page: number; pageSize: number }): Promise<Page<ScheduleInfo>> {
  const { total, rows } = await listSchedules(db, page);
  const infos: ScheduleInfo[] = [];
  for (const s of rows) {
    infos.push({
      id: s.id,
      vendorType: s.vendor_type,
      vendorId: s.vendor_id,
      cron: s.cron,
      nextFireAt: s.next_fire_at,
      updateTime: s.update_time,
      lastExecution: await latestExecution(db, s.vendor_type, s.vendor_id),
    });
  }
  return { total, rows: infos };
}
