/**
 * The filesystem blob store (layout in paths.ts). Every byte pushed is hashed once, as it is
 * written: the running SHA-256 of each upload stays in memory between chunks. A chunk that
 * reaches a process not holding the state up to its offset (another process took the chunk
 * before, or this one restarted) is written without hashing, and the process that commits
 * hashes from disk only what its own state does not cover. So chunks alternating between
 * processes cost each byte one hash, not two (each process catching up on the other's chunks).
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, open, readdir, rm, stat, truncate, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StorageFullError, UploadDamagedError, type BlobStore, type ByteRange } from './blob-store.js';
import { blobFile, storeLayout, uploadFile, type StoreLayout } from './paths.js';
import { sendFileRange } from './send-file.js';

/** Large reads mean fewer system calls per blob served. */
const READ_CHUNK = 512 * 1024;
const WRITE_BUFFER = 4 * 1024 * 1024;

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';
// ENOSPC: the volume is full; EDQUOT: the quota on it is used up.
const isFull = (err: unknown) => ['ENOSPC', 'EDQUOT'].includes((err as NodeJS.ErrnoException | null)?.code ?? '');

/** Runs a write on the volume; a full volume is told as StorageFullError. */
async function writing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw isFull(err) ? new StorageFullError(err) : err;
  }
}

async function sizeOf(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size;
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
}

/**
 * Flushes a file's bytes (fdatasync(2): its data and size, not its times) or a directory's
 * names (fsync(2)) to the disk.
 */
async function syncPath(target: string, what: 'data' | 'names'): Promise<void> {
  const handle = await open(target, 'r');
  try {
    await (what === 'data' ? handle.datasync() : handle.sync());
  } finally {
    await handle.close();
  }
}

async function namesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (err) {
    if (isMissing(err)) return [];
    throw err;
  }
}

/** Uploads in progress whose running hash a process keeps (a few hundred bytes each). */
const MAX_RUNNING_HASHES = 4096;

export class FsBlobStore implements BlobStore {
  private readonly layout: StoreLayout;
  /**
   * Running hashes of uploads this process appended to, and how many bytes each covers. Bounded:
   * an upload finished by another process leaves its entry here, and the oldest go first.
   */
  private readonly hashes = new Map<string, { hash: Hash; size: number }>();

  private remember(id: string, hash: Hash, size: number): void {
    this.hashes.delete(id);
    if (this.hashes.size >= MAX_RUNNING_HASHES) this.hashes.delete(this.hashes.keys().next().value!);
    this.hashes.set(id, { hash, size });
  }

  constructor(root: string) {
    this.layout = storeLayout(root);
  }

  stat(digest: string): Promise<number | null> {
    return sizeOf(blobFile(this.layout, digest));
  }

