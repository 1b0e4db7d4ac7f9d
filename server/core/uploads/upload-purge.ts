/**
 * Cleans up abandoned uploads (harbor.yml upload_purging): sessions untouched for `age`, and
 * upload files with no session (a process that died during a one-request push). Every process
 * runs it; deleting twice is harmless. With `dryrun` it only reports what it would remove.
 */
import type { Logger } from 'pino';
import { runPeriodically, type Periodic } from '../../lib/periodic.js';
import { isoNow } from '../../lib/time.js';
import type { CoreContext } from '../context.js';
import { deleteUpload, existingUploadIds, findStaleUploads } from './upload.repository.js';

type Deps = Pick<CoreContext, 'db' | 'blobs'>;

export interface PurgeSettings {
  /** Milliseconds since the last change. */
  age: number;
  dryrun: boolean;
}

export interface PurgeResult {
  sessions: string[];
  orphanFiles: string[];
}

const ID_BATCH = 500;
const FIRST_RUN_MS = 60_000;

async function orphanFiles(deps: Deps, olderThan: number): Promise<string[]> {
  const old = (await deps.blobs.listUploads()).filter((f) => f.modified < olderThan).map((f) => f.id);
  const orphans: string[] = [];
  for (let i = 0; i < old.length; i += ID_BATCH) {
    const batch = old.slice(i, i + ID_BATCH);
    const known = await existingUploadIds(deps.db, batch);
    orphans.push(...batch.filter((id) => !known.has(id)));
  }
  return orphans;
}

export async function purgeUploads(deps: Deps, settings: PurgeSettings, now: number = Date.now()): Promise<PurgeResult> {
  const cutoff = now - settings.age;
  const sessions = (await findStaleUploads(deps.db, new Date(cutoff).toISOString(), isoNow(() => now))).map((u) => u.id);
  const orphans = await orphanFiles(deps, cutoff);
  if (!settings.dryrun) {
    for (const id of sessions) {
      await deleteUpload(deps.db, id);
      await deps.blobs.removeUpload(id);
    }
    for (const id of orphans) await deps.blobs.removeUpload(id);
  }
  return { sessions, orphanFiles: orphans };
}

/** Purges soon after start, then every `interval` ms, until stopped. */
export function schedulePurge(deps: Deps, settings: PurgeSettings & { interval: number }, logger: Logger): Periodic {
  const run = async () => {
    const result = await purgeUploads(deps, settings);
    if (result.sessions.length || result.orphanFiles.length) {
      logger.info({ ...result, dryrun: settings.dryrun }, settings.dryrun ? 'would purge abandoned uploads' : 'purged abandoned uploads');
    }
  };
  // A process restarted more often than `interval` still purges.
  return runPeriodically(settings.interval, run, {
    firstDelayMs: Math.min(settings.interval, FIRST_RUN_MS),
    onError: (err) => logger.warn({ err }, 'purging abandoned uploads failed'),
  });
}
