/**
 * Online garbage collection (Harbor's GARBAGE_COLLECTION job). Pushes and pulls go on while it runs.
 *
 * THE RULE. A blob's bytes are deleted only when, at the moment of deletion, under the blob's row
 * lock and in the transaction that deletes its row:
 *   1. no artifact names it (artifact_blobs), checked by a statement that runs after the lock is
 *      held, so it sees every manifest committed before; and
 *   2. it has been unreferenced since `cutoff` = run start - time_window or earlier
 *      (blobs.unreferenced_at <= cutoff). Every use of a blob moves unreferenced_at to now under
 *      the same row lock: an upload or mount of it (upsertBlob/touchBlob), a client's HEAD or
 *      GET of it (statBlob), and a manifest naming it sets it to null (claimBlobs). So a push
 *      reusing a layer either touches it first (the collection then leaves it) or comes after
 *      the collection deleted row and file (the HEAD says unknown, the client uploads it again;
 *      a manifest naming it fails MANIFEST_BLOB_UNKNOWN instead of naming a missing blob).
 * Uploads in progress are files under uploads/ with no blob row: never candidates, never touched.
 * An upload's commit links the file into place but keeps the upload until the row is recorded,
 * and places it again if a collection removed it in between (server/core/uploads/upload.service.ts).
 * The file is unlinked inside the deleting transaction: killed mid-batch, the rows come back
 * (rollback) for blobs that were garbage anyway; statBlob checks the file of an unreferenced
 * blob, so a client re-uploads it. A referenced blob is never among them.
 *
 * CHEAP. unreferenced_at is kept as artifacts come and go (deleteArtifact, deleteRepositoryRow),
 * so a run reads only its candidates through an index, not the store or the blobs table. The
 * full consistency check (full_check) is the explicit exception: it walks the store, reports
 * and removes orphan files, reports blobs whose file is missing, and repairs lost marks.
 *
 * delete_untagged deletes untagged artifacts pushed before the cutoff first (not index children,
 * not accessories whose subject is still there), backdating their blobs' mark so the same run
 * collects them.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { inTransaction } from '../../db/transaction.js';
import { deleteByDigest } from '../artifacts/manifest-delete.service.js';
import { SYSTEM_OPERATOR } from '../audit/audit.service.js';
import type { CoreContext } from '../context.js';
import type { TaskRun } from '../jobs/job-types.js';
import { checkConsistency } from './consistency.js';
import { blobsOnlyNamedBy, candidateBlobs, deleteBlobRows, linkedRepositories, lockGarbage, untaggedArtifacts, type GcBlob } from './gc.repository.js';
import type { GcParameters } from './gc-parameters.js';

export type GcDeps = Pick<CoreContext, 'db' | 'blobs' | 'registry' | 'events' | 'audit'>;

const PAGE = 1000;
const BATCH = 200;

export interface GcResult {
  dry_run: boolean;
  /** Blobs deleted (or that would be, in a dry run). */
  purged_files: number;
  /** Bytes those blobs take: the drop in disk use. */
  freed_space: number;
  purged_artifacts: number;
  orphan_files?: number;
  orphan_bytes?: number;
  missing_blobs?: number;
}

const HOUR_MS = 3_600_000;

