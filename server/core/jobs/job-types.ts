/**
 * What a job is to the job service (the contract shared with replication and the copy engine):
 * a named type whose run() does one task's work. Statuses are Harbor's strings.
 */
import type { ExecutionRow, ScheduleRow, TaskRow } from '../../db/schema-jobs.js';

export type { ExecutionRow, ScheduleRow, TaskRow };

export const JOB_STATUSES = ['Pending', 'Running', 'Stopped', 'Error', 'Success'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const FINAL_STATUSES: readonly JobStatus[] = ['Stopped', 'Error', 'Success'];

export type Trigger = 'MANUAL' | 'SCHEDULE' | 'EVENT_BASED';

export interface TaskLog {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export interface TaskRun {
  taskId: number;
  executionId: number;
  /** Starts at 1. */
  attempt: number;
  /** As given to addTasks. */
  params: Record<string, unknown>;
  /** Aborted when the execution is stopped or the process stops. */
  signal: AbortSignal;
  /** Appends to the task's log file (and the jobservice component log). */
  log: TaskLog;
  /** Merged into the task's extra_attrs, e.g. bytes copied, for the API. */
  setExtraAttrs(attrs: Record<string, unknown>): Promise<void>;
}

export interface JobType {
  /** e.g. 'REPLICATION', 'PURGE_AUDIT_LOG', 'UPLOAD_PURGE'. */
  name: string;
  /** Attempts before a task ends Error (default 3). */
  maxAttempts?: number;
  /** Resolve = Success; throw = failure (server/jobs/job-errors.ts says how it is retried). */
  run(run: TaskRun): Promise<void>;
}

export const DEFAULT_MAX_ATTEMPTS = 3;

/** Counts by status for one execution, as Harbor's Metrics. */
export interface TaskCounts {
  total: number;
  succeed: number;
  failed: number;
  in_progress: number;
  stopped: number;
}

export interface ExecutionFilter {
  vendorType: string;
  vendorId?: number;
  status?: string;
  trigger?: string;
}

export interface TaskFilter {
  status?: string;
  jobType?: string;
}

export interface PageRequest {
  page: number;
  pageSize: number;
  /** A column name, '-' first for descending ('-start_time' by default for executions). */
  sort?: string;
}

export interface Page<T> {
  total: number;
  rows: T[];
}

export interface NewTask {
  jobType: string;
  params: Record<string, unknown>;
  extraAttrs?: Record<string, unknown>;
}

export type ScheduleCallback = (vendorId: number, params: Record<string, unknown>) => Promise<void>;
export type ExecutionFinishedListener = (executionId: number, vendorType: string, vendorId: number) => void;

/** The job queue that holds schedule firings, as Harbor names it; pausing it pauses every schedule. */
export const SCHEDULER_QUEUE = 'SCHEDULER';

/** A Berth process running workers (Harbor's WorkerPool). */
export interface WorkerPoolInfo {
  poolId: string;
  pid: number;
  host: string;
  concurrency: number;
  startTime: string;
  heartbeatAt: string;
}

/** One worker slot of a pool and the task it runs, if any (Harbor's Worker). */
export interface WorkerInfo {
  id: string;
  poolId: string;
  task?: TaskRow;
}

/** Pending tasks of one job type (Harbor's JobQueue); latency in seconds since the oldest became due. */
export interface JobQueueInfo {
  jobType: string;
  count: number;
  latency: number;
  paused: boolean;
}

/** A schedule with its newest execution (Harbor's ScheduleTask, plus the last run). */
export interface ScheduleInfo {
  id: number;
  vendorType: string;
  vendorId: number;
  cron: string;
  nextFireAt: string;
  updateTime: string;
  lastExecution?: ExecutionRow;
}
