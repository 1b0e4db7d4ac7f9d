/**
 * Upload sessions kept with the replication task (in its extra_attrs, as upload_sessions), so
 * that when the process running a large copy dies, the task's next attempt, on whichever process
 * takes it, asks the destination where its upload stands and sends only the rest. A session
 * saved a chunk late is harmless: the destination's own offset decides where to resume.
 */
import type { UploadSession } from '../../remote/types.js';
import type { UploadSessions } from '../../remote/blob-copy.js';
import type { TaskRun } from '../jobs/job-types.js';
import type { CoreContext } from '../context.js';

/** Harbor's chunk for copy_by_chunk rules: REPLICATION_CHUNK_SIZE bytes (its jobservice's variable), else 10 MiB. */
export function replicationChunkSize(env: NodeJS.ProcessEnv = process.env): number {
  const bytes = Number(env.REPLICATION_CHUNK_SIZE);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : 10 * 1024 * 1024;
}

const isSession = (value: unknown): value is UploadSession =>
  typeof value === 'object' && value !== null && typeof (value as UploadSession).location === 'string' && Number.isSafeInteger((value as UploadSession).offset);

function savedSessions(extraAttrs: string | undefined): Map<string, UploadSession> {
  try {
    const saved = (JSON.parse(extraAttrs ?? '{}') as { upload_sessions?: Record<string, unknown> }).upload_sessions ?? {};
    return new Map(Object.entries(saved).filter((entry): entry is [string, UploadSession] => isSession(entry[1])));
  } catch {
    return new Map();
  }
}

export async function taskUploadSessions(ctx: Pick<CoreContext, 'jobs' | 'loggers'>, run: Pick<TaskRun, 'taskId' | 'setExtraAttrs'>): Promise<UploadSessions> {
  const sessions = savedSessions((await ctx.jobs.getTask(run.taskId))?.extra_attrs);
  let writes = Promise.resolve();
  const save = () => {
    const snapshot = Object.fromEntries(sessions);
    writes = writes
      .then(() => run.setExtraAttrs({ upload_sessions: snapshot }))
      .catch((err: unknown) => ctx.loggers.jobservice.warn({ err, taskId: run.taskId }, 'could not save the upload sessions of a task'));
  };
  return {
    get: (key) => sessions.get(key),
    set: (key, session) => {
      sessions.set(key, session);
      save();
    },
    delete: (key) => {
      if (sessions.delete(key)) save();
    },
  };
}
