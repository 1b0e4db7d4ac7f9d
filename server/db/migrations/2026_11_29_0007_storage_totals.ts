/**
 * Covering indexes for the storage totals (/statistics, project summaries): the sums then read
 * narrow index entries instead of artifact rows, which carry their manifests.
 */
import type { AnyDb } from './support.js';

export async function up(db: AnyDb): Promise<void> {
  await db.schema.createIndex('artifacts_manifest_size').on('artifacts').columns(['project_id', 'manifest_size']).execute();
  await db.schema.createIndex('blobs_size').on('blobs').columns(['blob_id', 'size']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('blobs_size').execute();
  await db.schema.dropIndex('artifacts_manifest_size').execute();
}
