/**
 * One blob from a source registry to a destination, streamed and verified: skipped when the
 * destination has it (HEAD), mounted when the destination can take it from a repository it
 * already holds it in, otherwise uploaded in chunks (PATCH with Content-Range) while every byte
 * is hashed. The upload is only finished (PUT ?digest=) when the hash matches; a mismatch, an
 * abort or a permanent failure cancels the session (DELETE) so nothing half-made remains. After
 * a transient failure the session is kept, and the next attempt resumes at its offset. Where the
 * sessions are kept is the caller's choice (UploadSessions): in this process by default, or with
 * the task, so that an attempt on another process after this one died resumes too.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { isRemoteError, RemoteError } from './remote-error.js';
import type { TokenBucket } from './speed-limit.js';
import type { Descriptor, RemoteRegistry, UploadSession } from './types.js';
import { abortedError } from './http.js';

export const DEFAULT_CHUNK_SIZE = 32 * 1024 * 1024;

/** Upload sessions kept for resuming, by destination, repository and digest. */
export interface UploadSessions {
  get(key: string): UploadSession | undefined;
  set(key: string, session: UploadSession): void;
  delete(key: string): void;
}

export interface BlobCopy {
  source: RemoteRegistry;
  sourceRepository: string;
  destination: RemoteRegistry;
  destinationRepository: string;
  signal: AbortSignal;
  limiter?: TokenBucket;
  chunkSize: number;
  log: (msg: string) => void;
  onBytes?: (n: number) => void;
  /** Where sessions are kept between attempts; this process's memory by default. */
  sessions?: UploadSessions;
}

export type BlobOutcome = { kind: 'present' | 'mounted' } | { kind: 'copied'; bytes: number };

/** Where a destination is known to hold a blob (from earlier copies), for mounts: bounded, in-process. */
const knownLocations = new Map<string, string>();
const KNOWN_LIMIT = 20_000;
/** Upload sessions kept after a transient failure, so a retried task resumes (when the caller keeps none). */
const inProcess = new Map<string, UploadSession>();

function remember(map: Map<string, string>, key: string, value: string): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > KNOWN_LIMIT) map.delete(map.keys().next().value!);
}

export async function copyBlob(job: BlobCopy, blob: Descriptor): Promise<BlobOutcome> {
  const { destination: dst, destinationRepository: repo, signal } = job;
  const where = `${dst.identity} ${blob.digest}`;
  if ((await dst.headBlob(repo, blob.digest, signal)) !== null) {
    remember(knownLocations, where, repo);
    return { kind: 'present' };
  }
  const resumeKey = `${dst.identity} ${repo} ${blob.digest}`;
  const resumable = job.sessions ?? inProcess;
  let session = await resumeSession(job, resumable, resumeKey);
  if (!session) {
    const from = job.source.identity === dst.identity ? job.sourceRepository : knownLocations.get(where);
    if (from && from !== repo) {
      const mounted = await dst.mountBlob(repo, blob.digest, from, signal);
      if (mounted === true) {
        remember(knownLocations, where, repo);
        return { kind: 'mounted' };
      }
      session = mounted;
    }
  }
  session ??= await dst.startUpload(repo, signal);
  try {
    const bytes = await upload(job, blob, session, (moved) => {
      session = moved;
      resumable.set(resumeKey, moved);
    });
    resumable.delete(resumeKey);
    remember(knownLocations, where, repo);
    return { kind: 'copied', bytes };
  } catch (err) {
    const keep = isRemoteError(err) && err.transient && !signal.aborted;
    if (!keep) {
      resumable.delete(resumeKey);
      await dst.cancelUpload(repo, session);
    }
    if (signal.aborted) throw abortedError(signal);
    throw err;
  }
}

async function resumeSession(job: BlobCopy, resumable: UploadSessions, key: string): Promise<UploadSession | undefined> {
  const kept = resumable.get(key);
  if (!kept) return undefined;
  resumable.delete(key);
  const status = await job.destination.uploadStatus(job.destinationRepository, kept, job.signal).catch(() => null);
  if (!status) {
    // Distribution refuses a session whose last PATCH was cut short (its state names another offset): start over.
    await job.destination.cancelUpload(job.destinationRepository, kept);
    return undefined;
  }
  job.log(`resuming the upload of ${key.split(' ').pop()} at byte ${status.offset}`);
  return status;
}

/** Streams the source blob into PATCHes of at most chunkSize, hashing all of it; returns the bytes sent. */
async function upload(job: BlobCopy, blob: Descriptor, start: UploadSession, moved: (s: UploadSession) => void): Promise<number> {
  const { destination: dst, destinationRepository: repo, signal } = job;
  const source = await job.source.getBlob(job.sourceRepository, blob.digest, signal);
  const hash = createHash('sha256');
  let session = start;
  let skip = start.offset; // bytes the destination already holds: hashed, not sent again
  let read = 0;
  let sent = 0;
  let chunk: { body: PassThrough; left: number; done: Promise<UploadSession> } | null = null;
  const mismatch = (why: string) =>
    new RemoteError('digest-mismatch', `the blob ${blob.digest} from ${job.source.identity}/${job.sourceRepository} ${why}`, { transient: false });
  try {
    for await (const piece of source.stream as AsyncIterable<Buffer>) {
      hash.update(piece);
      read += piece.length;
      if (read > blob.size) throw mismatch(`is larger than its descriptor's ${blob.size} bytes`);
      let rest = piece;
      if (skip > 0) {
        const n = Math.min(skip, rest.length);
        rest = rest.subarray(n);
        skip -= n;
      }
      if (rest.length > 0) await job.limiter?.take(rest.length, signal);
      while (rest.length > 0) {
        if (!chunk) {
          const length = Math.min(job.chunkSize, blob.size - session.offset);
          const body = new PassThrough();
          const done = dst.patchUpload(repo, session, body, length, signal);
          done.catch(() => body.destroy());
          chunk = { body, left: length, done };
        }
        const part = rest.subarray(0, chunk.left);
        rest = rest.subarray(part.length);
        chunk.left -= part.length;
        sent += part.length;
        job.onBytes?.(part.length);
        if (!chunk.body.write(part)) await Promise.race([once(chunk.body, 'drain'), chunk.done]);
        if (chunk.left === 0) {
          chunk.body.end();
          session = await chunk.done;
          moved(session);
          chunk = null;
        }
      }
    }
  } catch (err) {
    chunk?.body.destroy();
    source.stream.destroy();
    if (signal.aborted) throw abortedError(signal);
    if (err instanceof RemoteError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new RemoteError('unreachable', `reading ${blob.digest} from ${job.source.identity} failed: ${code || (err as Error).message}`, { cause: err });
  }
  if (chunk || read !== blob.size) {
    chunk?.body.destroy();
    throw mismatch(`ended after ${read} of ${blob.size} bytes`);
  }
  const digest = `sha256:${hash.digest('hex')}`;
  if (digest !== blob.digest) throw mismatch(`hashes to ${digest}`);
  await dst.finishUpload(repo, session, blob.digest, signal);
  return sent;
}
