/**
 * The blob store contract (blob-store.suite.ts) on the stores that need no server: the
 * filesystem store on a temporary directory, and the memory store tests of upper layers use.
 * The S3 store runs it in s3-blob-store.int.test.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { expect, test } from 'vitest';
import { StorageFullError } from './blob-store.js';
import { describeBlobStore } from './blob-store.suite.js';
import { FsBlobStore } from './fs-blob-store.js';
import { memoryBacking, MemoryBlobStore } from './memory-blob-store.js';

describeBlobStore('filesystem', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'berth-store-'));
  return { store: new FsBlobStore(root), second: new FsBlobStore(root), cleanup: () => rm(root, { recursive: true, force: true }) };
});

describeBlobStore('memory', async () => {
  const backing = memoryBacking();
  return { store: new MemoryBlobStore(backing), second: new MemoryBlobStore(backing), cleanup: async () => undefined };
});

test('a full memory store fails the append with StorageFullError, keeps the upload as it was and leaves the body undestroyed', async () => {
  const store = new MemoryBlobStore(memoryBacking(1_000));
  await store.createUpload('full');
  expect(await store.append('full', 0, Readable.from([Buffer.alloc(600)]))).toBe(600);
  const body = Readable.from([Buffer.alloc(300), Buffer.alloc(300)]);
  await expect(store.append('full', 600, body)).rejects.toBeInstanceOf(StorageFullError);
  expect(body.destroyed).toBe(false);
  expect(await store.append('full', 600, Readable.from([Buffer.alloc(400)]))).toBe(1_000);
});
