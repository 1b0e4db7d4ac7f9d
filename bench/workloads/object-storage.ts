/**
 * i. Berth with its blobs in S3 (s3rver, a real S3-compatible server in its own process, here on
 * the same machine): workload a's large push and pull, same client, same sizes.
 * j. Chunked uploads across two Berth processes on one PostgreSQL database and one blob store
 * (the filesystem, then S3): one blob pushed in equal chunks alternating between the two, then
 * every chunk to the same process (sticky), three times over; the medians are compared. The
 * target: alternating at most 1.3 times the sticky time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { prepareSecrets } from '../../server/secrets/prepare.js';
import { startS3Server } from '../../server/testing/s3-server.js';
import { startServer, type ServerProcess } from '../../server/testing/server-process.js';
import { BLOB_STORES, startTwinServersOn, type BlobStoreKind } from '../../server/testing/twin-stores.js';
import { largeBlob } from '../lib/images.js';
import { RegistryClient } from '../lib/registry-client.js';
import { largePushPull } from './registry-workloads.js';
import type { Row } from '../lib/report.js';

const MiB = 1024 * 1024;
const BASIC = { authorization: `Basic ${Buffer.from('admin:Harbor12345').toString('base64')}` };

export interface ObjectStorageSizes {
  largeBytes: number;
  chunkedBytes: number;
  chunkBytes: number;
  /** Alternating and sticky pushes of chunkedBytes, one after the other, this many times. */
  rounds: number;
}

export const OBJECT_STORAGE_FULL: ObjectStorageSizes = { largeBytes: 1024 ** 3, chunkedBytes: 256 * MiB, chunkBytes: 16 * MiB, rounds: 3 };
// Quick (npm test's bench --quick): enough to prove the workloads run, in a few seconds each.
export const OBJECT_STORAGE_QUICK: ObjectStorageSizes = { largeBytes: 16 * MiB, chunkedBytes: 16 * MiB, chunkBytes: 4 * MiB, rounds: 1 };

export interface ObjectStorageResult {
  sizes: ObjectStorageSizes;
  s3: { pushMBps: number; pullMBps: number };
  chunks: Record<BlobStoreKind, { stickySeconds: number; alternatingSeconds: number }>;
}

async function measureS3PushPull(keys: string, bytes: number): Promise<{ pushMBps: number; pullMBps: number }> {
  const s3 = await startS3Server();
  let server: ServerProcess | undefined;
  try {
    server = await startServer({ preparedDataVolume: keys, config: { storage_service: s3.storageService() } });
    const client = new RegistryClient(server.url, { username: 'admin', password: 'Harbor12345' });
    try {
      const figures = await largePushPull(client, 'library/large', bytes);
      return { pushMBps: figures.pushMBps, pullMBps: figures.pullMBps };
    } finally {
      await client.close();
    }
  } finally {
    await server?.stop();
    await server?.cleanup();
    await s3.stop();
  }
}

