/**
 * What Berth needs from a blob store: content-addressed blobs that appear whole or not at all,
 * and uploads that grow by appends and become blobs once their digest is checked. The store
 * knows digests and bytes, nothing of projects or repositories. The filesystem implementation
 * is fs-blob-store.ts; another backend (S3) implements the same interface.
 */
import type { Readable, Writable } from 'node:stream';

/** A write the store's volume had no room for (a full disk, or a used-up quota). */
export class StorageFullError extends Error {
  constructor(cause: unknown) {
    super('the disk holding the blob store is full', { cause });
    this.name = 'StorageFullError';
  }
}

/** An upload holding fewer bytes than were acknowledged for it: lost or damaged in the store. */
export class UploadDamagedError extends Error {
  constructor(id: string) {
    super(`upload ${id} holds fewer bytes than were acknowledged`);
    this.name = 'UploadDamagedError';
  }
}

/** Inclusive byte positions, as HTTP ranges count. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface BlobStore {
  /** The blob's size, or null when the store does not hold it. */
  stat(digest: string): Promise<number | null>;
  /** A stream of the blob (or of `range` of it), or null when the store does not hold it. */
  open(digest: string, range?: ByteRange): Promise<Readable | null>;
  /**
   * Writes the blob (or `range` of it) to `out`, without ending it: the fast path for serving
   * blobs. False when the store does not hold the blob (nothing is written then).
   */
  sendTo(digest: string, out: Writable, range?: ByteRange): Promise<boolean>;
  /** The whole blob when it is at most `limit` bytes; null when absent or larger. */
  readSmall(digest: string, limit: number): Promise<Buffer | null>;

  /** Creates an empty upload. */
  createUpload(id: string): Promise<void>;
  /**
   * Appends `body` to the upload, which holds `offset` acknowledged bytes, hashing as it writes.
   * Resolves with the upload's new size. When the body fails midway (client gone), the upload is
   * cut back to `offset` and the error is rethrown. When the write fails (StorageFullError), the
   * upload is cut back too, and `body` is left unread, not destroyed, so the caller can still
   * answer on its connection.
   */
  append(id: string, offset: number, body: Readable): Promise<number>;
  /** Cuts the upload back to `size` bytes (undoing an append the caller refuses). */
  truncateUpload(id: string, size: number): Promise<void>;
  /**
   * Makes the upload's first `size` bytes the blob `digest` when they hash to it; returns false
   * when they do not. The upload stays either way: the caller removes it once the database
   * records the blob, and may commit again first to place the blob back should a garbage
   * collection have deleted it in between (true at once when the blob is there).
   */
  commit(id: string, size: number, digest: string): Promise<boolean>;
  /** Deletes a blob's bytes (garbage collection); false when they were not there. */
  removeBlob(digest: string): Promise<boolean>;
  /** Every blob the store holds, walked (only the explicit consistency check does this). */
  listBlobs(): AsyncIterable<{ digest: string; size: number; modified: number }>;
  /** Removes an upload's bytes; absent uploads are fine. */
  removeUpload(id: string): Promise<void>;
  /** Every upload the store holds, with when it last changed (epoch ms). */
  listUploads(): Promise<{ id: string; modified: number }[]>;
  /**
   * Where a client may fetch the blob itself (a presigned URL of the bucket, when redirects are
   * on); null, or absent, to have Berth stream it.
   */
  downloadUrl?(digest: string): Promise<string | null>;
}
