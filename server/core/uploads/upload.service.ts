/**
 * Blob uploads (spec, "Pushing blobs"): sessions that grow chunk by chunk, monolithic pushes,
 * and cross-repository mounts. A session lives in the database and on the shared volume, so any
 * Berth process can take the next chunk, and a restart loses nothing acknowledged. The blob
 * becomes visible only when its digest matched, with its database rows in one transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { inTransaction } from '../../db/transaction.js';
import { isDigest, isSha256Digest } from '../../lib/digest.js';
import { AppError } from '../../lib/errors.js';
import { projectOf } from '../../lib/reference.js';
import { isoNow } from '../../lib/time.js';
import { StorageFullError, UploadDamagedError, type ByteRange } from '../../storage/blob-store.js';
import { findRepositoryBlob, linkBlob, touchBlob, upsertBlob } from '../blobs/blob.repository.js';
import type { CoreContext } from '../context.js';
import { findProjectByName } from '../projects/project.repository.js';
import { checkBlobFits } from '../quotas/quota-guard.js';
import {
  chunkOutOfOrder,
  digestInvalid,
  projectUnknown,
  sizeInvalid,
  storageFull,
  uploadInvalid,
  uploadUnknown,
} from '../registry/registry-errors.js';
import { ensureRepository } from '../repositories/repository.repository.js';
import { deadHolder, refusal, underLease } from './upload-lease.js';
import {
  deleteIdleUpload,
  deleteUpload,
  deleteUploadHeldBy,
  deleteUploadsOf,
  findUpload,
  insertUpload,
  type Upload,
} from './upload.repository.js';

type Deps = Pick<CoreContext, 'db' | 'blobs' | 'registry' | 'events'>;

/** A client's bytes: the body, and what its headers claim about them. */
export interface Chunk {
  body: Readable;
  /** From Content-Range: where the chunk claims to sit. */
  range?: ByteRange | undefined;
  /** From Content-Length. */
  length?: number | undefined;
}

const UPLOAD_ID = /^[0-9a-f-]{36}$/;

async function projectIdFor(deps: Deps, repository: string): Promise<number> {
  const project = await findProjectByName(deps.db, projectOf(repository));
  if (!project) throw projectUnknown(projectOf(repository));
  return project.id;
}

/** Only sha256 digests can be checked (spec: an unsupported algorithm is a 400). */
function checkedDigest(digest: string | undefined): string {
  if (!digest || !isDigest(digest)) throw digestInvalid('a digest query parameter such as sha256:<64 hex> is required');
  if (!isSha256Digest(digest)) throw digestInvalid(`unsupported digest ${digest}: Berth stores sha256 only`, { digest });
  return digest;
}

async function sessionOf(deps: Deps, repository: string, id: string): Promise<Upload> {
  const upload = UPLOAD_ID.test(id) ? await findUpload(deps.db, id) : undefined;
  if (!upload || upload.repository !== repository) throw uploadUnknown(id);
  return upload;
}

export async function startUpload(deps: Deps, repository: string): Promise<Upload> {
  const projectId = await projectIdFor(deps, repository);
  const id = randomUUID();
  const now = isoNow();
  await onUploadFile(deps.blobs.createUpload(id));
  await insertUpload(deps.db, { id, projectId, repository, now });
  return { id, projectId, repository, size: 0, startedAt: now, updatedAt: now };
}

export const uploadStatus = (deps: Deps, repository: string, id: string) => sessionOf(deps, repository, id);

/** Spec: a chunk MUST start where the upload ends (else 416), and say its true length. */
function checkChunk(upload: Upload, chunk: Chunk): void {
  const { range, length } = chunk;
  if (!range) return;
  if (range.start !== upload.size) throw chunkOutOfOrder(upload.size);
  if (range.end < range.start) throw sizeInvalid(`Content-Range ${range.start}-${range.end} is empty or reversed`);
  if (length !== undefined && length !== range.end - range.start + 1) {
    throw sizeInvalid(`Content-Range covers ${range.end - range.start + 1} bytes but Content-Length is ${length}`);
  }
}

/**
 * The store's work on an upload file, with a file gone or cut short told as the client's error,
 * and a full disk as the server's (507).
 */
async function onUploadFile<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof UploadDamagedError) throw uploadInvalid('the upload was lost on the server; start it again');
    if (err instanceof StorageFullError) throw storageFull();
    throw err;
  }
}

/**
 * Runs work on a session; when the disk is full, the session is dropped with its file, which
 * frees the space it held (a client restarts a failed upload anyway).
 */
async function droppedWhenFull<T>(deps: Deps, id: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof AppError && err.field === 'storage')) throw err;
    await deps.blobs.removeUpload(id);
    // The database may be on the full disk too: then the purge removes the row later.
    await deleteUpload(deps.db, id).catch(() => undefined);
    throw err;
  }
}

/** Appends the chunk's bytes; on a refused or broken chunk the upload is back where it was. */
async function appendBytes(deps: Deps, upload: Upload, chunk: Chunk): Promise<number> {
  const size = await onUploadFile(deps.blobs.append(upload.id, upload.size, chunk.body));
  const claimed = chunk.range ? chunk.range.end - chunk.range.start + 1 : chunk.length;
  if (claimed !== undefined && size - upload.size !== claimed) {
    await deps.blobs.truncateUpload(upload.id, upload.size);
    throw sizeInvalid(`the chunk announced ${claimed} bytes but ${size - upload.size} arrived`);
  }
  return size;
}

export async function appendChunk(deps: Deps, repository: string, id: string, chunk: Chunk): Promise<Upload> {
  const upload = await sessionOf(deps, repository, id);
  checkChunk(upload, chunk);
  const size = await droppedWhenFull(deps, id, () => underLease(deps, upload, () => appendBytes(deps, upload, chunk)));
  return { ...upload, size };
}

