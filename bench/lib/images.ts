/** Test content for the workloads: random layers, an OCI config and manifest with real digests. */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { sha256 } from './registry-client.js';

export interface Blob {
  data: Buffer;
  digest: string;
}

export const blobOf = (data: Buffer): Blob => ({ data, digest: sha256(data) });

export interface Image {
  config: Blob;
  layers: { digest: string; size: number }[];
  manifest: string;
}

export function imageOf(layers: { digest: string; size: number }[]): Image {
  const config = blobOf(
    Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        created: '2026-01-01T00:00:00Z',
        rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
        history: layers.map(() => ({ created_by: 'bench' })),
      }),
    ),
  );
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config.digest, size: config.data.length },
    layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: l.digest, size: l.size })),
  });
  return { config, layers, manifest };
}

const CHUNK = 1024 * 1024;

/**
 * A large blob that is never in memory whole: `size` bytes cycling through one random MiB,
 * each MiB stamped with its index so no two are alike. `stream()` can be called again for
 * the same bytes.
 */
export function largeBlob(size: number) {
  const seed = randomBytes(CHUNK);
  const chunkAt = (i: number) => {
    const chunk = Buffer.from(seed.subarray(0, Math.min(CHUNK, size - i * CHUNK)));
    chunk.writeUInt32BE(i, 0);
    return chunk;
  };
  const count = Math.ceil(size / CHUNK);
  const stream = () => Readable.from((function* () {
    for (let i = 0; i < count; i++) yield chunkAt(i);
  })());
  const hash = createHash('sha256');
  for (let i = 0; i < count; i++) hash.update(chunkAt(i));
  return { size, digest: `sha256:${hash.digest('hex')}`, stream };
}
