/**
 * Table types of the job service (migration 2026_12_02_0010_jobs), kept apart from schema.ts so
 * the job service's columns are read in one place. Statuses are Harbor's strings.
 */
import type { Generated, Selectable } from 'kysely';

export interface ExecutionsTable {
  id: Generated<number>;
  /** What the execution runs for: 'REPLICATION', 'PURGE_AUDIT_LOG', ... */
  vendor_type: string;
  /** The policy's id (0 for system jobs). */
  vendor_id: Generated<number>;
  status: string;
  status_message: Generated<string>;
  /** 'MANUAL', 'SCHEDULE' or 'EVENT_BASED'. */
  trigger: string;
  /** JSON object. */
  extra_attrs: Generated<string>;
  /** 1 once every task was added: only a sealed execution can end. */
  sealed: Generated<number>;
  stop_requested: Generated<number>;
  start_time: string;
  end_time: string | null;
  update_time: string;
}

export interface TasksTable {
  id: Generated<number>;
  execution_id: number;
  job_type: string;
  status: string;
  status_message: Generated<string>;
  /** Attempts started so far. */
  run_count: Generated<number>;
  /** JSON object given to addTasks. */
  params: Generated<string>;
  /** JSON object the job sets while it runs. */
  extra_attrs: Generated<string>;
  /** 1 when its execution was stopped while it ran: its process aborts it. */
  stop_requested: Generated<number>;
  /** The process identity that claimed it (server/lib/process-identity.ts). */
  owner: string | null;
  heartbeat_at: string | null;
  /** Not claimed before this time (backoff between attempts). */
  next_attempt_at: string;
  creation_time: string;
  start_time: string | null;
  end_time: string | null;
  update_time: string;
}

export interface SchedulesTable {
  id: Generated<number>;
  vendor_type: string;
  vendor_id: Generated<number>;
  /** Harbor's 6-field cron, seconds first, evaluated in UTC. */
  cron: string;
  params: Generated<string>;
  /** Claimed by the process that fires it: an update guarded by the old value. */
  next_fire_at: string;
  creation_time: string;
  update_time: string;
}

export interface JobQueuesTable {
  job_type: string;
  paused: Generated<number>;
  update_time: string;
}

/** Berth processes running job workers (Harbor's worker pools). */
export interface JobProcessesTable {
  identity: string;
  host: string;
  pid: number;
  concurrency: number;
  start_time: string;
  heartbeat_at: string;
}

export interface JobTables {
  executions: ExecutionsTable;
  tasks: TasksTable;
  schedules: SchedulesTable;
  job_queues: JobQueuesTable;
  job_processes: JobProcessesTable;
}

export type ExecutionRow = Selectable<ExecutionsTable>;
export type TaskRow = Selectable<TasksTable>;
export type ScheduleRow = Selectable<SchedulesTable>;
export type JobProcessRow = Selectable<JobProcessesTable>;
