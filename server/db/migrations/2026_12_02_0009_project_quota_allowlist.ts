/**
 * What Harbor's project create and update carry and Berth dropped: the project's storage quota
 * (`storage_limit`, -1 for none; the storage lifecycle work enforces it) and its CVE allowlist
 * (one row per project as Harbor keeps it, items as JSON, expires_at in seconds since the epoch).
 * Every existing project gets its empty allowlist. Also an index for artifact lists sorted by size.
 */
import { sql } from 'kysely';
import { notNull, withId, type AnyDb } from './support.js';

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('projects')
    .addColumn('storage_limit', 'bigint', (c) => c.notNull().defaultTo(-1))
    .execute();
  await withId(db, db.schema.createTable('cve_allowlists'), 'id')
    .addColumn('project_id', 'integer', (c) => c.notNull().unique().references('projects.project_id').onDelete('cascade'))
    .addColumn('items', 'text', (c) => c.notNull().defaultTo(sql`'[]'`))
    .addColumn('expires_at', 'bigint')
    .addColumn('creation_time', 'varchar(32)', notNull)
    .addColumn('update_time', 'varchar(32)', notNull)
    .execute();
  await sql`insert into cve_allowlists (project_id, items, creation_time, update_time)
    select project_id, '[]', creation_time, creation_time from projects order by project_id`.execute(db);
  await db.schema.createIndex('artifacts_repository_size').on('artifacts').columns(['repository_id', 'size']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('artifacts_repository_size').execute();
  await db.schema.dropTable('cve_allowlists').execute();
  await db.schema.alterTable('projects').dropColumn('storage_limit').execute();
}
