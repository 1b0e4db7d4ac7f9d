/**
 * The job service (Harbor's jobservice inside each Berth process): executions and tasks in the
 * database, this process's workers, cron schedules. Created once by the composition root
 * (ctx.jobs); start() after the server listens, stop() before the database closes.
 */
import { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.js';
import { notFound } from '../lib/errors.js';
import { newProcessIdentity } from '../lib/process-identity.js';
import { isoAfter, isoNow } from '../lib/time.js';
import { checkCron, nextFiring } from './cron.js';
import { taskCountsOf } from './execution-status.js';
import * as executions from './execution.repository.js';
import type { JobService } from '../core/jobs/job-service.js';
import type {
  ExecutionFilter,
  ExecutionFinishedListener,
  ExecutionRow,
  JobQueueInfo,
  JobStatus,
  JobType,
  NewTask,
  Page,
  PageRequest,
  ScheduleCallback,
  ScheduleInfo,
  ScheduleRow,
  TaskCounts,
  TaskFilter,
  TaskRow,
  Trigger,
  WorkerInfo,
  WorkerPoolInfo,
} from '../core/jobs/job-types.js';
import * as admin from './job-admin.js';
import * as schedules from './schedule.repository.js';
import { Scheduler } from './scheduler.js';
import { TaskLogs, type TaskLogRotation } from './task-log.js';
import * as tasks from './task.repository.js';
import { DEFAULT_TIMING, WorkerPool, type PoolTiming } from './worker-pool.js';

export interface JobServiceOptions {
  db: Kysely<Database>;
  /** <data_volume>/job_logs. */
  logDir: string;
  /** jobservice.max_job_workers. */
  concurrency: number;
  logger: Logger;
  /** Task logs rotate as the component logs (log.local); Harbor's defaults when absent. */
  logRotation?: TaskLogRotation;
  /** This process's name (server/lib/process-identity.ts); a new one by default. */
  identity?: string;
  timing?: Partial<PoolTiming>;
  scheduleTickMs?: number;
}

export type { JobService };

/** The job service on the database: see server/core/jobs/job-service.ts for the contract. */
export class DatabaseJobService implements JobService {
  readonly identity: string;
  readonly concurrency: number;
  readonly logs: TaskLogs;
  private readonly db: Kysely<Database>;
  private readonly logger: Logger;
  private readonly types = new Map<string, JobType>();
  private readonly pool: WorkerPool;
  private readonly scheduler: Scheduler;
  private readonly events = new EventEmitter();
  private started = false;

  constructor(options: JobServiceOptions) {
    this.db = options.db;
    this.logger = options.logger;
    this.identity = options.identity ?? newProcessIdentity();
    this.concurrency = options.concurrency;
    this.logs = new TaskLogs(options.logDir, options.logger, options.logRotation);
    this.events.setMaxListeners(0);
    this.pool = new WorkerPool({
      db: this.db,
      identity: this.identity,
      concurrency: options.concurrency,
      types: this.types,
      logs: this.logs,
      logger: options.logger,
      timing: { ...DEFAULT_TIMING, ...options.timing },
      onTaskSettled: (id) => this.refresh(id),
    });
    this.scheduler = new Scheduler(this.db, options.logger, options.scheduleTickMs ?? 1000);
  }

  register(type: JobType): void {
    if (this.types.has(type.name)) throw new Error(`job type ${type.name} is registered twice`);
    this.types.set(type.name, type);
  }

  /** Job types this process runs. */
  jobTypes(): string[] {
    return [...this.types.keys()];
  }

  async createExecution(input: {
    vendorType: string;
    vendorId: number;
    trigger: Trigger;
    extraAttrs?: Record<string, unknown>;
    status?: 'Running' | 'Pending';
  }): Promise<number> {
    return executions.insertExecution(this.db, {
      vendorType: input.vendorType,
      vendorId: input.vendorId,
      trigger: input.trigger,
      extraAttrs: input.extraAttrs ?? {},
      status: input.status ?? 'Running',
      now: isoNow(),
    });
  }

  /** Adds tasks; on an execution being stopped they are added Stopped. */
  async addTasks(executionId: number, newTasks: NewTask[]): Promise<number[]> {
    const execution = await executions.findExecution(this.db, executionId);
    if (!execution) throw notFound(`execution ${executionId} not found`);
    const status: JobStatus = execution.stop_requested === 1 || execution.end_time ? 'Stopped' : 'Pending';
    const ids = await tasks.insertTasks(this.db, executionId, newTasks, status, isoNow());
    await this.refresh(executionId);
    if (status === 'Pending') this.pool.wake();
    return ids;
  }

  /** After the last addTasks: with no tasks the execution ends Success at once; otherwise its tasks decide. */
  async sealExecution(executionId: number): Promise<void> {
    await executions.sealExecution(this.db, executionId, isoNow());
    await this.refresh(executionId);
  }

  /** Pending tasks end Stopped now; running ones are aborted by their process within a heartbeat. */
  async stopExecution(executionId: number): Promise<void> {
    const now = isoNow();
    if (!(await executions.findExecution(this.db, executionId))) throw notFound(`execution ${executionId} not found`);
    await executions.markExecutionStopping(this.db, executionId, now);
    await tasks.stopTasks(this.db, executionId, now);
    this.pool.abortExecution(executionId);
    await this.refresh(executionId);
  }

  getExecution(id: number): Promise<ExecutionRow | undefined> {
    return executions.findExecution(this.db, id);
  }

  listExecutions(filter: ExecutionFilter, page: PageRequest): Promise<Page<ExecutionRow>> {
    return executions.listExecutions(this.db, filter, page);
  }

  async updateExecutionExtraAttrs(id: number, attrs: Record<string, unknown>): Promise<void> {
    await executions.updateExecutionExtraAttrs(this.db, id, attrs, isoNow());
  }

  getTask(id: number): Promise<TaskRow | undefined> {
    return tasks.findTask(this.db, id);
  }

  listTasks(executionId: number, filter: TaskFilter = {}, page: PageRequest = { page: 1, pageSize: 100 }): Promise<Page<TaskRow>> {
    return tasks.listTasks(this.db, executionId, filter, page);
  }

  taskLogPath(taskId: number): string {
    return this.logs.pathOf(taskId);
  }

  readTaskLog(taskId: number): Promise<string> {
    return this.logs.read(taskId);
  }

  async taskCounts(executionId: number): Promise<TaskCounts> {
    return taskCountsOf(await executions.statusCounts(this.db, executionId));
  }

  /** Stops one task (Harbor's "stop a running job"): Pending at once, Running through its process. */
  async stopTask(taskId: number): Promise<void> {
    const task = await tasks.findTask(this.db, taskId);
    if (!task) throw notFound(`job ${taskId} not found`);
    const now = isoNow();
    await tasks.stopTask(this.db, taskId, now);
    this.pool.abortTask(taskId);
    await this.refresh(task.execution_id);
  }

  /** Deletes ended executions of a vendor beyond the newest `keep`, with their task logs. */
  async purgeExecutions(keep: number): Promise<number> {
    let purged = 0;
    for (const v of await executions.vendorsWithExecutions(this.db)) {
      for (const id of await executions.endedExecutionsBeyond(this.db, v.vendor_type, v.vendor_id, keep)) {
        await this.deleteExecution(id);
        purged++;
      }
    }
    return purged;
  }

  /** Removes an execution, its tasks and their log files. */
  async deleteExecution(id: number): Promise<void> {
    const taskIds = await tasks.taskIdsOf(this.db, id);
    await executions.deleteExecutionRows(this.db, id);
    await this.logs.remove(taskIds);
  }

  onExecutionFinished(vendorType: string, cb: ExecutionFinishedListener): void {
    this.events.on(`finished:${vendorType}`, cb);
  }

  registerScheduleCallback(vendorType: string, onFire: ScheduleCallback): void {
    this.scheduler.register(vendorType, onFire);
  }

  /** Creates or changes a schedule; throws INVALID (naming `field`) for a bad cron. */
  async upsertSchedule(input: { vendorType: string; vendorId: number; cron: string; params?: Record<string, unknown>; field?: string }): Promise<void> {
    checkCron(input.cron, input.field);
    await schedules.saveSchedule(this.db, {
      vendorType: input.vendorType,
      vendorId: input.vendorId,
      cron: input.cron,
      params: input.params ?? {},
      nextFireAt: nextFiring(input.cron, new Date()).toISOString(),
      now: isoNow(),
    });
  }

  /** Makes the schedule fire within `ms` unless it fires sooner anyway (system jobs soon after start). */
  async fireScheduleWithin(vendorType: string, vendorId: number, ms: number): Promise<void> {
    await schedules.fireNoLaterThan(this.db, vendorType, vendorId, isoAfter(ms));
  }

  getSchedule(vendorType: string, vendorId: number): Promise<ScheduleRow | undefined> {
    return schedules.findSchedule(this.db, vendorType, vendorId);
  }

  async deleteSchedule(vendorType: string, vendorId: number): Promise<void> {
    await schedules.deleteSchedule(this.db, vendorType, vendorId);
  }

  /** Fires the schedules due now (the scheduler's tick; tests call it to fire without waiting). */
  fireDueSchedules(now?: Date): Promise<number> {
    return this.scheduler.tick(now);
  }

  listSchedules(page: { page: number; pageSize: number }): Promise<Page<ScheduleInfo>> {
    return admin.listScheduleInfos(this.db, page);
  }

  isPaused(jobType: string): Promise<boolean> {
    return admin.isPaused(this.db, jobType);
  }

  listPools(): Promise<WorkerPoolInfo[]> {
    return admin.listPools(this.db);
  }

  listWorkers(poolId: string): Promise<WorkerInfo[]> {
    return admin.listWorkers(this.db, poolId);
  }

  listQueues(): Promise<JobQueueInfo[]> {
    return admin.listQueues(this.db, this.jobTypes());
  }

  async queueAction(jobType: string, action: 'stop' | 'pause' | 'resume'): Promise<void> {
    for (const executionId of await admin.queueAction(this.db, jobType, action, this.jobTypes())) await this.refresh(executionId);
    if (action === 'resume') this.pool.wake();
  }

  /** Whether this process runs workers now. */
  isRunning(): boolean {
    return this.started;
  }

  /** Running tasks of this process (for the workers API). */
  localRunningTasks(): TaskRow[] {
    return this.pool.runningTasks();
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.pool.start();
    this.scheduler.start();
    this.logger.info({ identity: this.identity, workers: this.concurrency, jobTypes: this.jobTypes() }, 'job service started');
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.scheduler.stop();
    await this.pool.stop();
    this.logger.info('job service stopped');
  }

  private async refresh(executionId: number): Promise<void> {
    const { ended, row } = await executions.refreshExecution(this.db, executionId, isoNow());
    if (ended && row) {
      this.logger.info({ executionId, vendorType: row.vendor_type, vendorId: row.vendor_id, status: row.status }, 'execution finished');
      this.events.emit(`finished:${row.vendor_type}`, executionId, row.vendor_type, row.vendor_id);
    }
  }
}
