/**
 * The blob store contract (blob-store.suite.ts) on both stores: the filesystem store on a
 * temporary directory, and the S3 store on a real s3rver process with 5 MiB parts (S3's least),
 * so the suite's larger blobs are written as several multipart parts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { s3Schema } from '../config/storage-schema.js';
import { startS3Server, type S3Server } from '../testing/s3-server.js';
import { describeBlobStore } from './blob-store.suite.js';
import { FsBlobStore } from './fs-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';
import { createS3Client } from './s3-client.js';

describeBlobStore('filesystem', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'berth-store-'));
  return { store: new FsBlobStore(root), second: new FsBlobStore(root), cleanup: () => rm(root, { recursive: true, force: true }) };
});

let s3: S3Server;
let run = 0;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(() => s3.stop());

describeBlobStore('S3', async () => {
  // Each test in its own root directory of the one bucket.
  const config = s3Schema.parse({ ...s3.storageService({ chunksize: '5M', rootdirectory: `/suite-${++run}/` }).s3 });
  const make = () => new S3BlobStore(createS3Client(config), config);
  return { store: make(), second: make(), cleanup: async () => undefined };
});
