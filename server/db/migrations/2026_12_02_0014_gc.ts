/**
 * Garbage collection's reference information: blobs.unreferenced_at says since when no artifact
 * names the blob (null while one does), so a GC run reads only its candidates through the
 * index instead of walking the whole store. Blobs no artifact names today count as
 * unreferenced from now: the grace period starts with this migration.
 */
import { sql } from 'kysely';
import type { AnyDb } from './support.js';

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('blobs').addColumn('unreferenced_at', 'text').execute();
  const now = new Date().toISOString();
  await db
    .updateTable('blobs')
    .set({ unreferenced_at: now })
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('artifact_blobs as ab').select(sql`1`.as('one')).whereRef('ab.blob_id', '=', 'blobs.blob_id'))))
    .execute();
  await db.schema.createIndex('blobs_unreferenced_at').on('blobs').column('unreferenced_at').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('blobs_unreferenced_at').execute();
  await db.schema.alterTable('blobs').dropColumn('unreferenced_at').execute();
}
