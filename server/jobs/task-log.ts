/**
 * A task's log: lines appended to <data_volume>/job_logs/<task id>.log (every attempt of the task
 * in one file, so a retried task tells its whole story) and to the jobservice component log.
 * Writes are queued per task and never throw into the job: a full disk must not fail a copy.
 */
import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { TaskLog } from '../core/jobs/job-types.js';

export class TaskLogs {
  private ready: Promise<void> | undefined;

  constructor(
    readonly dir: string,
    private readonly logger: Logger,
  ) {}

  pathOf(taskId: number): string {
    return path.join(this.dir, `${taskId}.log`);
  }

  /** A TaskLog whose writes are in order; flush() waits for them. */
  open(task: { taskId: number; executionId: number; jobType: string }): TaskLog & { flush(): Promise<void> } {
    let tail: Promise<void> = Promise.resolve();
    const file = this.pathOf(task.taskId);
    const write = (level: 'INFO' | 'WARNING' | 'ERROR', msg: string) => {
      const line = `${new Date().toISOString()} [${level}] ${msg.replace(/\n/g, '\n    ')}\n`;
      this.ready ??= mkdir(this.dir, { recursive: true }).then(() => undefined);
      tail = tail
        .then(() => this.ready)
        .then(() => appendFile(file, line))
        .catch((err: unknown) => this.logger.warn({ err, taskId: task.taskId }, 'cannot write a task log'));
      const fields = { taskId: task.taskId, executionId: task.executionId, jobType: task.jobType };
      if (level === 'ERROR') this.logger.error(fields, msg);
      else if (level === 'WARNING') this.logger.warn(fields, msg);
      else this.logger.info(fields, msg);
    };
    return {
      info: (msg) => write('INFO', msg),
      warn: (msg) => write('WARNING', msg),
      error: (msg) => write('ERROR', msg),
      flush: () => tail,
    };
  }

  /** The log so far; '' for a task that has not written one yet. */
  async read(taskId: number): Promise<string> {
    try {
      return await readFile(this.pathOf(taskId), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw err;
    }
  }

  async remove(taskIds: number[]): Promise<void> {
    for (const id of taskIds) await rm(this.pathOf(id), { force: true });
  }
}
