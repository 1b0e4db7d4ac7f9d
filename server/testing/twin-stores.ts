/**
 * Twin servers (twin-servers.ts) on either blob store: the shared filesystem volume, or one
 * bucket of a real s3rver process that both use, started and stopped with them.
 */
import { startS3Server } from './s3-server.js';
import { startTwinServers, type TwinServers } from './twin-servers.js';

export const BLOB_STORES = ['filesystem', 'S3'] as const;
export type BlobStoreKind = (typeof BLOB_STORES)[number];

export async function startTwinServersOn(store: BlobStoreKind, preparedDataVolume: string, config: Record<string, unknown> = {}): Promise<TwinServers> {
  if (store === 'filesystem') return startTwinServers(preparedDataVolume, config);
  const s3 = await startS3Server();
  try {
    const twins = await startTwinServers(preparedDataVolume, { ...config, storage_service: s3.storageService() });
    return {
      ...twins,
      stop: async () => {
        await twins.stop();
        await s3.stop();
      },
    };
  } catch (err) {
    await s3.stop();
    throw err;
  }
}
