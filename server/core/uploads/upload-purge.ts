/**
 * Cleans up abandoned uploads (harbor.yml upload_purging): sessions untouched for `age`, and
 * upload files with no session (a process that died during a one-request push). The job service
 * runs it every upload_purging.interval (UPLOAD_PURGE in server/jobs/system-jobs.ts); deleting
 * twice is harmless. With `dryrun` it only reports what it would remove.
 */
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