  async open(digest: string, range?: ByteRange): Promise<Readable | null> {
    try {
      const handle = await open(blobFile(this.layout, digest), 'r');
      return handle.createReadStream({ start: range?.start, end: range?.end, highWaterMark: READ_CHUNK });
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async sendTo(digest: string, out: Writable, range?: ByteRange): Promise<boolean> {
    let handle;
    try {
      handle = await open(blobFile(this.layout, digest), 'r');
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
    try {
      const end = range?.end ?? (await handle.stat()).size - 1;
      if (end >= (range?.start ?? 0)) await sendFileRange(handle, range?.start ?? 0, end, out);
      return true;
    } finally {
      await handle.close();
    }
  }

  async readSmall(digest: string, limit: number): Promise<Buffer | null> {
    const size = await this.stat(digest);
    if (size === null || size > limit) return null;
    const stream = await this.open(digest);
    if (!stream) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async createUpload(id: string): Promise<void> {
    await writing(async () => {
      await mkdir(this.layout.uploads, { recursive: true });
      await writeFile(uploadFile(this.layout, id), '', { flag: 'wx' });
    });
    this.remember(id, createHash('sha256'), 0);
  }

  async append(id: string, offset: number, body: Readable): Promise<number> {
    const file = uploadFile(this.layout, id);
    await this.cutTo(id, file, offset);
    const held = this.hashes.get(id);
    // Hash as the bytes arrive only when this process's state reaches the offset; a state that
    // stops short stays for the commit to go on from.
    const hash = held?.size === offset ? held.hash : offset === 0 ? createHash('sha256') : undefined;
    if (hash || (held && held.size > offset)) this.hashes.delete(id);
    let written = 0;
    try {
      await pipeline(
        // Not destroyed when the write fails (a full disk): the request must stay whole, for its
        // connection still carries the answer. A failing body (the client gone) still fails here.
        body.iterator({ destroyOnReturn: false }),
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            hash?.update(chunk);
            written += chunk.length;
            yield chunk;
          }
        },
        // A deep buffer lets writev() gather the socket's 64 KiB chunks into fewer, larger writes.
        createWriteStream(file, { flags: 'r+', start: offset, highWaterMark: WRITE_BUFFER }),
      );
    } catch (err) {
      await truncate(file, offset).catch(() => undefined);
      throw isFull(err) ? new StorageFullError(err) : err;
    }
    if (hash) this.remember(id, hash, offset + written);
    return offset + written;
  }

  async truncateUpload(id: string, size: number): Promise<void> {
    this.hashes.delete(id);
    await truncate(uploadFile(this.layout, id), size);
  }

  async commit(id: string, size: number, digest: string): Promise<boolean> {
    const file = uploadFile(this.layout, id);
    // copy(): the running hash stays usable should the digest not match.
    const actual = `sha256:${(await this.hashAt(id, file, size)).copy().digest('hex')}`;
    if (actual !== digest) return false;
    const target = blobFile(this.layout, digest);
    // Someone stored the same content first: keep theirs, the bytes are the same.
    if ((await sizeOf(target)) === size) return true;
    const dir = path.dirname(target);
    const made = await writing(() => mkdir(dir, { recursive: true }));
    // Durable before visible: the bytes reach the disk before the blob's name appears, and the
    // name (and a directory made for it) before the push is acknowledged, so a power loss can
    // neither leave a short file under a digest nor lose a blob a manifest was accepted for.
    // A hard link, not a rename: the upload stays until the caller removes it, so that a blob
    // collected between this and the database row can be placed again (server/core/gc/gc.ts).
    await writing(() => syncPath(file, 'data'));
    try {
      await link(file, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    await writing(() => syncPath(dir, 'names'));
    if (made !== undefined) await writing(() => syncPath(path.dirname(made), 'names'));
    return true;
  }

  async removeBlob(digest: string): Promise<boolean> {
    try {
      await unlink(blobFile(this.layout, digest));
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  async *listBlobs(): AsyncIterable<{ digest: string; size: number; modified: number }> {
    const root = path.join(this.layout.blobs, 'sha256');
    for (const prefix of await namesIn(root)) {
      for (const hex of await namesIn(path.join(root, prefix))) {
        try {
          const s = await stat(path.join(root, prefix, hex));
          if (s.isFile()) yield { digest: `sha256:${hex}`, size: s.size, modified: s.mtimeMs };
        } catch (err) {
          if (!isMissing(err)) throw err;
        }
      }
    }
  }

  async removeUpload(id: string): Promise<void> {
    this.hashes.delete(id);
    await rm(uploadFile(this.layout, id), { force: true });
  }

  async listUploads(): Promise<{ id: string; modified: number }[]> {
    let names: string[];
    try {
      names = await readdir(this.layout.uploads);
    } catch (err) {
      if (isMissing(err)) return [];
      throw err;
    }
    const found = await Promise.all(
      names.map(async (id) => {
        try {
          return { id, modified: (await stat(path.join(this.layout.uploads, id))).mtimeMs };
        } catch {
          return null;
        }
      }),
    );
    return found.filter((f) => f !== null);
  }

  /** The upload's file cut to exactly `size` bytes (a failed append elsewhere may have left more). */
  private async cutTo(id: string, file: string, size: number): Promise<void> {
    const onDisk = await sizeOf(file);
    if (onDisk === null || onDisk < size) throw new UploadDamagedError(id);
    if (onDisk > size) await truncate(file, size);
  }

  /**
   * The running hash of the upload's first `size` bytes, hashing from disk only what this
   * process's state does not cover. Bytes below an offset a process acknowledged never change
   * (offsets only grow); should they anyway, the digest check at commit refuses the upload
   * rather than store a wrong blob.
   */
  private async hashAt(id: string, file: string, size: number): Promise<Hash> {
    await this.cutTo(id, file, size);
    const held = this.hashes.get(id);
    if (held && held.size === size) return held.hash;
    const from = held && held.size < size ? held.size : 0;
    const hash = from > 0 ? held!.hash : createHash('sha256');
    if (size > from) {
      for await (const chunk of createReadStream(file, { start: from, end: size - 1, highWaterMark: READ_CHUNK })) {
        hash.update(chunk as Buffer);
      }
    }
    this.remember(id, hash, size);
    return hash;
  }
}
