/**
 * Berth on the S3 store with storage_service.redirect.disable false: a blob GET is answered with
 * a 307 to a presigned URL of the bucket (Distribution's redirect), which serves the bytes; HEAD
 * and manifests are still answered by Berth. (Redirects off, the default, stream through Berth:
 * the scale-out tests on S3.) And the health check probes the bucket.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { buildImage } from '../testing/oci-images.js';
import { ADMIN, pullScope, RegistryClient } from '../testing/registry-client.js';
import { startS3Server, type S3Server } from '../testing/s3-server.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';

let s3: S3Server;
let server: ServerProcess;

beforeAll(async () => {
  s3 = await startS3Server();
  server = await startServer({
    preparedDataVolume: inject('preparedDataVolume'),
    config: { storage_service: { ...s3.storageService(), redirect: { disable: false } } },
  });
});

afterAll(async () => {
  await server.stop();
  await server.cleanup();
  await s3.stop();
});

test('a blob GET redirects to a presigned URL of the bucket that serves the blob; HEAD and manifests stay with Berth', async () => {
  const image = buildImage({ seed: 'redirected', layerBytes: 100_000 });
  const client = new RegistryClient(server.url, ADMIN);
  await client.pushImage('library/redirected', 'v1', [image.config, ...image.layers], image.manifest);
  const layer = image.layers[0]!;
  const scope = [pullScope('library/redirected')];

  const got = await client.fetch(`/v2/library/redirected/blobs/${layer.digest}`, scope);
  expect(got.status).toBe(307);
  expect(got.headers.get('docker-content-digest')).toBe(layer.digest);
  const location = got.headers.get('location')!;
  expect(location.startsWith(`${s3.endpoint}/${s3.bucket}/docker/registry/v2/blobs/sha256/`)).toBe(true);
  expect(location).toContain('X-Amz-Signature=');
  const fromBucket = await fetch(location);
  expect(fromBucket.status).toBe(200);
  expect(Buffer.from(await fromBucket.arrayBuffer()).equals(layer.bytes)).toBe(true);

  const head = await client.fetch(`/v2/library/redirected/blobs/${layer.digest}`, scope, { method: 'HEAD' });
  expect([head.status, head.headers.get('content-length')]).toEqual([200, String(layer.size)]);
  const manifest = await client.fetch(`/v2/library/redirected/blobs/${image.manifest.digest}`, scope);
  expect(manifest.status).toBe(200);
  expect(Buffer.from(await manifest.arrayBuffer()).equals(image.manifest.bytes)).toBe(true);
});

test('health probes the bucket: healthy while it takes writes, unhealthy once it is gone', async () => {
  const storage = async () => {
    const res = await fetch(`${server.url}/api/v2.0/health`);
    const body = (await res.json()) as { components: { name: string; status: string }[] };
    return body.components.find((c) => c.name === 'storage')?.status;
  };
  expect(await storage()).toBe('healthy');
  await s3.stop();
  expect(await storage()).toBe('unhealthy');
});
