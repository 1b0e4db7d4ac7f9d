/**
 * Labels (Harbor's harbor_label and label_reference) and the system CVE allowlist.
 *
 * A label is global (scope 'g', project_id null) or belongs to one project (scope 'p'); names
 * are unique within their scope and project, which a partial index enforces for global labels
 * (a unique index treats every null project_id as distinct). artifact_labels ties labels to
 * artifacts and goes with either. Harbor keeps the system allowlist as the cve_allowlist row of
 * project 0; here projects' rows reference projects, so the system's has a one-row table of its
 * own with the same columns.
 */
import { sql } from 'kysely';
import { notNull, withId, type AnyDb } from './support.js';

export async function up(db: AnyDb): Promise<void> {
  await withId(db, db.schema.createTable('labels'), 'id')
    .addColumn('name', 'varchar(128)', notNull)
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('color', 'varchar(32)', (c) => c.notNull().defaultTo(''))
    .addColumn('scope', 'varchar(1)', notNull)
    .addColumn('project_id', 'integer', (c) => c.references('projects.project_id').onDelete('cascade'))
    .addColumn('creation_time', 'varchar(32)', notNull)
    .addColumn('update_time', 'varchar(32)', notNull)
    .execute();
  await db.schema.createIndex('labels_project_name').on('labels').columns(['project_id', 'name']).unique().execute();
  await sql`create unique index labels_global_name on labels (name) where project_id is null`.execute(db);

  await withId(db, db.schema.createTable('artifact_labels'), 'id')
    .addColumn('label_id', 'integer', (c) => c.notNull().references('labels.id').onDelete('cascade'))
    .addColumn('artifact_id', 'integer', (c) => c.notNull().references('artifacts.artifact_id').onDelete('cascade'))
    .addColumn('creation_time', 'varchar(32)', notNull)
    .execute();
  await db.schema.createIndex('artifact_labels_artifact_label').on('artifact_labels').columns(['artifact_id', 'label_id']).unique().execute();
  await db.schema.createIndex('artifact_labels_label').on('artifact_labels').columns(['label_id']).execute();

  await withId(db, db.schema.createTable('system_cve_allowlist'), 'id')
    .addColumn('items', 'text', (c) => c.notNull().defaultTo(sql`'[]'`))
    .addColumn('expires_at', 'bigint')
    .addColumn('creation_time', 'varchar(32)', notNull)
    .addColumn('update_time', 'varchar(32)', notNull)
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('system_cve_allowlist').execute();
  await db.schema.dropTable('artifact_labels').execute();
  await db.schema.dropTable('labels').execute();
}
