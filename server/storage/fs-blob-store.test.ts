/**
 * The filesystem blob store on a real temporary directory: what is its own (the layout, the
 * buffer pool, catch-up hashing, a full disk). What every store does is in blob-store.suite.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { StorageFullError, UploadDamagedError } from './blob-store.js';
import { FsBlobStore } from './fs-blob-store.js';

const digestOf = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

describe('the filesystem blob store', () => {
  let root: string;
  let store: FsBlobStore;

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'berth-store-'));
    store = new FsBlobStore(root);
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('chunks append and hash as they go; the blob appears at blobs/sha256/<2 hex>/<hex> only on commit', async () => {
    const data = randomBytes(300_000);
    const digest = digestOf(data);
    await store.createUpload('u1');
    expect(await store.append('u1', 0, Readable.from([data.subarray(0, 100_000)]))).toBe(100_000);
    expect(await store.append('u1', 100_000, Readable.from([data.subarray(100_000)]))).toBe(300_000);
    expect(await store.stat(digest)).toBeNull();
    expect(await store.commit('u1', 300_000, digest)).toBe(true);
    const file = path.join(root, 'blobs', 'sha256', digest.slice(7, 9), digest.slice(7));
    expect((await readFile(file)).equals(data)).toBe(true);
    // The upload stays until the caller has recorded the blob (garbage collection's rule).
    expect(await readdir(path.join(root, 'uploads'))).toEqual(['u1']);
    await store.removeUpload('u1');
    expect(await readdir(path.join(root, 'uploads'))).toEqual([]);
    expect(await store.stat(digest)).toBe(300_000);
  });

  test('concurrent sends share a bounded pool of buffers and reuse them: 64 receivers holding 1 MiB layers pin at most 36 MiB', async () => {
    const MiB = 1024 * 1024;
    const data = randomBytes(MiB);
    await store.createUpload('layer');
    await store.append('layer', 0, Readable.from([data]));
    await store.commit('layer', MiB, digestOf(data));
    // A receiver that holds every write until released, as a client that stops reading does.
    const holding = () => {
      const chunks: Buffer[] = [];
      const copies: Buffer[] = [];
      const pending: (() => void)[] = [];
      let released = false;
      let first!: () => void;
      const written = new Promise<void>((resolve) => (first = resolve));
      const out = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          chunks.push(chunk);
          copies.push(Buffer.from(chunk));
          first();
          if (released) callback();
          else pending.push(() => callback());
        },
      });
      const release = () => {
        released = true;
        pending.splice(0).forEach((callback) => callback());
      };
      return { out, chunks, copies, written, release };
    };
    const round = async (count: number) => {
      const receivers = Array.from({ length: count }, holding);
      const sends = receivers.map((r) => store.sendTo(digestOf(data), r.out));
      await Promise.all(receivers.map((r) => r.written));
      // The memory pinned while every receiver holds its writes: each distinct buffer once.
      const held = new Set(receivers.flatMap((r) => r.chunks.map((c) => c.buffer)));
      receivers.forEach((r) => r.release());
      await Promise.all(sends);
      for (const r of receivers) expect(Buffer.concat(r.copies).equals(data)).toBe(true);
      return held;
    };
    const first = await round(64);
    const pinned = [...first].reduce((sum, b) => sum + b.byteLength, 0);
    // Without a bound each send held its own 1 MiB buffer: 64 MiB.
    expect(pinned).toBeLessThanOrEqual(32 * MiB + 64 * 64 * 1024);
    // The next sends reuse those buffers rather than allocating (and freeing) new ones.
    const second = await round(16);
    expect([...second].every((b) => first.has(b))).toBe(true);
  });

  test('another process (a second store on the same directory) continues an upload; the committing one hashes what it lacks', async () => {
    const data = randomBytes(200_000);
    await store.createUpload('u3');
    await store.append('u3', 0, Readable.from([data.subarray(0, 50_000)]));
    const other = new FsBlobStore(root);
    await other.append('u3', 50_000, Readable.from([data.subarray(50_000, 120_000)]));
    // Back on the first: its state covers 50,000 bytes, not 120,000; the commit reads the rest.
    await store.append('u3', 120_000, Readable.from([data.subarray(120_000)]));
    expect(await store.commit('u3', 200_000, digestOf(data))).toBe(true);
  });

  test('chunks alternating between two processes: a process behind writes its chunks without reading the file; the commit reads it', async () => {
    const data = randomBytes(400_000);
    const other = new FsBlobStore(root);
    await store.createUpload('u4');
    const file = path.join(root, 'uploads', 'u4');
    const stores = [store, other, store, other];
    for (let i = 0; i < 4; i++) {
      // While the second store takes chunk 1, chunk 0 on disk is wrong: a store catching up on it
      // then would keep a wrong state (and refuse the commit below).
      if (i === 1) await writeFile(file, Buffer.alloc(100_000));
      await stores[i]!.append('u4', i * 100_000, Readable.from([data.subarray(i * 100_000, (i + 1) * 100_000)]));
      if (i === 1) {
        const bytes = await readFile(file);
        data.copy(bytes, 0, 0, 100_000);
        await writeFile(file, bytes);
      }
    }
    expect(await other.commit('u4', 400_000, digestOf(data))).toBe(true);
  });

  test('two uploads of the same content both commit, leaving one file', async () => {
    const data = randomBytes(64_000);
    await Promise.all([store.createUpload('a'), store.createUpload('b')]);
    await Promise.all([store.append('a', 0, Readable.from([data])), store.append('b', 0, Readable.from([data]))]);
    expect(await Promise.all([store.commit('a', 64_000, digestOf(data)), store.commit('b', 64_000, digestOf(data))])).toEqual([true, true]);
    expect(await readdir(path.join(root, 'blobs', 'sha256', digestOf(data).slice(7, 9)))).toEqual([digestOf(data).slice(7)]);
    await Promise.all([store.removeUpload('a'), store.removeUpload('b')]);
    expect(await readdir(path.join(root, 'uploads'))).toEqual([]);
  });

  test('a blob removed after commit (a garbage collection) is placed again by committing the kept upload', async () => {
    const data = randomBytes(10_000);
    await store.createUpload('again');
    await store.append('again', 0, Readable.from([data]));
    expect(await store.commit('again', data.length, digestOf(data))).toBe(true);
    expect(await store.removeBlob(digestOf(data))).toBe(true);
    expect(await store.stat(digestOf(data))).toBeNull();
    expect(await store.commit('again', data.length, digestOf(data))).toBe(true);
    expect(await store.stat(digestOf(data))).toBe(data.length);
    await store.removeUpload('again');
    const listed = [];
    for await (const blob of store.listBlobs()) listed.push(blob.digest);
    expect(listed).toContain(digestOf(data));
  });

  // The full disk itself is tested on a real tmpfs (registry/full-disk.int.test.ts) where mount
  // is allowed; /dev/full answers every write with ENOSPC for anyone.
  test('a write the disk refuses (ENOSPC) is a StorageFullError, and the body is left whole for the caller to answer on', async () => {
    await store.createUpload('full');
    await rm(path.join(root, 'uploads', 'full'));
    await symlink('/dev/full', path.join(root, 'uploads', 'full'));
    const body = new PassThrough();
    const appending = store.append('full', 0, body);
    body.write(randomBytes(100_000));
    await expect(appending).rejects.toBeInstanceOf(StorageFullError);
    expect(body.destroyed).toBe(false);
    body.end(randomBytes(10));
    body.resume();
    await new Promise((resolve) => body.once('end', resolve));
  });

  test('an upload file shorter than what was acknowledged is reported as damaged; upload ids cannot escape the directory', async () => {
    await store.createUpload('u5');
    await writeFile(path.join(root, 'uploads', 'u5'), 'abc');
    await expect(store.append('u5', 10, Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(UploadDamagedError);
    await expect(store.removeUpload('../blobs')).rejects.toThrow('not an upload id');
  });
});
