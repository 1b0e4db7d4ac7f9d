/**
 * The blob store harbor.yml asks for: the filesystem under data_volume (the default), or an
 * S3-compatible bucket when storage_service.s3 is given. Also how the health check probes it.
 */
import type { Config } from '../config/load.js';
import type { BlobStore } from './blob-store.js';
import { FsBlobStore } from './fs-blob-store.js';
import { checkWritable } from './health.js';

export interface ChosenStore {
  blobs: BlobStore;
  /** Throws when the store cannot be written (the storage part of /api/v2.0/health). */
  checkStorage(): Promise<void>;
  /** For the start-up log line: never a key. */
  describe: Record<string, string>;
}

/**
 * The S3 store's modules (the AWS SDK: 4.6 MiB of heap, for as long as the process runs) are
 * loaded only when harbor.yml asks for S3: memory is what the operator's configuration uses.
 */
export async function chooseBlobStore(config: Config, registryDir: string): Promise<ChosenStore> {
  const { s3, redirect, ca_bundle: caBundle } = config.storage_service;
  if (!s3) {
    const blobs = new FsBlobStore(registryDir);
    return { blobs, checkStorage: () => checkWritable(registryDir), describe: { driver: 'filesystem', root: registryDir } };
  }
  const [{ S3BlobStore }, { createS3Client }] = await Promise.all([import('./s3-blob-store.js'), import('./s3-client.js')]);
  const blobs = new S3BlobStore(createS3Client(s3, caBundle), s3, { redirect: !redirect.disable });
  return {
    blobs,
    checkStorage: () => blobs.checkWritable(),
    describe: { driver: 's3', bucket: s3.bucket, region: s3.region, endpoint: s3.regionendpoint ?? 'AWS', rootdirectory: `/${s3.rootdirectory}` },
  };
}
