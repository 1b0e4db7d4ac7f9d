/** The job service's monitor (Harbor's jobservice tag) and the schedules list (schedule tag). */
import { z } from 'zod';
import { errorResponses, LIST_HEADERS, ok, pagingQuery } from './common.js';
import { operation } from './operation.js';

export const WorkerPool = z
  .object({
    pid: z.int().describe('The process id of the Berth process.'),
    worker_pool_id: z.string().describe('The process identity: host key, pid, start ticks, random.'),
    start_at: z.string().describe('When the process started its workers.'),
    heartbeat_at: z.string().describe('Its latest heartbeat.'),
    concurrency: z.int().describe('jobservice.max_job_workers of that process.'),
    host: z.string(),
  })
  .meta({ id: 'WorkerPool', description: 'One Berth process running job workers.' });

export const Worker = z
  .object({
    id: z.string().describe('<pool id>.<slot>'),
    pool_id: z.string(),
    job_name: z.string().describe('The job type of the task it runs; empty when idle.'),
    job_id: z.string().describe('The id of the task it runs; empty when idle.'),
    start_at: z.string().nullable().describe('When the task started; null when idle.'),
    check_in: z.string().describe('The task status message.'),
    checkin_at: z.string().nullable().describe('The task\'s latest heartbeat; null when idle.'),
  })
  .meta({ id: 'Worker' });

export const JobQueue = z
  .object({
    job_type: z.string(),
    count: z.int().describe('Pending tasks.'),
    latency: z.int().describe('Seconds since the oldest pending task became due.'),
    paused: z.boolean(),
  })
  .meta({ id: 'JobQueue' });

export const ActionRequest = z
  .object({ action: z.enum(['stop', 'pause', 'resume'], { error: 'action must be one of stop, pause, resume' }) })
  .meta({ id: 'ActionRequest' });

const LastExecution = z.object({
  id: z.int(),
  status: z.string(),
  status_message: z.string(),
  trigger: z.string(),
  start_time: z.string(),
  end_time: z.string().nullable(),
});

export const ScheduleTask = z
  .object({
    id: z.int(),
    vendor_type: z.string(),
    vendor_id: z.int(),
    cron: z.string().describe('Six fields, seconds first, in UTC.'),
    update_time: z.string(),
    next_scheduled_time: z.string().describe('Berth: when it fires next.'),
    last_execution: LastExecution.nullable().describe('Berth: the newest execution, with its outcome; null before the first.'),
  })
  .meta({ id: 'ScheduleTask' });

export const SchedulerStatus = z.object({ paused: z.boolean() }).meta({ id: 'SchedulerStatus' });

const jobIdParams = z.object({ job_id: z.string().min(1).describe('The id of the job (a task id).') });
const SYSADMIN = 'system admins (jobservice-monitor)';

export const jobserviceOperations = {
  getWorkerPools: operation({
    id: 'getWorkerPools',
    method: 'get',
    path: '/jobservice/pools',
    summary: 'The worker pools: one per running Berth process.',
    tag: 'jobservice',
    access: SYSADMIN,
    responses: { 200: { description: 'The pools.', body: z.array(WorkerPool) }, ...errorResponses(401, 403) },
  }),
  getWorkers: operation({
    id: 'getWorkers',
    method: 'get',
    path: '/jobservice/pools/{pool_id}/workers',
    summary: 'The workers of a pool (\'all\' for every pool) and what each runs.',
    tag: 'jobservice',
    access: SYSADMIN,
    params: z.object({ pool_id: z.string().min(1).describe("The pool id, or 'all'.") }),
    responses: { 200: { description: 'The workers.', body: z.array(Worker) }, ...errorResponses(401, 403, 404) },
  }),
  stopRunningJob: operation({
    id: 'stopRunningJob',
    method: 'put',
    path: '/jobservice/jobs/{job_id}',
    summary: 'Stops a job (a task): a pending one at once, a running one within seconds.',
    tag: 'jobservice',
    access: SYSADMIN,
    params: jobIdParams,
    responses: { ...ok, ...errorResponses(401, 403, 404) },
  }),
  actionGetJobLog: operation({
    id: 'actionGetJobLog',
    method: 'get',
    path: '/jobservice/jobs/{job_id}/log',
    summary: 'The log of a job (a task), as text.',
    tag: 'jobservice',
    access: SYSADMIN,
    params: jobIdParams,
    responses: { 200: { description: 'The log (text/plain).', body: z.string() }, ...errorResponses(401, 403, 404) },
  }),
  listJobQueues: operation({
    id: 'listJobQueues',
    method: 'get',
    path: '/jobservice/queues',
    summary: 'Pending tasks by job type, and whether each queue is paused.',
    tag: 'jobservice',
    access: SYSADMIN,
    responses: { 200: { description: 'The queues.', body: z.array(JobQueue) }, ...errorResponses(401, 403) },
  }),
  actionPendingJobs: operation({
    id: 'actionPendingJobs',
    method: 'put',
    path: '/jobservice/queues/{job_type}',
    summary: "stop (pending tasks end Stopped), pause or resume a queue; 'all' for every queue (pausing all pauses schedules too).",
    tag: 'jobservice',
    access: SYSADMIN,
    params: z.object({ job_type: z.string().min(1).describe("The job type, or 'all'.") }),
    body: ActionRequest,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404, 422) },
  }),
  listSchedules: operation({
    id: 'listSchedules',
    method: 'get',
    path: '/schedules',
    summary: 'The cron schedules (system clean-ups, scheduled replication...) with their newest execution.',
    tag: 'schedule',
    access: SYSADMIN,
    query: pagingQuery.pick({ page: true, page_size: true }),
    responses: {
      200: { description: 'The schedules.', body: z.array(ScheduleTask), headers: LIST_HEADERS },
      ...errorResponses(400, 401, 403),
    },
  }),
  getSchedulePaused: operation({
    id: 'getSchedulePaused',
    method: 'get',
    path: '/schedules/{job_type}/paused',
    summary: "Whether schedules are paused (only 'all' is asked, as Harbor).",
    tag: 'schedule',
    access: SYSADMIN,
    params: z.object({ job_type: z.string().min(1).describe("'all'.") }),
    responses: { 200: { description: 'The scheduler status.', body: SchedulerStatus }, ...errorResponses(400, 401, 403) },
  }),
};
