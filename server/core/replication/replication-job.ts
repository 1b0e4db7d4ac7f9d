/**
 * The REPLICATION job: one task copies one artifact (with its index children and accessories)
 * or deletes one at the destination. Both ends are opened by registry id (null is this Berth),
 * the copy runs at the rule's speed and stops with the task's signal. A remote's refusal that a
 * retry cannot change (credentials, permission, digest mismatch, a source that is gone) fails
 * the task at once with the remote's words; anything else is retried by the job service.
 */
import { isRemoteError } from '../../remote/remote-error.js';
import { copyArtifact, deleteRemoteArtifact } from '../../remote/copy-artifact.js';
import { PermanentJobError, TransientJobError } from '../jobs/job-errors.js';
import type { JobType, TaskRun } from '../jobs/job-types.js';
import type { RemoteRegistry } from '../../remote/types.js';
import type { CoreContext } from '../context.js';
import { openRegistry } from '../registries/registry-client.js';
import type { ReplicationTaskParams } from './planner.js';
import { replicationChunkSize, taskUploadSessions } from './task-upload-sessions.js';

export const REPLICATION_JOB = 'REPLICATION';
/** A task that only reports why the execution could not be planned (it fails at once, with the reason). */
export const PLAN_FAILED = 'plan-failed';

const PERMANENT_KINDS = new Set(['unauthorized', 'forbidden', 'digest-mismatch', 'not-found', 'rejected', 'unsupported', 'not-a-registry', 'tls']);

/** RemoteError as the job service's errors; an abort stays an abort (the task ends Stopped). */
export function jobErrorOf(err: unknown): unknown {
  if (!isRemoteError(err)) return err;
  if (err.kind === 'aborted') return err;
  // The kind leads the reason when the remote's words lack it ("unauthorized: checking the manifest app:v1: 401").
  const reason = err.message.toLowerCase().includes(err.kind.replace('-', ' ')) || err.message.includes(err.kind) ? err.message : `${err.kind}: ${err.message}`;
  if (PERMANENT_KINDS.has(err.kind) || !err.transient) return new PermanentJobError(reason, { cause: err });
  return new TransientJobError(reason, { cause: err, ...(err.retryAfterMs === undefined ? {} : { retryAfterMs: err.retryAfterMs }) });
}

/** Deletes the artifact (or the tag alone); what is already gone counts as deleted. */
async function deleteAtDestination(destination: RemoteRegistry, p: ReplicationTaskParams, run: TaskRun): Promise<void> {
  const what = `${p.dstRepository}${p.reference.startsWith('sha256:') ? '@' : ':'}${p.reference}`;
  run.log.info(`deleting ${p.tagOnly ? 'the tag ' : ''}${what} at the destination`);
  try {
    if (p.tagOnly) await destination.deleteManifest(p.dstRepository, p.reference, run.signal);
    else await deleteRemoteArtifact(destination, p.dstRepository, p.reference, run.signal);
    run.log.info('deleted');
  } catch (err) {
    if (!isRemoteError(err, 'not-found')) throw err;
    run.log.info(`${what} is not at the destination: nothing to delete`);
  }
}

async function runTask(ctx: CoreContext, run: TaskRun): Promise<void> {
  if (run.params.operation === PLAN_FAILED) {
    const message = String(run.params.message);
    run.log.error(message);
    throw new PermanentJobError(message);
  }
  const p = run.params as ReplicationTaskParams;
  const started = Date.now();
  const destination = await openRegistry(ctx, p.dstRegistryId);
  if (p.operation === 'deletion') {
    await deleteAtDestination(destination, p, run);
    await run.setExtraAttrs({ duration_ms: Date.now() - started });
    return;
  }
  const source = await openRegistry(ctx, p.srcRegistryId);
  await destination.prepareRepository(p.dstRepository, run.signal);
  const references = p.tags.length > 0 ? p.tags : [p.reference];
  const sessions = await taskUploadSessions(ctx, run);
  let bytes = 0;
  let copied = 0;
  let skipped = 0;
  let digest = '';
  for (const reference of references) {
    run.log.info(`copying ${p.srcRepository}:${reference} to ${p.dstRepository} (override ${p.override ? 'on' : 'off'}, speed ${p.speed ? `${p.speed} KB/s` : 'unlimited'})`);
    const result = await copyArtifact({
      source,
      sourceRepository: p.srcRepository,
      reference,
      destination,
      destinationRepository: p.dstRepository,
      ...(reference.startsWith('sha256:') ? {} : { destinationTag: reference }),
      override: p.override,
      withAccessories: true,
      speedLimitKBps: p.speed,
      signal: run.signal,
      log: (msg) => run.log.info(msg),
      sessions,
      ...(p.copyByChunk ? { chunkSize: replicationChunkSize() } : {}),
    });
    digest = result.digest;
    bytes += result.bytes;
    copied += result.blobsCopied;
    skipped += result.blobsSkipped;
    run.log.info(`${reference}: ${result.digest}, ${result.bytes} bytes copied, ${result.blobsCopied} blobs copied, ${result.blobsSkipped} already there${result.skipped ? ' (skipped)' : ''}`);
  }
  await run.setExtraAttrs({ digest, bytes, blobs_copied: copied, blobs_skipped: skipped, duration_ms: Date.now() - started });
}

export function replicationJob(ctx: CoreContext): JobType {
  return {
    name: REPLICATION_JOB,
    async run(run) {
      try {
        await runTask(ctx, run);
      } catch (err) {
        const mapped = jobErrorOf(err);
        if (mapped instanceof Error && mapped !== err) run.log.error(mapped.message);
        throw mapped;
      }
    },
  };
}
