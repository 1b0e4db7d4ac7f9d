/**
 * The layer insight lists answered from indexes alone, on both dialects:
 * - "which artifacts name this blob" (GET /berth/blobs/{digest}/artifacts): with the index on
 *   blob_id only, each of a shared base layer's thousands of links was a table row read for its
 *   artifact_id;
 * - "which images are built on this one" (dependents, and a lineage's count): the chains index
 *   (chain, depth) lacked the layer count the list filters on and the artifact it names, so each
 *   of the base's thousands of dependents was a table row read too.
 */
import type { AnyDb } from './support.js';

export async function up(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('artifact_blobs_blob').execute();
  await db.schema.createIndex('artifact_blobs_blob').on('artifact_blobs').columns(['blob_id', 'artifact_id']).execute();
  await db.schema.dropIndex('artifact_layer_chains_chain').execute();
  await db.schema.createIndex('artifact_layer_chains_chain').on('artifact_layer_chains').columns(['chain', 'depth', 'layers', 'artifact_id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('artifact_layer_chains_chain').execute();
  await db.schema.createIndex('artifact_layer_chains_chain').on('artifact_layer_chains').columns(['chain', 'depth']).execute();
  await db.schema.dropIndex('artifact_blobs_blob').execute();
  await db.schema.createIndex('artifact_blobs_blob').on('artifact_blobs').column('blob_id').execute();
}
