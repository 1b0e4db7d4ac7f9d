/**
 * g. Replication, Berth -> CNCF Distribution, beside the peer a user would otherwise script:
 * `skopeo sync` of the same repositories from the same Berth to a fresh Distribution. One large
 * single-layer image, then many small images (one 64 KiB layer each), each copied by a push rule
 * started by hand, with max_job_workers 3 and 10 (a restart of the same Berth in between).
 * Reported: MB/s for the large image, images/s for the small ones, and Berth's peak RSS while
 * replicating.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { ApiClient } from '../../server/testing/api-client.js';
import { createEndpoint, createRule, finishedExecution, startExecution } from '../../server/testing/replication.js';
import { startServer, type ServerProcess } from '../../server/testing/server-process.js';
import { blobOf, imageOf, largeBlob } from '../lib/images.js';
import { withPeakRss } from '../lib/memory.js';
import { runCount } from '../lib/measure.js';
import { startReference } from '../lib/reference.js';
import { RegistryClient } from '../lib/registry-client.js';
import type { Row } from '../lib/report.js';

const run = promisify(execFile);
const MB = 1_000_000;
export const REPLICATION_WORKERS = [3, 10] as const;

export interface ReplicationSizes {
  largeBytes: number;
  smallImages: number;
}

export const REPLICATION_FULL: ReplicationSizes = { largeBytes: 1024 ** 3, smallImages: 500 };
export const REPLICATION_QUICK: ReplicationSizes = { largeBytes: 32 * 1024 ** 2, smallImages: 20 };

export interface CopyFigures {
  large: { seconds: number; MBps: number };
  small: { seconds: number; imagesPerSecond: number };
}

export interface ReplicationResult {
  sizes: ReplicationSizes;
  berth: Record<number, CopyFigures & { peakRssBytes: number }>;
  skopeo: CopyFigures;
}

const ADMIN = { username: 'admin', password: 'Harbor12345' };

async function seed(server: ServerProcess, sizes: ReplicationSizes): Promise<void> {
  const created = await ApiClient.basic(server, ADMIN.username, ADMIN.password).post('/projects', { project_name: 'bench', metadata: { public: 'false' } });
  if (created.status !== 201) throw new Error(`cannot create the bench project: ${created.status}`);
  const client = new RegistryClient(server.url, ADMIN);
  try {
    await client.authorize('bench/large');
    const blob = largeBlob(sizes.largeBytes);
    await client.pushBlob('bench/large', blob.stream(), blob.digest, blob.size);
    const image = imageOf([{ digest: blob.digest, size: blob.size }]);
    await client.pushBlob('bench/large', image.config.data, image.config.digest, image.config.data.length);
    await client.pushManifest('bench/large', 'v1', image.manifest);
    await client.authorize('bench/small');
    await runCount(sizes.smallImages, 8, async (i) => {
      const layer = blobOf(randomBytes(64 * 1024));
      const small = imageOf([{ digest: layer.digest, size: layer.data.length }]);
      await client.pushBlob('bench/small', layer.data, layer.digest, layer.data.length);
      await client.pushBlob('bench/small', small.config.data, small.config.digest, small.config.data.length);
      await client.pushManifest('bench/small', `v${i}`, small.manifest);
    });
  } finally {
    await client.close();
  }
}

/** Seconds for one rule's execution, from the start request to its end; throws unless it succeeded. */
async function replicate(admin: ApiClient, endpointId: number, repository: string): Promise<number> {
  const policyId = await createRule(admin, { name: `bench-${repository.replace('/', '-')}-${endpointId}`, dest_registry: { id: endpointId }, filters: [{ type: 'name', value: repository }] });
  const t0 = performance.now();
  const executionId = await startExecution(admin, policyId);
  const execution = await finishedExecution(admin, executionId, 30 * 60_000);
  const seconds = (performance.now() - t0) / 1000;
  if (execution.status !== 'Succeed') throw new Error(`replicating ${repository} ended ${execution.status}: ${JSON.stringify(execution)}`);
  return seconds;
}