/**
 * Records a verified blob and links it to the repository (creating the repository on first push).
 * The store's commit placed the blob but kept the upload: recording the row touches the blob
 * (garbage collection now spares it), and a collection that deleted the blob just before gets
 * it back from the upload, placed again, before the upload goes (server/core/gc/gc.ts).
 */
async function linkVerifiedBlob(deps: Deps, projectId: number, repository: string, digest: string, size: number, uploadId: string) {
  await inTransaction(deps.db, async (trx) => {
    const now = isoNow();
    const repositoryId = await ensureRepository(trx, projectId, repository, now);
    await linkBlob(trx, repositoryId, await upsertBlob(trx, digest, size, now), now);
    await deleteUpload(trx, uploadId);
  });
  await onUploadFile(deps.blobs.commit(uploadId, size, digest));
  await deps.blobs.removeUpload(uploadId);
}

/**
 * Closes a session (spec: PUT <location>?digest=, with an optional last chunk). A digest that
 * does not match cancels the upload, as distribution does: nothing of it remains; so does a blob
 * the project's storage quota cannot hold, before the blob is committed (quotas/quota-guard.ts).
 */
export async function completeUpload(
  deps: Deps,
  repository: string,
  id: string,
  digestParam: string | undefined,
  chunk: Chunk | undefined,
  operator = 'anonymous',
): Promise<{ digest: string; size: number }> {
  const digest = checkedDigest(digestParam);
  const upload = await sessionOf(deps, repository, id);
  if (chunk) checkChunk(upload, chunk);
  let size = upload.size;
  await droppedWhenFull(deps, id, () =>
    underLease(deps, upload, async () => {
      if (chunk) size = await appendBytes(deps, upload, chunk);
      await checkBlobFits(deps, { operator, projectId: upload.projectId, repository, digest }, size).catch(async (err: unknown) => {
        await deleteUpload(deps.db, id);
        await deps.blobs.removeUpload(id);
        throw err;
      });
      if (!(await onUploadFile(deps.blobs.commit(id, size, digest)))) {
        await deleteUpload(deps.db, id);
        await deps.blobs.removeUpload(id);
        throw digestInvalid('provided digest did not match uploaded content', { digest });
      }
      await linkVerifiedBlob(deps, upload.projectId, repository, digest, size, id);
      return size;
    }),
  );
  return { digest, size };
}

/** A blob in one request (spec: POST ?digest= with the body). Leaves nothing behind on failure (a quota refusal included). */
export async function uploadWhole(
  deps: Deps,
  repository: string,
  digestParam: string | undefined,
  chunk: Chunk,
  operator = 'anonymous',
): Promise<{ digest: string; size: number }> {
  const digest = checkedDigest(digestParam);
  const projectId = await projectIdFor(deps, repository);
  const id = randomUUID();
  await onUploadFile(deps.blobs.createUpload(id));
  try {
    const size = await onUploadFile(deps.blobs.append(id, 0, chunk.body));
    if (chunk.length !== undefined && chunk.length !== size) throw sizeInvalid(`Content-Length is ${chunk.length} but ${size} bytes arrived`);
    await checkBlobFits(deps, { operator, projectId, repository, digest }, size);
    if (!(await onUploadFile(deps.blobs.commit(id, size, digest)))) throw digestInvalid('provided digest did not match uploaded content', { digest });
    await linkVerifiedBlob(deps, projectId, repository, digest, size, id);
    return { digest, size };
  } finally {
    await deps.blobs.removeUpload(id);
  }
}

/** Spec: DELETE of the session. Not while a chunk or the final PUT is at work on it (in a live process). */
export async function cancelUpload(deps: Deps, repository: string, id: string): Promise<void> {
  await sessionOf(deps, repository, id);
  const deleted = async () => {
    if (await deleteIdleUpload(deps.db, id, isoNow())) return true;
    const holder = await deadHolder(deps, id);
    return holder !== null && (await deleteUploadHeldBy(deps.db, id, holder));
  };
  if (!(await deleted())) throw await refusal(deps, id);
  await deps.blobs.removeUpload(id);
}

/**
 * Cross-repository mount (spec, "Mounting a blob from another repository"): links a blob that
 * `from` has into `repository`. False when `from` does not have it; the caller, who has checked
 * that the client may read `from`, then opens a normal session.
 */
export async function mountBlob(deps: Deps, repository: string, digest: string, from: string): Promise<boolean> {
  if (!isSha256Digest(digest)) return false;
  const source = await findRepositoryBlob(deps.db, from, digest);
  if (!source || (await deps.blobs.stat(digest)) === null) return false;
  const projectId = await projectIdFor(deps, repository);
  // Only a blob that is still recorded, touched under its row lock: a collection that got to it
  // first deleted the row and the file, and the client then uploads the blob instead.
  return inTransaction(deps.db, async (trx) => {
    const now = isoNow();
    const blobId = await touchBlob(trx, digest, now);
    if (blobId === undefined) return false;
    await linkBlob(trx, await ensureRepository(trx, projectId, repository, now), blobId, now);
    return true;
  });
}

/**
 * Deletes the upload sessions of a project or a repository that is being deleted: the rows in
 * the caller's transaction; the files are removed by the returned function, once it committed.
 */
export async function dropUploadsOf(
  deps: Pick<CoreContext, 'blobs'>,
  trx: Deps['db'],
  of: { projectId: number } | { repository: string },
): Promise<() => Promise<void>> {
  const ids = await deleteUploadsOf(trx, of);
  return async () => {
    for (const id of ids) await deps.blobs.removeUpload(id);
  };
}
