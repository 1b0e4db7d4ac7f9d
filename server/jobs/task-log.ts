/**
 * A task's log: lines appended to <data_volume>/job_logs/<task id>.log (every attempt of the task
 * in one file, so a retried task tells its whole story) and to the jobservice component log.
 * Writes are queued per task and never throw into the job: a full disk must not fail a copy.
 * Rotated as the component logs are (log.local.rotate_size and rotate_count): past the size the
 * file becomes <id>.log.1 (older ones shift up, beyond the count they go), and reading gives the
 * kept files oldest first, saying when earlier lines were dropped.
 */
import { appendFile, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { TaskLog } from '../core/jobs/job-types.js';

export interface TaskLogRotation {
  /** Bytes a file reaches before it is rotated (log.local.rotate_size). */
  size: number;
  /** Rotated files kept (log.local.rotate_count). */
  count: number;
}

/** Harbor's defaults for log.local. */
const DEFAULT_ROTATION: TaskLogRotation = { size: 200 * 1024 * 1024, count: 50 };

export const DROPPED_NOTE = '[earlier lines of this log were rotated away: log.local.rotate_count]\n';

export class TaskLogs {
  private ready: Promise<void> | undefined;

  constructor(
    readonly dir: string,
    private readonly logger: Logger,
    private readonly rotation: TaskLogRotation = DEFAULT_ROTATION,
  ) {}

  pathOf(taskId: number): string {
    return path.join(this.dir, `${taskId}.log`);
  }

  /** Bytes in the task's current file (0 when it has none). */
  private async sizeOf(file: string): Promise<number> {
    try {
      return (await stat(file)).size;
    } catch {
      return 0;
    }
  }

  /** <id>.log -> <id>.log.1 -> ... ; the oldest beyond the count is removed (or the file itself when the count is 0). */
  private async rotate(file: string): Promise<void> {
    const { count } = this.rotation;
    // Lines are about to be lost: say so when the log is read.
    if (count === 0 || (await this.sizeOf(`${file}.${count}`)) > 0) await appendFile(`${file}.dropped`, '');
    await rm(`${file}.${count}`, { force: true });
    for (let n = count - 1; n >= 1; n--) await rename(`${file}.${n}`, `${file}.${n + 1}`).catch(() => undefined);
    if (count > 0) await rename(file, `${file}.1`);
    else await rm(file, { force: true });
  }

  /** A TaskLog whose writes are in order; flush() waits for them. */
  open(task: { taskId: number; executionId: number; jobType: string }): TaskLog & { flush(): Promise<void> } {
    let tail: Promise<void> = Promise.resolve();
    const file = this.pathOf(task.taskId);
    let size: number | undefined;
    const append = async (line: string) => {
      const bytes = Buffer.byteLength(line);
      size ??= await this.sizeOf(file);
      if (size > 0 && size + bytes > this.rotation.size) {
        await this.rotate(file);
        size = 0;
      }
      await appendFile(file, line);
      size += bytes;
    };
    const write = (level: 'INFO' | 'WARNING' | 'ERROR', msg: string) => {
      const line = `${new Date().toISOString()} [${level}] ${msg.replace(/\n/g, '\n    ')}\n`;
      this.ready ??= mkdir(this.dir, { recursive: true }).then(() => undefined);
      tail = tail
        .then(() => this.ready)
        .then(() => append(line))
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

  /** The log so far, rotated files first; '' for a task that has not written one yet. */
  async read(taskId: number): Promise<string> {
    const file = this.pathOf(taskId);
    const parts: string[] = [];
    for (let n = this.rotation.count; n >= 1; n--) parts.push(await readIfThere(`${file}.${n}`));
    parts.push(await readIfThere(file));
    const text = parts.join('');
    return (await readIfThere(`${file}.dropped`, null)) === null ? text : DROPPED_NOTE + text;
  }

  async remove(taskIds: number[]): Promise<void> {
    for (const id of taskIds) {
      const file = this.pathOf(id);
      await rm(file, { force: true });
      await rm(`${file}.dropped`, { force: true });
      for (let n = 1; n <= this.rotation.count; n++) await rm(`${file}.${n}`, { force: true });
    }
  }
}

async function readIfThere<T extends string | null = string>(file: string, absent: T = '' as T): Promise<string | T> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return absent;
    throw err;
  }
}
