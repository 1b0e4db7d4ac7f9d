/**
 * What every blob store must do (blob-store.ts), run against each one: write-then-commit (a blob
 * appears whole, never partly written), concurrent writes of the same content, ranged reads,
 * deletion, and the listings garbage collection walks. The filesystem and memory stores run it in
 * blob-stores.test.ts, the S3 store on a real s3rver process in s3-blob-store.int.test.ts.
 * `second` is another store on the same backing, as another Berth process would be.
 */
import { createHash, randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { UploadDamagedError, type BlobStore } from './blob-store.js';

export const digestOf = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export interface StoreUnderTest {
  store: BlobStore;
  second: BlobStore;
  cleanup(): Promise<void>;
}

const MiB = 1024 * 1024;

async function collect(store: BlobStore, digest: string, range?: { start: number; end: number }): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  expect(await store.sendTo(digest, out, range)).toBe(true);
  return Buffer.concat(chunks);
}

export function describeBlobStore(name: string, make: () => Promise<StoreUnderTest>): void {
  describe(`the blob store contract: ${name}`, () => {
    let store: BlobStore;
    let second: BlobStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, second, cleanup } = await make());
    });

    afterEach(() => cleanup());

    test('chunks append and hash as they go; the blob appears only on commit, whole', async () => {
      const data = randomBytes(300_000);
      const digest = digestOf(data);
      await store.createUpload('u1');
      expect(await store.append('u1', 0, Readable.from([data.subarray(0, 100_000)]))).toBe(100_000);
      expect(await store.append('u1', 100_000, Readable.from([data.subarray(100_000, 200_000), data.subarray(200_000)]))).toBe(300_000);
      expect(await store.stat(digest)).toBeNull();
      expect(await store.open(digest)).toBeNull();
      expect(await store.commit('u1', 300_000, digest)).toBe(true);
      expect(await store.stat(digest)).toBe(300_000);
      expect((await collect(store, digest)).equals(data)).toBe(true);
    });

    test('a wrong digest commits nothing and keeps the upload; a range reads just those bytes; readSmall keeps to its limit', async () => {
      const data = randomBytes(1000);
      await store.createUpload('u2');
      await store.append('u2', 0, Readable.from([data]));
      expect(await store.commit('u2', 1000, digestOf(Buffer.from('other')))).toBe(false);
      expect(await store.listUploads()).toEqual([expect.objectContaining({ id: 'u2' })]);
      expect(await store.commit('u2', 1000, digestOf(data))).toBe(true);
      const chunks: Buffer[] = [];
      for await (const chunk of (await store.open(digestOf(data), { start: 10, end: 19 }))!) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).equals(data.subarray(10, 20))).toBe(true);
      expect(await store.readSmall(digestOf(data), 999)).toBeNull();
      expect((await store.readSmall(digestOf(data), 1000))?.equals(data)).toBe(true);
    });

    test('a blob larger than a part, in uneven chunks: sendTo writes it (or a range of it) exactly; an absent blob writes nothing', async () => {
      const data = randomBytes(11 * MiB + 123);
      await store.createUpload('big');
      let offset = 0;
      for (const size of [3 * MiB, 5 * MiB + 7, 3 * MiB - 7 + 123]) {
        offset = await store.append('big', offset, Readable.from([data.subarray(offset, offset + size)]));
      }
      expect(offset).toBe(data.length);
      expect(await store.commit('big', data.length, digestOf(data))).toBe(true);
      expect((await collect(store, digestOf(data))).equals(data)).toBe(true);
      const [start, end] = [5 * MiB - 5, 10 * MiB + 7];
      expect((await collect(second, digestOf(data), { start, end })).equals(data.subarray(start, end + 1))).toBe(true);
      expect((await collect(store, digestOf(data), { start: 7, end: 7 })).equals(data.subarray(7, 8))).toBe(true);
      const untouched = new PassThrough();
      expect(await store.sendTo(digestOf(Buffer.from('absent')), untouched)).toBe(false);
      expect(untouched.writableLength).toBe(0);
    });

    test('sendTo stops with an error when the receiver goes away midway', async () => {
      const data = randomBytes(6 * MiB);
      await store.createUpload('gone');
      await store.append('gone', 0, Readable.from([data]));
      await store.commit('gone', data.length, digestOf(data));
      const out = new PassThrough({ highWaterMark: 1024 });
      out.once('data', () => out.destroy());
      out.resume();
      await expect(store.sendTo(digestOf(data), out)).rejects.toThrow();
    });

    test('chunks alternating between two processes on the same store commit the right blob, on either', async () => {
      const data = randomBytes(400_000);
      await store.createUpload('u3');
      const stores = [store, second, store, second];
      for (let i = 0; i < 4; i++) {
        const size = await stores[i]!.append('u3', i * 100_000, Readable.from([data.subarray(i * 100_000, (i + 1) * 100_000)]));
        expect(size).toBe((i + 1) * 100_000);
      }
      expect(await store.commit('u3', 400_000, digestOf(data))).toBe(true);
      expect(await second.stat(digestOf(data))).toBe(400_000);
    });

    test('a body that breaks midway leaves the upload as it was, and the next append (on another process) continues cleanly', async () => {
      const data = randomBytes(100_000);
      await store.createUpload('u4');
      await store.append('u4', 0, Readable.from([data.subarray(0, 40_000)]));
      const broken = new PassThrough();
      const appending = store.append('u4', 40_000, broken);
      broken.write(randomBytes(30_000));
      setTimeout(() => broken.destroy(new Error('client went away')), 20);
      await expect(appending).rejects.toThrow('client went away');
      expect(await second.append('u4', 40_000, Readable.from([data.subarray(40_000)]))).toBe(100_000);
      expect(await second.commit('u4', 100_000, digestOf(data))).toBe(true);
    });

    test('an append the caller refuses is undone by truncateUpload, and the upload goes on from there', async () => {
      const data = randomBytes(90_000);
      await store.createUpload('u5');
      await store.append('u5', 0, Readable.from([data.subarray(0, 30_000)]));
      expect(await store.append('u5', 30_000, Readable.from([randomBytes(12_345)]))).toBe(42_345);
      await store.truncateUpload('u5', 30_000);
      await store.append('u5', 30_000, Readable.from([data.subarray(30_000)]));
      expect(await store.commit('u5', 90_000, digestOf(data))).toBe(true);
    });

    test('two uploads of the same content both commit, as one blob', async () => {
      const data = randomBytes(64_000);
      await Promise.all([store.createUpload('a'), second.createUpload('b')]);
      await Promise.all([store.append('a', 0, Readable.from([data])), second.append('b', 0, Readable.from([data]))]);
      expect(await Promise.all([store.commit('a', 64_000, digestOf(data)), second.commit('b', 64_000, digestOf(data))])).toEqual([true, true]);
      expect((await collect(store, digestOf(data))).equals(data)).toBe(true);
    });

    test('a deleted blob is gone for every process, a second delete says it was not there, and its kept upload places it back', async () => {
      const data = randomBytes(20_000);
      const digest = digestOf(data);
      await store.createUpload('del');
      await store.append('del', 0, Readable.from([data]));
      expect(await store.commit('del', data.length, digest)).toBe(true);
      expect(await second.removeBlob(digest)).toBe(true);
      expect(await store.stat(digest)).toBeNull();
      expect(await store.open(digest)).toBeNull();
      expect(await store.readSmall(digest, 1_000_000)).toBeNull();
      expect(await store.sendTo(digest, new PassThrough())).toBe(false);
      expect(await store.removeBlob(digest)).toBe(false);
      expect(await second.commit('del', data.length, digest)).toBe(true);
      expect((await collect(store, digest)).equals(data)).toBe(true);
    });

    test('the listing garbage collection walks holds every committed blob with its size, and never an upload in progress', async () => {
      const before = Date.now() - 2_000;
      const blobs = [randomBytes(1_000), randomBytes(2_345)];
      for (const [i, data] of blobs.entries()) {
        await store.createUpload(`gc${i}`);
        await store.append(`gc${i}`, 0, Readable.from([data]));
        expect(await store.commit(`gc${i}`, data.length, digestOf(data))).toBe(true);
      }
      const partial = randomBytes(500);
      await store.createUpload('gc-partial');
      await store.append('gc-partial', 0, Readable.from([partial]));
      const listed = [];
      for await (const blob of second.listBlobs()) listed.push(blob);
      expect(listed.map(({ digest, size }) => ({ digest, size })).sort((a, b) => a.size - b.size)).toEqual(
        blobs.map((data) => ({ digest: digestOf(data), size: data.length })),
      );
      for (const blob of listed) expect(blob.modified).toBeGreaterThan(before);
      expect(listed.map((b) => b.digest)).not.toContain(digestOf(partial));
    });

    test('uploads are listed with when they last changed, and removed (an absent one is fine)', async () => {
      const before = Date.now() - 2_000;
      await store.createUpload('listed');
      await store.append('listed', 0, Readable.from([randomBytes(10)]));
      const listed = (await second.listUploads()).find((u) => u.id === 'listed');
      expect(listed?.modified).toBeGreaterThan(before);
      await second.removeUpload('listed');
      await second.removeUpload('never-there');
      expect((await store.listUploads()).map((u) => u.id)).not.toContain('listed');
    });

    test('an upload without the bytes acknowledged for it is reported as damaged; upload ids cannot escape', async () => {
      await store.createUpload('u6');
      await store.append('u6', 0, Readable.from([Buffer.from('abc')]));
      await expect(store.append('u6', 10, Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(UploadDamagedError);
      await expect(store.removeUpload('../blobs')).rejects.toThrow('not an upload id');
    });
  });
}
