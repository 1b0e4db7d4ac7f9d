/** /jobservice/* and /schedules: thin handlers over ctx.jobs, for system admins (jobservice-monitor). */
import type { CoreContext } from '../core/context.js';
import type { JobQueueInfo, ScheduleInfo, WorkerInfo, WorkerPoolInfo } from '../core/jobs/job-types.js';
import { requireSystemPermission } from '../core/security/actor.js';
import { invalid, notFound } from '../lib/errors.js';
import { rowIdOf } from '../lib/row-id.js';
import { actorOf } from './authentication.js';
import type { jobserviceOperations } from './contracts/jobservice.js';
import { sendPage } from './paging.js';
import type { HandlersOf } from './route.js';

const MONITOR = 'jobservice-monitor';

const poolJson = (p: WorkerPoolInfo) => ({
  pid: p.pid,
  worker_pool_id: p.poolId,
  start_at: p.startTime,
  heartbeat_at: p.heartbeatAt,
  concurrency: p.concurrency,
  host: p.host,
});

const workerJson = (w: WorkerInfo) => ({
  id: w.id,
  pool_id: w.poolId,
  job_name: w.task?.job_type ?? '',
  job_id: w.task ? String(w.task.id) : '',
  start_at: w.task?.start_time ?? null,
  check_in: w.task?.status_message ?? '',
  checkin_at: w.task?.heartbeat_at ?? null,
});

const queueJson = (q: JobQueueInfo) => ({ job_type: q.jobType, count: q.count, latency: q.latency, paused: q.paused });

const scheduleJson = (s: ScheduleInfo) => ({
  id: s.id,
  vendor_type: s.vendorType,
  vendor_id: s.vendorId,
  cron: s.cron,
  update_time: s.updateTime,
  next_scheduled_time: s.nextFireAt,
  last_execution: s.lastExecution
    ? {
        id: s.lastExecution.id,
        status: s.lastExecution.status,
        status_message: s.lastExecution.status_message,
        trigger: s.lastExecution.trigger,
        start_time: s.lastExecution.start_time,
        end_time: s.lastExecution.end_time,
      }
    : null,
});

/** A task id from the path; anything else names no job. */
function taskIdOf(jobId: string): number {
  const id = rowIdOf(jobId);
  if (id === undefined) throw notFound(`job ${jobId} not found`);
  return id;
}

export function jobserviceHandlers(ctx: CoreContext): HandlersOf<typeof jobserviceOperations> {
  return {
    getWorkerPools: async (_input, req, res) => {
      requireSystemPermission(actorOf(req, res), MONITOR, 'list');
      res.json((await ctx.jobs.listPools()).map(poolJson));
    },
    getWorkers: async ({ params }, req, res) => {
      requireSystemPermission(actorOf(req, res), MONITOR, 'list');
      res.json((await ctx.jobs.listWorkers(params.pool_id)).map(workerJson));
    },
    stopRunningJob: async ({ params }, req, res) => {
      requireSystemPermission(actorOf(req, res), MONITOR, 'stop');
      await ctx.jobs.stopTask(taskIdOf(params.job_id));
      res.status(200).end();
    },
    actionGetJobLog: async ({ params }, req, res) => {
      requireSystemPermission(actorOf(req, res), MONITOR, 'list');
      const id = taskIdOf(params.job_id);
      if (!(await ctx.jobs.getTask(id))) throw notFound(`job ${params.job_id} not found`);
      res.type('text/plain').send(await ctx.jobs.readTaskLog(id));
    },
    listJobQueues: async (_input, req, res) => {
      requireSystemPermission(actorOf(req, res), MONITOR, 'list');
      res.json((await ctx.jobs.listQueues()).map(queueJson));
    },
    actionPendingJobs: async ({ params, body }, req, res) => {
      requireSystemPermission(actorOf(req, res), MONITOR, 'stop');
      const known = (await ctx.jobs.listQueues()).map((q) => q.jobType);
      if (params.job_type !== 'all' && !known.includes(params.job_type)) throw notFound(`job queue ${params.job_type} not found`);
      await ctx.jobs.queueAction(params.job_type, body.action);
      res.status(200).end();
    },
    listSchedules: async ({ query }, req, res) => {
      requireSystemPermission(actorOf(req, res), MONITOR, 'list');
      // page_size 0 lists everything, as elsewhere in the API.
      const pageSize = query.page_size === 0 ? 10_000 : query.page_size;
      const page = Math.max(query.page, 1);
      const { total, rows } = await ctx.jobs.listSchedules({ page, pageSize });
      sendPage(req, res, { total, page, pageSize: query.page_size, items: rows }, scheduleJson);
    },
    getSchedulePaused: async ({ params }, req, res) => {
      requireSystemPermission(actorOf(req, res), MONITOR, 'list');
      if (params.job_type !== 'all') throw invalid("only job_type 'all' can be asked", 'job_type');
      res.json({ paused: await ctx.jobs.isPaused('all') });
    },
  };
}
