/**
 * Test images built in the test itself: gzipped tar layers, image configs, manifests and
 * indexes with real digests, written as an OCI image layout directory that skopeo and podman
 * read (`oci:<dir>:<tag>`). Nothing is downloaded.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';
export const OCI_EMPTY = 'application/vnd.oci.empty.v1+json';

export interface Blob {
  mediaType: string;
  digest: string;
  size: number;
  bytes: Buffer;
}

export const digestOf = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export function blobOf(mediaType: string, content: Buffer | string | object): Blob {
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(typeof content === 'string' ? content : JSON.stringify(content));
  return { mediaType, digest: digestOf(bytes), size: bytes.length, bytes };
}

export const descriptor = (blob: Blob, extra: object = {}) => ({ mediaType: blob.mediaType, digest: blob.digest, size: blob.size, ...extra });

/** A ustar archive of regular files (POSIX.1-1988 header, 512-byte blocks). */
export function tar(files: Record<string, string | Buffer>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const header = Buffer.alloc(512);
    header.write(name, 0, 100);
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    header.write(`${(1_700_000_000).toString(8).padStart(11, '0')}\0`, 136);
    header.write('        ', 148);
    header.write('0', 156);
    header.write('ustar\0', 257);
    header.write('00', 263);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export interface Image {
  config: Blob;
  layers: Blob[];
  manifest: Blob;
}

/**
 * An image of `layers` gzipped tar layers for one platform; `seed` makes its content unique.
 * `createdBy` names the build step of each layer in the config's history (`layer <i>` otherwise);
 * `history` replaces that history whole, for steps that made no layer (empty_layer, as ENV or CMD).
 */
export function buildImage(options: {
  seed: string;
  layers?: number;
  architecture?: string;
  os?: string;
  layerBytes?: number;
  createdBy?: string[];
  history?: { created_by: string; empty_layer?: boolean }[];
}): Image {
  const { seed, architecture = 'amd64', os = 'linux' } = options;
  const layers = Array.from({ length: options.layers ?? 1 }, (_, i) => {
    const filler = Buffer.alloc(options.layerBytes ?? 0, `${seed}-${i}`);
    return blobOf(OCI_LAYER, gzipSync(tar({ [`${seed}/layer-${i}.txt`]: `layer ${i} of ${seed}\n`, [`${seed}/fill-${i}`]: filler })));
  });
  const config = blobOf(OCI_CONFIG, {
    architecture,
    os,
    created: '2026-11-29T00:00:00Z',
    author: 'berth tests',
    config: { Env: ['PATH=/usr/bin'], Cmd: ['/bin/true'], Labels: { seed } },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => digestOf(Buffer.from(l.digest))) },
    history: options.history ?? layers.map((_, i) => ({ created_by: options.createdBy?.[i] ?? `layer ${i}` })),
  });
  const manifest = blobOf(OCI_MANIFEST, {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: descriptor(config),
    layers: layers.map((l) => descriptor(l)),
    annotations: { 'org.opencontainers.image.title': seed },
  });
  return { config, layers, manifest };
}

export function buildIndex(images: Image[]): Blob {
  return blobOf(OCI_INDEX, {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: images.map((image) => {
      const config = JSON.parse(image.config.bytes.toString()) as { architecture: string; os: string };
      return descriptor(image.manifest, { platform: { architecture: config.architecture, os: config.os } });
    }),
  });
}

export const imageBlobs = (image: Image) => [image.config, ...image.layers, image.manifest];

/** Writes an OCI image layout holding `blobs`, with `refs` (tag -> manifest or index) in index.json. */
export async function writeOciLayout(dir: string, blobs: Blob[], refs: Record<string, Blob>): Promise<void> {
  await mkdir(path.join(dir, 'blobs', 'sha256'), { recursive: true });
  for (const blob of blobs) await writeFile(path.join(dir, 'blobs', 'sha256', blob.digest.slice(7)), blob.bytes);
  await writeFile(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const manifests = Object.entries(refs).map(([tag, blob]) =>
    descriptor(blob, { annotations: { 'org.opencontainers.image.ref.name': tag } }),
  );
  await writeFile(path.join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests }));
}

/**
 * An OCI artifact: a custom artifactType, the empty config (as ORAS pushes), one payload layer,
 * and optionally a subject (which makes it a referrer).
 */
export function buildArtifact(options: { artifactType: string; payload: Blob; subject?: Blob; annotations?: Record<string, string> }) {
  const empty = blobOf(OCI_EMPTY, '{}');
  const manifest = blobOf(OCI_MANIFEST, {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType: options.artifactType,
    config: descriptor(empty),
    layers: [descriptor(options.payload)],
    ...(options.subject ? { subject: descriptor(options.subject) } : {}),
    ...(options.annotations ? { annotations: options.annotations } : {}),
  });
  return { blobs: [empty, options.payload], manifest };
}