/** Pushes a blob in chunks, chunk i to servers[i % servers.length]; seconds from first chunk to the PUT. */
async function chunkedPush(servers: ServerProcess[], repository: string, bytes: number, chunkBytes: number): Promise<number> {
  const blob = largeBlob(bytes);
  const opened = await fetch(`${servers[0]!.url}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers: BASIC });
  if (opened.status !== 202) throw new Error(`POST upload: ${opened.status}`);
  let location = opened.headers.get('location')!;
  const t0 = performance.now();
  let offset = 0;
  let pending: Buffer[] = [];
  let i = 0;
  const send = async (chunk: Buffer) => {
    const server = servers[i++ % servers.length]!;
    const res = await fetch(`${server.url}${location}`, {
      method: 'PATCH',
      body: new Uint8Array(chunk),
      headers: { ...BASIC, 'content-type': 'application/octet-stream', 'content-range': `${offset}-${offset + chunk.length - 1}` },
    });
    if (res.status !== 202) throw new Error(`PATCH at ${offset}: ${res.status} ${await res.text()}`);
    location = res.headers.get('location')!;
    offset += chunk.length;
  };
  for await (const piece of blob.stream()) {
    pending.push(piece as Buffer);
    if (pending.reduce((n, p) => n + p.length, 0) >= chunkBytes) {
      await send(Buffer.concat(pending));
      pending = [];
    }
  }
  if (pending.length) await send(Buffer.concat(pending));
  const put = await fetch(`${servers[i % servers.length]!.url}${location}${location.includes('?') ? '&' : '?'}digest=${blob.digest}`, { method: 'PUT', headers: BASIC });
  if (put.status !== 201) throw new Error(`PUT: ${put.status} ${await put.text()}`);
  return (performance.now() - t0) / 1000;
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;

async function measureChunks(keys: string, store: BlobStoreKind, sizes: ObjectStorageSizes) {
  const twins = await startTwinServersOn(store, keys);
  try {
    // Both processes warmed first (connections to the database and the bucket, compiled code),
    // else the second process's first chunk is timed cold in the alternating run only.
    await chunkedPush([twins.a, twins.b], 'library/warm-up', 4 * MiB, MiB);
    // Pairs interleaved, alternating first in each, so neither a warmer second run nor a swing in
    // the machine's load favours one kind; the medians are compared.
    const alternating: number[] = [];
    const sticky: number[] = [];
    for (let round = 0; round < sizes.rounds; round++) {
      alternating.push(await chunkedPush([twins.a, twins.b], `library/alternating-${round}`, sizes.chunkedBytes, sizes.chunkBytes));
      sticky.push(await chunkedPush([twins.a], `library/sticky-${round}`, sizes.chunkedBytes, sizes.chunkBytes));
    }
    return { stickySeconds: median(sticky), alternatingSeconds: median(alternating) };
  } finally {
    await twins.stop();
  }
}

export async function measureObjectStorage(quick: boolean): Promise<ObjectStorageResult> {
  const sizes = quick ? OBJECT_STORAGE_QUICK : OBJECT_STORAGE_FULL;
  // Keys made once and copied into each server's volume, as the tests do (no RSA generation per start).
  const keys = await mkdtemp(path.join(os.tmpdir(), 'berth-bench-keys-'));
  try {
    await prepareSecrets(keys, { keyBits: 2048 });
    const s3 = await measureS3PushPull(keys, sizes.largeBytes);
    const chunks = {} as ObjectStorageResult['chunks'];
    for (const store of BLOB_STORES) chunks[store] = await measureChunks(keys, store, sizes);
    return { sizes, s3, chunks };
  } finally {
    await rm(keys, { recursive: true, force: true });
  }
}

export function objectStorageRows(r: ObjectStorageResult): Row[] {
  const round = (n: number) => Math.round(n * 10) / 10;
  const mib = (bytes: number) => Math.round(bytes / MiB);
  return [
    { workload: `i. S3 store (s3rver): large push ${mib(r.sizes.largeBytes)} MiB (MB/s)`, berth: round(r.s3.pushMBps), reference: '' },
    { workload: `i. S3 store (s3rver): large pull ${mib(r.sizes.largeBytes)} MiB (MB/s)`, berth: round(r.s3.pullMBps), reference: '' },
    ...BLOB_STORES.map((store) => {
      const c = r.chunks[store];
      const ratio = c.alternatingSeconds / c.stickySeconds;
      return {
        workload: `j. ${mib(r.sizes.chunkedBytes)} MiB in ${mib(r.sizes.chunkBytes)} MiB chunks, ${store}: alternating/sticky (s)`,
        berth: `${c.alternatingSeconds.toFixed(2)}/${c.stickySeconds.toFixed(2)} = ${ratio.toFixed(2)}x${ratio <= 1.3 ? ' ok' : ' MISSED (<= 1.3x)'}`,
        reference: '',
      };
    }),
  ];
}
