/**
 * What is the S3 store's own, on a real s3rver process: parts leave as chunks arrive and nothing
 * shows under the blob's key before the digest matched; the upload outlives commit so a
 * collected blob can be placed again; garbage collection's listing and deletion; the multipart
 * copy of large blobs; and presigned download URLs. First, the contract every store keeps
 * (blob-store.suite.ts), with 5 MiB parts (S3's least) so the suite's larger blobs are written as
 * several multipart parts.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { s3Schema } from '../config/storage-schema.js';
import { startS3Server, type S3Server } from '../testing/s3-server.js';
import { describeBlobStore, digestOf } from './blob-store.suite.js';
import { ResumableSha256 } from './resumable-sha256.js';
import { S3BlobStore } from './s3-blob-store.js';
import { createS3Client } from './s3-client.js';
import { presignGet } from './s3-presign.js';

const MiB = 1024 * 1024;
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

function storeIn(extra: Record<string, unknown> = {}, redirect = false) {
  const config = s3Schema.parse(s3.storageService({ chunksize: 5 * MiB, rootdirectory: `own-${++run}`, ...extra }).s3);
  const client = createS3Client(config);
  const objects = async () => {
    const page = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `own-${run}/` }));
    return (page.Contents ?? []).map((o) => ({ key: o.Key!.slice(`own-${run}/`.length), size: o.Size! }));
  };
  return { store: new S3BlobStore(client, config, { redirect }), objects };
}

test('parts leave as chunks arrive (no object holds more than a part); the blob key appears only on commit, whole', async () => {
  const { store, objects } = storeIn();
  const data = randomBytes(12 * MiB);
  await store.createUpload('u1');
  await store.append('u1', 0, Readable.from([data.subarray(0, 7 * MiB)]));
  await store.append('u1', 7 * MiB, Readable.from([data.subarray(7 * MiB)]));
  const before = await objects();
  // Two 5 MiB parts went to the multipart upload (which lists nothing); 2 MiB wait in the tail
  // (the tail at 7 MiB stays while 7 MiB may still be cut back to).
  expect(before).toContainEqual({ key: 'berth/uploads/u1/tail/0000000012582912', size: 2 * MiB });
  expect(before.every((o) => o.size <= 5 * MiB)).toBe(true);
  expect(before.some((o) => o.key.startsWith('docker/'))).toBe(false);
  expect(await store.commit('u1', data.length, digestOf(Buffer.from('not these bytes')))).toBe(false);
  expect((await objects()).some((o) => o.key.startsWith('docker/'))).toBe(false);
  expect(await store.commit('u1', data.length, digestOf(data))).toBe(true);
  const hex = digestOf(data).slice(7);
  expect(await objects()).toContainEqual({ key: `docker/registry/v2/blobs/sha256/${hex.slice(0, 2)}/${hex}/data`, size: data.length });
});

test('the upload outlives commit: a blob collected before its row was written is placed again by committing again', async () => {
  const { store } = storeIn();
  const data = randomBytes(6 * MiB);
  await store.createUpload('kept');
  await store.append('kept', 0, Readable.from([data]));
  expect(await store.commit('kept', data.length, digestOf(data))).toBe(true);
  const listed = [];
  for await (const blob of store.listBlobs()) listed.push(blob);
  expect(listed).toEqual([{ digest: digestOf(data), size: data.length, modified: expect.any(Number) }]);
  expect(await store.removeBlob(digestOf(data))).toBe(true);
  expect(await store.removeBlob(digestOf(data))).toBe(false);
  expect(await store.stat(digestOf(data))).toBeNull();
  expect(await store.commit('kept', data.length, digestOf(data))).toBe(true);
  expect((await store.readSmall(digestOf(data), data.length))?.equals(data)).toBe(true);
  await store.removeUpload('kept');
  expect(await store.listUploads()).toEqual([]);
});

test('a blob above multipartcopythresholdsize is copied in parts (s3rver has no UploadPartCopy: one copy then)', async () => {
  const { store } = storeIn({ multipartcopythresholdsize: '5M', multipartcopychunksize: '5M' });
  const data = randomBytes(11 * MiB);
  await store.createUpload('large');
  await store.append('large', 0, Readable.from([data]));
  expect(await store.commit('large', data.length, digestOf(data))).toBe(true);
  expect(await store.stat(digestOf(data))).toBe(data.length);
});

test('redirects are off by default; when on, a presigned URL serves the blob', async () => {
  const data = randomBytes(100_000);
  const off = storeIn();
  expect(await off.store.downloadUrl(digestOf(data))).toBeNull();
  const { store } = storeIn({}, true);
  await store.createUpload('r');
  await store.append('r', 0, Readable.from([data]));
  await store.commit('r', data.length, digestOf(data));
  const url = (await store.downloadUrl(digestOf(data)))!;
  expect(url).toMatch(/X-Amz-Signature=[0-9a-f]{64}$/);
  const fetched = await fetch(url);
  expect(fetched.status).toBe(200);
  expect(Buffer.from(await fetched.arrayBuffer()).equals(data)).toBe(true);
});

// s3rver does not check Signature Version 4, so the signing is checked against AWS's own example
// (Authenticating Requests: Using Query Parameters).
test('presigned URLs are signed as AWS documents it', async () => {
  const config = s3Schema.parse({
    region: 'us-east-1',
    bucket: 'examplebucket',
    accesskey: 'AKIAIOSFODNN7EXAMPLE',
    secretkey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    regionendpoint: 'https://s3.amazonaws.com',
  });
  const url = await presignGet(createS3Client(config), config, 'test.txt', 86400, new Date('2013-05-24T00:00:00Z'));
  expect(url).toBe(
    'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
  );
});

test('the saved SHA-256 state continues exactly where it stopped, at every block boundary', async () => {
  const data = randomBytes(1000);
  for (const cut of [0, 1, 55, 56, 63, 64, 65, 128, 999]) {
    const first = (await ResumableSha256.create()).update(data.subarray(0, cut));
    const resumed = (await ResumableSha256.load(first.save())).update(data.subarray(cut));
    expect(`sha256:${await resumed.hex()}`).toBe(digestOf(data));
    // Reading the digest leaves the hash usable.
    expect(`sha256:${await resumed.hex()}`).toBe(digestOf(data));
  }
  await expect(ResumableSha256.load(Buffer.alloc(3))).rejects.toThrow('not a saved SHA-256 state');
  await expect(ResumableSha256.load(Buffer.concat([Buffer.from('berth-sha256-1:'), Buffer.alloc(5)]))).rejects.toThrow('not a saved SHA-256 state');
});