/** Runs one collection; reports progress in the task log and the execution's extra attributes. */
export async function collectGarbage(deps: GcDeps, params: GcParameters, run: Pick<TaskRun, 'log' | 'signal'>, progress: (r: GcResult) => Promise<void>): Promise<GcResult> {
  const started = Date.now();
  const cutoff = new Date(started - params.time_window * HOUR_MS).toISOString();
  const result: GcResult = { dry_run: params.dry_run, purged_files: 0, freed_space: 0, purged_artifacts: 0 };
  const verb = params.dry_run ? 'would delete' : 'deleted';
  run.log.info(
    `garbage collection: ${params.dry_run ? 'dry run' : 'real run'}, delete_untagged=${params.delete_untagged}, workers=${params.workers}, ` +
      `time_window=${params.time_window}h (blobs unreferenced since ${cutoff} or earlier)${params.full_check ? ', full consistency check' : ''}`,
  );

  let extra: GcBlob[] = [];
  if (params.delete_untagged) {
    const untagged = await untaggedArtifacts(deps.db, cutoff);
    for (const a of untagged) {
      run.signal.throwIfAborted();
      run.log.info(`${verb} untagged artifact ${a.repository}@${a.digest} (${a.size} bytes)`);
      if (!params.dry_run) await deleteByDigest(deps, { name: SYSTEM_OPERATOR, clientIp: null }, a.repository, a.digest, 'api', cutoff).catch((err: Error) => run.log.warn(`kept ${a.repository}@${a.digest}: ${err.message}`));
    }
    result.purged_artifacts = untagged.length;
    // A dry run deletes nothing, so the blobs those artifacts alone name are listed besides.
    if (params.dry_run) extra = await blobsOnlyNamedBy(deps.db, untagged.map((a) => a.artifactId));
  }

  const seen = new Set<number>();
  const count = (b: GcBlob) => {
    if (seen.has(b.blobId)) return;
    seen.add(b.blobId);
    result.purged_files++;
    result.freed_space += b.size;
    run.log.info(`${verb} blob ${b.digest} (${b.size} bytes)`);
  };
  extra.forEach(count);

  let after = 0;
  for (;;) {
    run.signal.throwIfAborted();
    const page = await candidateBlobs(deps.db, cutoff, after, PAGE);
    if (!params.dry_run && params.decision_delay_ms) {
      run.log.info(`chose ${page.length} candidate blobs; deciding in ${params.decision_delay_ms} ms`);
      await delay(params.decision_delay_ms, undefined, { signal: run.signal });
    }
    if (page.length === 0) break;
    after = page.at(-1)!.blobId;
    if (params.dry_run) {
      page.forEach(count);
    } else {
      const batches: GcBlob[][] = [];
      for (let i = 0; i < page.length; i += BATCH) batches.push(page.slice(i, i + BATCH));
      await inParallel(batches, params.workers, async (batch) => {
        run.signal.throwIfAborted();
        try {
          (await deleteBatch(deps, batch, cutoff)).forEach(count);
        } catch (err) {
          // PostgreSQL may pick this batch as a deadlock's victim against a push locking the
          // same rows: nothing of it was deleted, and the next run finds it again.
          if (!/deadlock/i.test((err as Error).message)) throw err;
          run.log.warn(`left ${batch.length} candidates for the next run: ${(err as Error).message}`);
        }
      });
    }
    await progress(result);
  }

  if (params.full_check) Object.assign(result, await checkConsistency(deps, { dryRun: params.dry_run, cutoff, log: run.log, signal: run.signal }));
  const seconds = (Date.now() - started) / 1000;
  run.log.info(
    `${params.dry_run ? 'dry run done' : 'done'} in ${seconds.toFixed(3)} s: ${verb} ${result.purged_artifacts} untagged artifacts and ` +
      `${result.purged_files} blobs, ${result.freed_space} bytes${params.dry_run ? ' would be' : ''} freed`,
  );
  return result;
}

/** Deletes the batch's blobs that are still garbage, rows and files in one transaction (see THE RULE). */
async function deleteBatch(deps: GcDeps, batch: GcBlob[], cutoff: string): Promise<GcBlob[]> {
  const stale: { repository: string; digest: string }[] = [];
  const deleted = await inTransaction(deps.db, async (trx) => {
    const doomed = await lockGarbage(trx, batch.map((b) => b.blobId), cutoff);
    if (doomed.length === 0) return [];
    const ids = doomed.map((b) => b.blobId);
    stale.push(...(await linkedRepositories(trx, ids)));
    await deleteBlobRows(trx, ids);
    for (const b of doomed) await deps.blobs.removeBlob(b.digest);
    return doomed;
  });
  if (stale.length) await deps.registry.forget(...stale.map((s) => ({ repository: s.repository, blob: s.digest })));
  return deleted;
}

async function inParallel<T>(items: T[], workers: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, items.length)) }, lane));
}

