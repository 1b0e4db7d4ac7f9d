/**
 * A blob store in memory, for fast tests of what sits above the store: it keeps the same
 * contract as the filesystem and S3 stores (blob-store.suite.ts runs on it), without a disk or a
 * server. Two stores made on one `MemoryBacking` share their blobs and uploads, as two Berth
 * processes on one volume or bucket do. `capacity` (bytes, blobs and uploads together) makes
 * appends beyond it fail with StorageFullError, as a full disk does.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Readable, type Writable } from 'node:stream';
import { checkedUploadId, StorageFullError, UploadDamagedError, type BlobStore, type ByteRange } from './blob-store.js';

interface Stored {
  bytes: Buffer;
  modified: number;
}

export interface MemoryBacking {
  blobs: Map<string, Stored>;
  uploads: Map<string, Stored>;
  capacity: number;
}

export function memoryBacking(capacity = Number.POSITIVE_INFINITY): MemoryBacking {
  return { blobs: new Map(), uploads: new Map(), capacity };
}

/** Written to a receiver in pieces, so that a receiver that goes away stops the sending. */
const SEND_CHUNK = 64 * 1024;

export class MemoryBlobStore implements BlobStore {
  constructor(private readonly backing: MemoryBacking = memoryBacking()) {}

  async stat(digest: string): Promise<number | null> {
    return this.backing.blobs.get(digest)?.bytes.length ?? null;
  }

  async open(digest: string, range?: ByteRange): Promise<Readable | null> {
    const bytes = this.slice(digest, range);
    return bytes ? Readable.from([bytes]) : null;
  }

  async sendTo(digest: string, out: Writable, range?: ByteRange): Promise<boolean> {
    const bytes = this.slice(digest, range);
    if (!bytes) return false;
    for (let at = 0; at < bytes.length; at += SEND_CHUNK) {
      if (out.destroyed) throw new Error('the receiver went away');
      if (!out.write(bytes.subarray(at, at + SEND_CHUNK))) await drained(out);
    }
    return true;
  }

  async readSmall(digest: string, limit: number): Promise<Buffer | null> {
    const bytes = this.backing.blobs.get(digest)?.bytes;
    return bytes && bytes.length <= limit ? Buffer.from(bytes) : null;
  }

  async createUpload(id: string): Promise<void> {
    if (this.backing.uploads.has(checkedUploadId(id))) throw new Error(`upload ${id} exists already`);
    this.backing.uploads.set(id, { bytes: Buffer.alloc(0), modified: Date.now() });
  }

  async append(id: string, offset: number, body: Readable): Promise<number> {
    const upload = this.acknowledged(id, offset);
    const chunks: Buffer[] = [upload.bytes.subarray(0, offset)];
    let size = offset;
    // Not destroyed when the store is full: the request still carries the answer (blob-store.ts).
    for await (const chunk of body.iterator({ destroyOnReturn: false })) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      if (this.used() - upload.bytes.length + size + bytes.length > this.backing.capacity) {
        throw new StorageFullError(new Error(`the memory store holds at most ${this.backing.capacity} bytes`));
      }
      chunks.push(bytes);
      size += bytes.length;
    }
    // Only a whole body changes the upload: one that fails midway leaves it at `offset`.
    upload.bytes = Buffer.concat(chunks);
    upload.modified = Date.now();
    return size;
  }

  async truncateUpload(id: string, size: number): Promise<void> {
    const upload = this.acknowledged(id, size);
    upload.bytes = upload.bytes.subarray(0, size);
    upload.modified = Date.now();
  }

  async commit(id: string, size: number, digest: string): Promise<boolean> {
    const bytes = this.acknowledged(id, size).bytes.subarray(0, size);
    if (`sha256:${createHash('sha256').update(bytes).digest('hex')}` !== digest) return false;
    // Someone stored the same content first: keep theirs, the bytes are the same.
    if (this.backing.blobs.get(digest)?.bytes.length !== size) {
      this.backing.blobs.set(digest, { bytes: Buffer.from(bytes), modified: Date.now() });
    }
    return true;
  }

  async removeBlob(digest: string): Promise<boolean> {
    return this.backing.blobs.delete(digest);
  }

  async *listBlobs(): AsyncIterable<{ digest: string; size: number; modified: number }> {
    for (const [digest, blob] of [...this.backing.blobs]) yield { digest, size: blob.bytes.length, modified: blob.modified };
  }

  async removeUpload(id: string): Promise<void> {
    this.backing.uploads.delete(checkedUploadId(id));
  }

  async listUploads(): Promise<{ id: string; modified: number }[]> {
    return [...this.backing.uploads].map(([id, upload]) => ({ id, modified: upload.modified }));
  }

  private slice(digest: string, range?: ByteRange): Buffer | null {
    const bytes = this.backing.blobs.get(digest)?.bytes;
    if (!bytes) return null;
    return range ? bytes.subarray(range.start, range.end + 1) : bytes;
  }

  /** The upload, which must hold at least the `size` bytes acknowledged for it. */
  private acknowledged(id: string, size: number): Stored {
    const upload = this.backing.uploads.get(checkedUploadId(id));
    if (!upload || upload.bytes.length < size) throw new UploadDamagedError(id);
    return upload;
  }

  private used(): number {
    let total = 0;
    for (const stored of [...this.backing.blobs.values(), ...this.backing.uploads.values()]) total += stored.bytes.length;
    return total;
  }
}

/** Resolves when `out` takes more, rejects when it goes away first. */
async function drained(out: Writable): Promise<void> {
  const ac = new AbortController();
  try {
    await Promise.race([
      once(out, 'drain', { signal: ac.signal }),
      once(out, 'close', { signal: ac.signal }).then(() => {
        throw new Error('the receiver went away');
      }),
    ]);
  } finally {
    ac.abort();
  }
}
