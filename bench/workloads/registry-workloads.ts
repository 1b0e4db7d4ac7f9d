/**
 * The side-by-side workloads (a-d), each run the same way against any registry:
 *   a. push one large single-layer image, then pull the layer back (MB/s each way; median of 3 pulls)
 *   b. push many small images (one 64 KiB layer each, distinct tags) from 8 clients (images/s)
 *   c. manifest HEAD and GET by tag at 32 connections (req/s, p50, p99)
 *   d. blob GET of 1 MiB at 32 connections (req/s)
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { blobOf, imageOf, largeBlob } from '../lib/images.js';
import { runCount, runFor, type LoadResult } from '../lib/measure.js';
import type { RegistryClient } from '../lib/registry-client.js';

export interface Sizes {
  largeBytes: number;
  smallImages: number;
  loadMs: number;
}

export const FULL: Sizes = { largeBytes: 1024 ** 3, smallImages: 500, loadMs: 10_000 };
export const QUICK: Sizes = { largeBytes: 64 * 1024 ** 2, smallImages: 40, loadMs: 1_000 };

const MB = 1_000_000;

export async function largePushPull(client: RegistryClient, repository: string, bytes: number) {
  await client.authorize(repository);
  // Start from clean disk caches: dirty pages the previous registry left would slow this one's writes.
  execFileSync('sync');
  const blob = largeBlob(bytes);
  const t0 = performance.now();
  await client.pushBlob(repository, blob.stream(), blob.digest, blob.size);
  const image = imageOf([{ digest: blob.digest, size: blob.size }]);
  await client.pushBlob(repository, image.config.data, image.config.digest, image.config.data.length);
  await client.pushManifest(repository, 'large', image.manifest);
  const pushSeconds = (performance.now() - t0) / 1000;
  // Reads vary more than writes on a shared machine: the median of three pulls.
  const pulls: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t1 = performance.now();
    const pulled = await client.get(repository, `/v2/${repository}/blobs/${blob.digest}`, 'GET', '*/*');
    pulls.push((performance.now() - t1) / 1000);
    if (pulled !== bytes) throw new Error(`pulled ${pulled} bytes of ${bytes}`);
  }
  const pullSeconds = pulls.sort((x, y) => x - y)[1]!;
  return { bytes, pushMBps: bytes / MB / pushSeconds, pullMBps: bytes / MB / pullSeconds };
}

export async function smallImages(client: RegistryClient, repository: string, count: number) {
  await client.authorize(repository);
  const seconds = await runCount(count, 8, async (i) => {
    const layer = blobOf(randomBytes(64 * 1024));
    const image = imageOf([{ digest: layer.digest, size: layer.data.length }]);
    await client.pushBlob(repository, layer.data, layer.digest, layer.data.length);
    await client.pushBlob(repository, image.config.data, image.config.digest, image.config.data.length);
    await client.pushManifest(repository, `v${i}`, image.manifest);
  });
  return { images: count, seconds, imagesPerSecond: count / seconds };
}

/** Pushes one small image tagged `latest` and one 1 MiB blob for the read workloads. */
export async function seedReadable(client: RegistryClient, repository: string) {
  await client.authorize(repository);
  const layer = blobOf(randomBytes(1024 * 1024));
  const image = imageOf([{ digest: layer.digest, size: layer.data.length }]);
  await client.pushBlob(repository, layer.data, layer.digest, layer.data.length);
  await client.pushBlob(repository, image.config.data, image.config.digest, image.config.data.length);
  await client.pushManifest(repository, 'latest', image.manifest);
  return { blobDigest: layer.digest };
}

export async function manifestLoad(client: RegistryClient, repository: string, ms: number) {
  const path = `/v2/${repository}/manifests/latest`;
  await runFor(Math.min(500, ms), 32, () => client.head(repository, path)); // warm-up
  await runFor(Math.min(500, ms), 32, () => client.get(repository, path, 'GET'));
  const head: LoadResult = await runFor(ms, 32, () => client.head(repository, path));
  const get: LoadResult = await runFor(ms, 32, () => client.get(repository, path, 'GET'));
  return { head, get };
}

export async function blobLoad(client: RegistryClient, repository: string, digest: string, ms: number) {
  const path = `/v2/${repository}/blobs/${digest}`;
  await runFor(Math.min(500, ms), 8, () => client.get(repository, path, 'GET', '*/*')); // warm-up
  return runFor(ms, 32, () => client.get(repository, path, 'GET', '*/*'));
}
