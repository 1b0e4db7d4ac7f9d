/**
 * The job service as the rest of Berth sees it (ctx.jobs). Defined in core so core services
 * (replication, clean-ups) can queue work; implemented in server/jobs/ (executions and tasks in
 * the database, workers claiming them, cron schedules).
 */
import type {
  ExecutionFilter,
  ExecutionFinishedListener,
  ExecutionRow,
  JobQueueInfo,
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
} from './job-types.js';

export interface JobService {
  /** This process's identity (its worker pool id). */
  readonly identity: string;
  register(type: JobType): void;
  createExecution(input: {
    vendorType: string;
    vendorId: number;
    trigger: Trigger;
    extraAttrs?: Record<string, unknown>;
    status?: 'Running' | 'Pending';
  }): Promise<number>;
  addTasks(executionId: number, tasks: NewTask[]): Promise<number[]>;
  /** After the last addTasks: an execution with no tasks ends Success at once; otherwise its status follows its tasks. */
  sealExecution(executionId: number): Promise<void>;
  /** Pending tasks end Stopped at once, running ones within seconds, also on other processes. */
  stopExecution(executionId: number): Promise<void>;
  getExecution(id: number): Promise<ExecutionRow | undefined>;
  listExecutions(filter: ExecutionFilter, page: PageRequest): Promise<Page<ExecutionRow>>;
  updateExecutionExtraAttrs(id: number, attrs: Record<string, unknown>): Promise<void>;
  getTask(id: number): Promise<TaskRow | undefined>;
  listTasks(executionId: number, filter?: TaskFilter, page?: PageRequest): Promise<Page<TaskRow>>;
  taskLogPath(taskId: number): string;
  /** The task's log so far ('' when it has none yet). */
  readTaskLog(taskId: number): Promise<string>;
  /** Counts by status for one execution: { total, succeed, failed, in_progress, stopped }. */
  taskCounts(executionId: number): Promise<TaskCounts>;
  /** Stops one task (Harbor's "stop a running job"). */
  stopTask(taskId: number): Promise<void>;
  /** Removes an execution, its tasks and their log files. */
  deleteExecution(id: number): Promise<void>;
  /** Removes ended executions of each vendor beyond the newest `keep` (Harbor's execution sweep); answers how many. */
  purgeExecutions(keep: number): Promise<number>;
  /** In-process: called once when an execution of the vendor type ends. */
  onExecutionFinished(vendorType: string, cb: ExecutionFinishedListener): void;
  registerScheduleCallback(vendorType: string, onFire: ScheduleCallback): void;
  /** Harbor's 6-field cron; throws INVALID naming the faulty cron field (and `field`, the request's). */
  upsertSchedule(input: { vendorType: string; vendorId: number; cron: string; params?: Record<string, unknown>; field?: string }): Promise<void>;
  deleteSchedule(vendorType: string, vendorId: number): Promise<void>;
  /** The saved schedule of a vendor, with its params, or undefined. */
  getSchedule(vendorType: string, vendorId: number): Promise<ScheduleRow | undefined>;
  /** Makes the schedule fire within `ms` unless it fires sooner anyway (a system job soon after start). */
  fireScheduleWithin(vendorType: string, vendorId: number, ms: number): Promise<void>;
  listSchedules(page: { page: number; pageSize: number }): Promise<Page<ScheduleInfo>>;
  /** Whether schedules (jobType 'all') or one job type's queue are paused. */
  isPaused(jobType: string): Promise<boolean>;
  listPools(): Promise<WorkerPoolInfo[]>;
  /** Throws NOT_FOUND for a pool that is not running ('all' lists every pool's workers). */
  listWorkers(poolId: string): Promise<WorkerInfo[]>;
  listQueues(): Promise<JobQueueInfo[]>;
  /** Harbor's queue actions: stop (Pending tasks end Stopped), pause, resume; jobType 'all' for every queue. */
  queueAction(jobType: string, action: 'stop' | 'pause' | 'resume'): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
