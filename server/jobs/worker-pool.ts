/**
 * This process's job workers (Harbor's worker pool): up to `concurrency` tasks at a time, claimed
 * from the database. Idle slots poll every POLL_MS and wake at once when this process adds tasks.
 * Each claimed task's heartbeat is refreshed every HEARTBEAT_MS; the same beat reads whether its
 * execution was stopped (the run's AbortSignal is then aborted). Tasks whose process stopped
 * beating for ORPHAN_AFTER_MS, or whose process is known dead, are taken back: retried while
 * attempts remain, otherwise ended Error "the process running it stopped".
 */
import os from 'node:os';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.js';
import type { TaskRow } from '../db/schema-jobs.js';
import { hasDied } from '../lib/process-identity.js';
import { isoAfter, isoNow } from '../lib/time.js';
import { PermanentJobError, TransientJobError } from '../core/jobs/job-errors.js';
import { DEFAULT_MAX_ATTEMPTS, type JobType } from '../core/jobs/job-types.js';
import { beatProcess, registerProcess, removeProcess, removeSilentProcesses } from './pool.repository.js';
import type { TaskLogs } from './task-log.js';
import { claimTask, findOrphanedTasks, finishTask, heartbeatTasks, recoverTask, requeueTask, runningTasksOf, setTaskExtraAttrs } from './task.repository.js';

export interface PoolTiming {
  pollMs: number;
  heartbeatMs: number;
  /** A Running task whose heartbeat is older than this is orphaned. */
  orphanAfterMs: number;
  /** First retry delay; doubles with each attempt up to maxBackoffMs. */
  retryBaseMs: number;
  maxBackoffMs: number;
  /** How long stop() waits for aborted tasks to return. */
  drainMs: number;
}

export const DEFAULT_TIMING: PoolTiming = {
  pollMs: 750,
  heartbeatMs: 2_000,
  orphanAfterMs: 30_000,
  retryBaseMs: 5_000,
  maxBackoffMs: 5 * 60_000,
  drainMs: 10_000,
};

export const PROCESS_STOPPED = 'the process running it stopped';

type AbortReason = 'stop' | 'shutdown' | 'lost';

interface Running {
  task: TaskRow;
  controller: AbortController;
  reason?: AbortReason;
  done: Promise<void>;
}

export interface PoolDeps {
  db: Kysely<Database>;
  identity: string;
  concurrency: number;
  types: ReadonlyMap<string, JobType>;
  logs: TaskLogs;
  logger: Logger;
  timing: PoolTiming;
  /** Called after a task of the execution changed status, to derive the execution's. */
  onTaskSettled(executionId: number): Promise<void>;
}

export class WorkerPool {
  private readonly running = new Map<number, Running>();
  private timers: NodeJS.Timeout[] = [];
  private filling: Promise<void> | undefined;
  private fillAgain = false;
  private stopped = true;

  constructor(private readonly deps: PoolDeps) {}

  /** Task ids this process runs now (for the workers API). */
  runningTasks(): TaskRow[] {
    return [...this.running.values()].map((r) => r.task);
  }

  async start(): Promise<void> {
    const { db, identity, concurrency, timing } = this.deps;
    this.stopped = false;
    await registerProcess(db, { identity, host: os.hostname(), pid: process.pid, concurrency, now: isoNow() });
    await this.recoverOrphans();
    // One pending timer per loop: each tick schedules the next only after its work settles, so a
    // slow database never stacks ticks, and stop() clears exactly the timers still pending.
    const every = (ms: number, work: () => Promise<void>, what: string) => {
      const slot = this.timers.length;
      const schedule = () => {
        const t = setTimeout(tick, ms);
        t.unref();
        this.timers[slot] = t;
      };
      const tick = () => {
        if (this.stopped) return;
        work()
          .catch((err: unknown) => this.deps.logger.warn({ err }, `job workers: ${what} failed`))
          .finally(() => {
            if (!this.stopped) schedule();
          });
      };
      schedule();
    };
    every(timing.pollMs, () => this.fill(), 'claiming tasks');
    every(timing.heartbeatMs, () => this.heartbeat(), 'heartbeat');
    every(Math.max(timing.heartbeatMs, Math.floor(timing.orphanAfterMs / 3)), () => this.recoverOrphans(), 'recovering orphaned tasks');
    this.wake();
  }

  /** Claims tasks now (tasks were added in this process). */
  wake(): void {
    if (this.stopped) return;
    void this.fill().catch((err: unknown) => this.deps.logger.warn({ err }, 'job workers: claiming tasks failed'));
  }

  /** Aborts this process's tasks of the execution at once (other processes notice on their heartbeat). */
  abortExecution(executionId: number): void {
    for (const r of this.running.values()) if (r.task.execution_id === executionId) this.abort(r, 'stop');
  }

  /** Aborts one task of this process at once, when it runs here. */
  abortTask(taskId: number): void {
    const r = this.running.get(taskId);
    if (r) this.abort(r, 'stop');
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    await this.filling?.catch(() => undefined);
    for (const r of this.running.values()) this.abort(r, 'shutdown');
    const drained = Promise.allSettled([...this.running.values()].map((r) => r.done));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([drained, new Promise((resolve) => (timer = setTimeout(resolve, this.deps.timing.drainMs)))]);
    clearTimeout(timer);
    await removeProcess(this.deps.db, this.deps.identity).catch(() => undefined);
  }

  private abort(r: Running, reason: AbortReason): void {
    if (r.controller.signal.aborted) return;
    r.reason = reason;
    r.controller.abort(new Error(reason === 'stop' ? 'the execution was stopped' : PROCESS_STOPPED));
  }

