/**
 * "Which other project (or repository) names this blob", asked by the storage triggers each time
 * a blob link is added or removed, answered from the index alone.
 *
 * The triggers ask it as (blob_id, scope, scope_id <> this one). With the index on (blob_id,
 * scope) only, SQLite preferred the primary key (scope, scope_id, blob_id), which covers the
 * query but is searched by scope alone: every link scanned every row of its scope kind. Pushes
 * slowed as the registry grew: seeding 200,000 artifacts fell to 1,000 a minute, and at 170,000
 * rows the lookup took 44 ms, against under 0.1 ms with this index (which covers it too).
 */
import type { AnyDb } from './support.js';

export async function up(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('storage_blob_refs_blob').execute();
  await db.schema.createIndex('storage_blob_refs_blob').on('storage_blob_refs').columns(['blob_id', 'scope', 'scope_id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('storage_blob_refs_blob').execute();
  await db.schema.createIndex('storage_blob_refs_blob').on('storage_blob_refs').columns(['blob_id', 'scope']).execute();
}
