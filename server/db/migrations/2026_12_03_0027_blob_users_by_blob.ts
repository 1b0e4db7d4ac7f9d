/**
 * "Which artifacts name this blob" (the layer users list, GET /berth/blobs/{digest}/artifacts)
 * answered from the index alone: with the index on blob_id only, each of a shared base layer's
 * thousands of links was a table row read for its artifact_id, on both dialects.
 */
import type { AnyDb } from './support.js';

export async function up(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('artifact_blobs_blob').execute();
  await db.schema.createIndex('artifact_blobs_blob').on('artifact_blobs').columns(['blob_id', 'artifact_id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('artifact_blobs_blob').execute();
  await db.schema.createIndex('artifact_blobs_blob').on('artifact_blobs').column('blob_id').execute();
}