  private fill(): Promise<void> {
    if (this.filling) {
      this.fillAgain = true;
      return this.filling;
    }
    this.filling = (async () => {
      do {
        this.fillAgain = false;
        while (!this.stopped && this.running.size < this.deps.concurrency) {
          const task = await claimTask(this.deps.db, this.deps.identity, [...this.deps.types.keys()], isoNow());
          if (!task) break;
          this.launch(task);
        }
      } while (this.fillAgain && !this.stopped);
    })().finally(() => (this.filling = undefined));
    return this.filling;
  }

  private launch(task: TaskRow): void {
    const controller = new AbortController();
    const entry: Running = { task, controller, done: Promise.resolve() };
    this.running.set(task.id, entry);
    entry.done = this.execute(entry)
      .catch((err: unknown) => this.deps.logger.error({ err, taskId: task.id }, 'job workers: recording a task outcome failed'))
      .finally(() => {
        this.running.delete(task.id);
        this.wake();
      });
  }

  private async execute(entry: Running): Promise<void> {
    const { task, controller } = entry;
    const { db, identity, logs, timing } = this.deps;
    const type = this.deps.types.get(task.job_type);
    const maxAttempts = type?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const log = logs.open({ taskId: task.id, executionId: task.execution_id, jobType: task.job_type });
    log.info(`${task.job_type} task ${task.id}: attempt ${task.run_count} of ${maxAttempts} on ${identity}`);
    let failure: unknown;
    let ok = false;
    try {
      if (!type) throw new PermanentJobError(`no job type ${task.job_type} in this process`);
      await type.run({
        taskId: task.id,
        executionId: task.execution_id,
        attempt: task.run_count,
        params: JSON.parse(task.params) as Record<string, unknown>,
        signal: controller.signal,
        log,
        setExtraAttrs: (attrs) => setTaskExtraAttrs(db, task.id, attrs, isoNow()),
      });
      ok = true;
    } catch (err) {
      failure = err;
    }
    const now = isoNow();
    const message = failure instanceof Error ? failure.message : failure === undefined ? '' : String(failure);
    if (controller.signal.aborted && entry.reason === 'lost') {
      log.warn('another process took this task over (this one missed its heartbeat); its outcome here is dropped');
    } else if (controller.signal.aborted && entry.reason === 'shutdown' && !ok) {
      log.warn(`${PROCESS_STOPPED}: the task will run again`);
      await requeueTask(db, { id: task.id, owner: identity, message: PROCESS_STOPPED, nextAttemptAt: now, now, uncount: true });
    } else if (controller.signal.aborted && entry.reason === 'stop' && !ok) {
      log.info('stopped');
      await finishTask(db, { id: task.id, owner: identity, status: 'Stopped', message: 'stopped', now });
    } else if (ok) {
      log.info('done');
      await finishTask(db, { id: task.id, owner: identity, status: 'Success', message: '', now });
    } else if (failure instanceof PermanentJobError || task.run_count >= maxAttempts) {
      log.error(`failed: ${message}`);
      await finishTask(db, { id: task.id, owner: identity, status: 'Error', message, now });
    } else {
      const delay =
        failure instanceof TransientJobError && failure.retryAfterMs !== undefined
          ? failure.retryAfterMs
          : Math.min(timing.retryBaseMs * 2 ** (task.run_count - 1), timing.maxBackoffMs);
      log.warn(`failed: ${message}; retrying in ${Math.round(delay / 1000)} s`);
      await requeueTask(db, { id: task.id, owner: identity, message, nextAttemptAt: isoAfter(delay), now });
    }
    await log.flush();
    await this.deps.onTaskSettled(task.execution_id);
  }

  private async heartbeat(): Promise<void> {
    const { db, identity } = this.deps;
    const now = isoNow();
    await beatProcess(db, identity, now);
    if (this.running.size === 0) return;
    // Judge only the tasks held before the query: one claimed while it was in flight may be
    // missing from its answer, and taking that for "lost" would drop the task's outcome and
    // leave its row Running until the orphan check ran it a second time.
    const judged = new Map(this.running);
    const { running, stopRequested } = await heartbeatTasks(db, identity, now);
    for (const [id, r] of judged) {
      if (stopRequested.has(id)) this.abort(r, 'stop');
      // Taken back by another process's orphan check (this one stalled): stop working on it.
      else if (!running.has(id)) this.abort(r, 'lost');
    }
  }

  private async recoverOrphans(): Promise<void> {
    const { db, timing } = this.deps;
    const now = isoNow();
    await removeSilentProcesses(db, isoAfter(-timing.orphanAfterMs), (identity) => identity !== this.deps.identity && hasDied(identity));
    const owners = new Set((await runningTasksOf(db, undefined)).map((t) => t.owner).filter((o): o is string => o !== null));
    const dead = [...owners].filter((o) => o !== this.deps.identity && hasDied(o));
    const orphans = await findOrphanedTasks(db, isoAfter(-timing.orphanAfterMs), dead);
    for (const t of orphans) {
      if (this.running.has(t.id)) continue;
      const maxAttempts = this.deps.types.get(t.job_type)?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
      const to =
        t.stop_requested === 1
          ? { status: 'Stopped' as const, message: `stopped (${PROCESS_STOPPED})` }
          : t.run_count < maxAttempts
            ? { status: 'Pending' as const, message: `${PROCESS_STOPPED}; retrying` }
            : { status: 'Error' as const, message: PROCESS_STOPPED };
      if (await recoverTask(db, t, { ...to, now })) {
        this.deps.logs
          .open({ taskId: t.id, executionId: t.execution_id, jobType: t.job_type })
          .warn(`${PROCESS_STOPPED} (${t.owner ?? 'unknown'}): ${to.status === 'Pending' ? 'the task will run again' : `the task is ${to.status}`}`);
        await this.deps.onTaskSettled(t.execution_id);
      }
    }
  }
}
