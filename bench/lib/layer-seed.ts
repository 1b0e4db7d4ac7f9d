/**
 * Rows for the layer insight queries: project `layers` (public) with a base
 * image `layers/base:v1` of two layers and `count` images in `layers/app` built on it (its two
 * layers, then one of their own), each naming the base's first layer, with their layer-prefix
 * chains as a push would record them. Written straight into the database, like api-seed.ts.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { DbHandle } from '../../server/db/connect.js';
import { layerChains } from '../../server/core/layers/layer-chains.js';
import { at } from './api-seed.js';

type Db = DbHandle['db'];

const BATCH = 300;
const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/** The base image's first layer: the blob every seeded image uses. */
export const SHARED_LAYER = sha('bench layer 0');
const BASE_LAYERS = [SHARED_LAYER, sha('bench layer 1')];

async function blob(db: Db, digest: string): Promise<number> {
  const row = await db.insertInto('blobs').values({ digest, size: 1_000_000, creation_time: at(0) }).returning('blob_id').executeTakeFirstOrThrow();
  return row.blob_id;
}

export async function seedLayerLineage(db: Db, count: number): Promise<void> {
  const { project_id: projectId } = await db
    .insertInto('projects')
    .values({ name: 'layers', owner_id: 1, public: 1, creation_time: at(0), update_time: at(0) })
    .returning('project_id')
    .executeTakeFirstOrThrow();
  const [base, app] = await db
    .insertInto('repositories')
    .values(['layers/base', 'layers/app'].map((name) => ({ project_id: projectId, name, creation_time: at(0), update_time: at(0) })))
    .returning('repository_id')
    .execute();
  const baseBlobs = [await blob(db, BASE_LAYERS[0]!), await blob(db, BASE_LAYERS[1]!)];
  const images = [{ repositoryId: base!.repository_id, tag: 'v1', layers: BASE_LAYERS }].concat(
    Array.from({ length: count }, (_, i) => ({ repositoryId: app!.repository_id, tag: `t-${String(i).padStart(5, '0')}`, layers: [...BASE_LAYERS, sha(`bench own layer ${i}`)] })),
  );
  for (let start = 0; start < images.length; start += BATCH) {
    const slice = images.slice(start, start + BATCH);
    const ids = await db
      .insertInto('artifacts')
      .values(
        slice.map((image, n) => ({
          project_id: projectId,
          repository_id: image.repositoryId,
          digest: sha(`bench lineage ${start + n}`),
          type: 'IMAGE',
          manifest_media_type: 'application/vnd.oci.image.manifest.v1+json',
          media_type: 'application/vnd.oci.image.config.v1+json',
          manifest: Buffer.from('{}'),
          manifest_size: 2,
          size: 3_000_000,
          config_digest: sha(`bench config ${start + n}`),
          push_time: at(start + n),
        })),
      )
      .returning('artifact_id')
      .execute();
    await db
      .insertInto('tags')
      .values(slice.map((image, n) => ({ repository_id: image.repositoryId, artifact_id: ids[n]!.artifact_id, name: image.tag, push_time: at(start + n) })))
      .execute();
    // The owner columns as the link triggers would set them (a seed may run with them off).
    const owner = (n: number) => ({ project_id: projectId, push_time: at(start + n) });
    await db.insertInto('artifact_blobs').values(ids.flatMap(({ artifact_id }, n) => baseBlobs.map((blob_id) => ({ artifact_id, blob_id, ...owner(n) })))).execute();
    await db
      .insertInto('artifact_layer_chains')
      .values(
        slice.flatMap((image, n) => {
          const chains = layerChains(image.layers);
          return chains.map((chain, k) => ({ artifact_id: ids[n]!.artifact_id, depth: k + 1, chain, layers: chains.length, ...owner(n) }));
        }),
      )
      .execute();
  }
  await sql`analyze`.execute(db);
}
