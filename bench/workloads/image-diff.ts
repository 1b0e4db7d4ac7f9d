/**
 * i. Tag-to-tag diff: two images sharing a base layer of 20,000 files, each
 * with a layer of its own (500 files, a fifth of them changed in the second image, 50 deleted by
 * whiteouts), pushed over HTTP. The first diff streams and lists all four layers (cold); the
 * next ones read the listings from the cache (cached, median of five). --quick: 2,000 files.
 */
import { gzipSync } from 'node:zlib';
import { basic, startServer } from '../../server/testing/server-process.js';
import { blobOf, descriptor, OCI_CONFIG, OCI_LAYER, OCI_MANIFEST, tar, type Blob, type Image } from '../../server/testing/oci-images.js';
import { ADMIN, RegistryClient } from '../../server/testing/registry-client.js';
import type { Row } from '../lib/report.js';

export interface ImageDiffResult {
  baseFiles: number;
  layerBytes: number;
  coldMs: number;
  cachedMs: number;
  changed: number;
}

const fileBody = (i: number, version: number) => `file ${i} of version ${version}\n`.repeat(20);

function layerOf(files: Record<string, string>): Blob {
  return blobOf(OCI_LAYER, gzipSync(tar(files)));
}

function imageOf(layers: Blob[], tag: string): Image {
  const config = blobOf(OCI_CONFIG, { architecture: 'amd64', os: 'linux', config: { Env: [`VERSION=${tag}`] }, rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) } });
  const manifest = blobOf(OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(config), layers: layers.map((l) => descriptor(l)) });
  return { config, layers, manifest };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function measureImageDiff(quick: boolean): Promise<ImageDiffResult> {
  const baseFiles = quick ? 2000 : 20_000;
  const base = layerOf(Object.fromEntries(Array.from({ length: baseFiles }, (_, i) => [`usr/lib/pkg-${i % 100}/file-${i}.txt`, fileBody(i, 0)])));
  const own = (version: number) =>
    layerOf(
      Object.fromEntries(
        Array.from({ length: 500 }, (_, i) => [`app/module-${i % 10}/file-${i}.js`, fileBody(i, version === 2 && i % 5 === 0 ? 2 : 1)] as [string, string])
          .concat(version === 2 ? Array.from({ length: 50 }, (_, i) => [`usr/lib/pkg-${i}/.wh.file-${i}.txt`, '']) : []),
      ),
    );
  const v1 = imageOf([base, own(1)], 'v1');
  const v2 = imageOf([base, own(2)], 'v2');
  const server = await startServer();
  try {
    const registry = new RegistryClient(server.url, ADMIN);
    await registry.pushImage('library/diff-bench', 'v1', [v1.config, ...v1.layers], v1.manifest);
    await registry.pushImage('library/diff-bench', 'v2', [v2.config, ...v2.layers], v2.manifest);
    const url = `${server.url}/api/v2.0/berth/projects/library/repositories/diff-bench/artifacts/v1/diff?with=v2&wait=60`;
    const diff = async () => {
      const started = performance.now();
      for (;;) {
        const res = await fetch(url, { headers: { authorization: basic('admin', 'Harbor12345') } });
        if (res.status === 200) {
          const body = (await res.json()) as { files: { totals: { changed: number } } };
          return { ms: performance.now() - started, changed: body.files.totals.changed };
        }
        if (res.status !== 202) throw new Error(`diff answered ${res.status}: ${await res.text()}`);
      }
    };
    const cold = await diff();
    const cached: number[] = [];
    for (let i = 0; i < 5; i++) cached.push((await diff()).ms);
    return { baseFiles, layerBytes: [base, ...v1.layers.slice(1), ...v2.layers.slice(1)].reduce((s, l) => s + l.size, 0), coldMs: cold.ms, cachedMs: median(cached), changed: cold.changed };
  } finally {
    await server.stop();
    await server.cleanup();
  }
}

export function imageDiffRows(r: ImageDiffResult): Row[] {
  const round = (n: number) => Math.round(n);
  return [
    { workload: `i. diff of two images (${r.baseFiles} + 500 files, ${r.changed} changed): cold, layers read (ms)`, berth: round(r.coldMs), reference: '' },
    { workload: `i. diff of two images (${r.baseFiles} + 500 files): listings cached (ms)`, berth: round(r.cachedMs), reference: '' },
  ];
}