async function berthCopies(source: ServerProcess, sizes: ReplicationSizes): Promise<CopyFigures & { peakRssBytes: number }> {
  const destination = await startReference();
  try {
    const admin = ApiClient.basic(source, ADMIN.username, ADMIN.password);
    const endpointId = await createEndpoint(admin, { name: `dist-${destination.url.split(':').at(-1)}`, type: 'docker-registry', url: destination.url });
    const sampled = await withPeakRss(source.child.pid!, async () => ({
      large: await replicate(admin, endpointId, 'bench/large'),
      small: await replicate(admin, endpointId, 'bench/small'),
    }));
    const { large, small } = sampled.result;
    return {
      large: { seconds: large, MBps: sizes.largeBytes / MB / large },
      small: { seconds: small, imagesPerSecond: sizes.smallImages / small },
      peakRssBytes: sampled.peakRssBytes,
    };
  } finally {
    await destination.stop();
  }
}

async function skopeoSync(source: ServerProcess, repository: string): Promise<number> {
  const destination = await startReference();
  try {
    const host = (url: string) => url.replace(/^http:\/\//, '');
    const t0 = performance.now();
    await run('skopeo', [
      'sync', '--src', 'docker', '--dest', 'docker', '--src-tls-verify=false', '--dest-tls-verify=false',
      '--src-creds', `${ADMIN.username}:${ADMIN.password}`, `${host(source.url)}/${repository}`, `${host(destination.url)}/skopeo`,
    ], { maxBuffer: 64 * 1024 * 1024 });
    return (performance.now() - t0) / 1000;
  } finally {
    await destination.stop();
  }
}

export async function measureReplication(quick: boolean): Promise<ReplicationResult> {
  const sizes = quick ? REPLICATION_QUICK : REPLICATION_FULL;
  const first = await startServer({ config: { log: { level: 'info' }, jobservice: { max_job_workers: REPLICATION_WORKERS[0] } } });
  const dir = first.dir;
  let server = first;
  try {
    await seed(server, sizes);
    const berth: ReplicationResult['berth'] = {};
    for (const workers of REPLICATION_WORKERS) {
      if (workers !== REPLICATION_WORKERS[0]) {
        await server.stop();
        server = await startServer({ dir, config: { log: { level: 'info' }, jobservice: { max_job_workers: workers } } });
      }
      berth[workers] = await berthCopies(server, sizes);
    }
    const large = await skopeoSync(server, 'bench/large');
    const small = await skopeoSync(server, 'bench/small');
    return {
      sizes,
      berth,
      skopeo: { large: { seconds: large, MBps: sizes.largeBytes / MB / large }, small: { seconds: small, imagesPerSecond: sizes.smallImages / small } },
    };
  } finally {
    await server.stop();
    await first.cleanup();
  }
}

/** g: Berth's replication beside `skopeo sync` (the reference column) of the same content. */
export function replicationRows(r: ReplicationResult): Row[] {
  const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
  const round = (n: number) => Math.round(n * 10) / 10;
  return REPLICATION_WORKERS.flatMap((workers) => {
    const b = r.berth[workers]!;
    return [
      { workload: `g. replicate ${mib(r.sizes.largeBytes)} MiB image, ${workers} workers (MB/s; reference: skopeo sync)`, berth: round(b.large.MBps), reference: round(r.skopeo.large.MBps), target: 1 },
      { workload: `g. replicate ${r.sizes.smallImages} images, ${workers} workers (images/s; reference: skopeo sync)`, berth: round(b.small.imagesPerSecond), reference: round(r.skopeo.small.imagesPerSecond), target: 1 },
      { workload: `g. peak RSS replicating, ${workers} workers (MiB)`, berth: mib(b.peakRssBytes), reference: '', limit: 250 },
    ];
  });
}
