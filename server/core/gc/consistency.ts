/**
 * The full consistency check, an explicit GC option (full_check): the one part of GC that walks
 * the whole store and blobs table. Orphan files (no blob row) older than the cutoff are removed
 * in a real run (a younger one may be an upload whose row is being recorded); blobs whose file
 * is missing are reported, as errors when an artifact names them; lost unreferenced marks are
 * repaired so later runs find their garbage through the index again.
 */
import type { TaskLog } from '../jobs/job-types.js';
import { isoNow } from '../../lib/time.js';
import type { GcDeps } from './gc.js';
import { blobPage, markLostUnreferenced, recordedDigests } from './gc.repository.js';

const PAGE = 500;

export interface ConsistencyResult {
  orphan_files: number;
  orphan_bytes: number;
  missing_blobs: number;
}

export async function checkConsistency(
  deps: Pick<GcDeps, 'db' | 'blobs'>,
  options: { dryRun: boolean; cutoff: string; log: TaskLog; signal: AbortSignal },
): Promise<ConsistencyResult> {
  const { log, signal } = options;
  const result: ConsistencyResult = { orphan_files: 0, orphan_bytes: 0, missing_blobs: 0 };
  const onDisk = new Set<string>();
  const cutoffMs = Date.parse(options.cutoff);
  let page: { digest: string; size: number; modified: number }[] = [];
  const flush = async () => {
    const recorded = await recordedDigests(deps.db, page.map((f) => f.digest));
    for (const f of page.filter((p) => !recorded.has(p.digest))) {
      if (f.modified > cutoffMs) continue;
      result.orphan_files++;
      result.orphan_bytes += f.size;
      log.info(`${options.dryRun ? 'would remove' : 'removed'} orphan file ${f.digest} (${f.size} bytes, no blob row)`);
      if (!options.dryRun) await deps.blobs.removeBlob(f.digest);
    }
    page = [];
  };
  for await (const file of deps.blobs.listBlobs()) {
    signal.throwIfAborted();
    onDisk.add(file.digest);
    page.push(file);
    if (page.length >= PAGE) await flush();
  }
  await flush();

  let after = 0;
  for (;;) {
    signal.throwIfAborted();
    const rows = await blobPage(deps.db, after, PAGE);
    if (rows.length === 0) break;
    after = rows.at(-1)!.blobId;
    for (const row of rows.filter((r) => !onDisk.has(r.digest))) {
      result.missing_blobs++;
      const say = row.unreferencedAt === null ? log.error.bind(log) : log.warn.bind(log);
      say(`missing blob ${row.digest}: recorded (${row.size} bytes${row.unreferencedAt === null ? ', named by an artifact' : ', unreferenced'}) but its file is not in the store`);
    }
  }
  const repaired = options.dryRun ? 0 : await markLostUnreferenced(deps.db, isoNow());
  if (repaired) log.info(`marked ${repaired} blobs no artifact names as unreferenced (a later run collects them)`);
  log.info(`consistency check: ${result.orphan_files} orphan files (${result.orphan_bytes} bytes), ${result.missing_blobs} missing blobs`);
  return result;
}
