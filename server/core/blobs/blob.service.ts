/**
 * Reading and removing blobs as a repository sees them. A repository serves a blob only when
 * linked to it (uploaded or mounted there). Its own manifests are served too, as distribution
 * does: they are content like any other.
 */
import type { Writable } from 'node:stream';
import { inTransaction } from '../../db/transaction.js';
import { isDigest, isSha256Digest } from '../../lib/digest.js';
import type { ByteRange } from '../../storage/blob-store.js';
import { findManifest } from '../artifacts/artifact.repository.js';
import type { CoreContext } from '../context.js';
import { blobUnknown, digestInvalid } from '../registry/registry-errors.js';
import { findRepositoryByName } from '../repositories/repository.repository.js';
import { isoNow } from '../../lib/time.js';
import { findRepositoryBlob, touchBlob, unlinkBlob } from './blob.repository.js';

type Deps = Pick<CoreContext, 'db' | 'blobs' | 'registry'>;

/** A blob as served: its size, and its bytes when it is a manifest held in the database. */
export interface ServedBlob {
  size: number;
  bytes?: Buffer;
}

function checkDigest(digest: string): void {
  if (!isDigest(digest)) throw digestInvalid(`invalid digest ${digest}`, { digest });
}

export async function statBlob(deps: Deps, repository: string, digest: string): Promise<ServedBlob> {
  checkDigest(digest);
  const key = `${repository}@${digest}`;
  const cached = await deps.registry.lookup(deps.registry.blobs, key, deps.registry.mark());
  if (cached !== undefined) return { size: cached };
  if (!isSha256Digest(digest)) throw blobUnknown(digest);
  const before = deps.registry.beforeRead();
  const blob = await findRepositoryBlob(deps.db, repository, digest);
  if (blob && blob.unreferencedAt) {
    // A client asking for a blob no artifact names is about to push a manifest naming it:
    // touching it keeps garbage collection off it. Not cached, so every ask touches it.
    if ((await touchBlob(deps.db, digest, isoNow())) === undefined) throw blobUnknown(digest);
    // A collection killed midway may have unlinked its file and rolled its row back: the client
    // then uploads it again rather than name a blob whose bytes are gone.
    if ((await deps.blobs.stat(digest)) === null) throw blobUnknown(digest);
    return { size: blob.size };
  }
  if (blob) {
    deps.registry.keep(deps.registry.blobs, key, blob.size, before);
    return { size: blob.size };
  }
  const manifest = await findManifest(deps.db, repository, digest);
  if (manifest) return { size: manifest.bytes.length, bytes: manifest.bytes };
  throw blobUnknown(digest);
}

/** Writes the blob's bytes (or a range of them) to `out`; BLOB_UNKNOWN, before any byte, when the store lost them. */
export async function sendBlob(deps: Deps, digest: string, out: Writable, range?: ByteRange): Promise<void> {
  if (!(await deps.blobs.sendTo(digest, out, range))) throw blobUnknown(digest);
}

/** A URL the client may fetch the blob's bytes from itself (storage_service.redirect), or null to stream them. */
export async function blobDownloadUrl(deps: Deps, digest: string): Promise<string | null> {
  return (await deps.blobs.downloadUrl?.(digest)) ?? null;
}

/** Unlinks the blob from the repository (spec: DELETE blob). The bytes wait for garbage collection. */
export async function deleteRepositoryBlob(deps: Deps, repository: string, digest: string): Promise<void> {
  checkDigest(digest);
  const [found, target] = await Promise.all([findRepositoryBlob(deps.db, repository, digest), findRepositoryByName(deps.db, repository)]);
  if (!found || !target) throw blobUnknown(digest);
  const removed = await inTransaction(deps.db, (trx) => unlinkBlob(trx, target.id, found.blobId));
  await deps.registry.forget({ repository, blob: digest });
  if (!removed) throw blobUnknown(digest);
}
