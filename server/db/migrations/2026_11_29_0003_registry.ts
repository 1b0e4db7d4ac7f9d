/**
 * The registry's metadata: repositories, blobs and which repositories may read them, artifacts
 * (manifests stored byte for byte) with their blobs, index children and subjects, tags, and
 * upload sessions. Names that clients page through (repository names, tag names) sort by bytes
 * in both dialects: SQLite's default collation already does, PostgreSQL needs COLLATE "C".
 */
import { sql } from 'kysely';
import { isPostgres, notNull, withId, type AnyDb } from './support.js';

export async function up(db: AnyDb): Promise<void> {
  const pg = isPostgres(db);
  const byteOrder = (type: string) => (pg ? sql.raw(`${type} collate "C"`) : sql.raw(type));
  const bytes = pg ? 'bytea' : 'blob';

  await withId(db, db.schema.createTable('repositories'), 'repository_id')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.project_id').onDelete('cascade'))
    .addColumn('name', byteOrder('varchar(255)'), (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('pull_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('creation_time', 'varchar(32)', notNull)
    .addColumn('update_time', 'varchar(32)', notNull)
    .execute();
  await db.schema.createIndex('repositories_project_name').on('repositories').columns(['project_id', 'name']).execute();
  await db.schema
    .createIndex('repositories_project_update_time')
    .on('repositories')
    .columns(['project_id', 'update_time'])
    .execute();

  await withId(db, db.schema.createTable('blobs'), 'blob_id')
    .addColumn('digest', 'varchar(160)', (c) => c.notNull().unique())
    .addColumn('size', 'bigint', notNull)
    .addColumn('creation_time', 'varchar(32)', notNull)
    .execute();

  await db.schema
    .createTable('repository_blobs')
    .addColumn('repository_id', 'integer', (c) => c.notNull().references('repositories.repository_id').onDelete('cascade'))
    .addColumn('blob_id', 'integer', (c) => c.notNull().references('blobs.blob_id').onDelete('cascade'))
    .addColumn('creation_time', 'varchar(32)', notNull)
    .addPrimaryKeyConstraint('repository_blobs_pk', ['repository_id', 'blob_id'])
    .execute();
  await db.schema.createIndex('repository_blobs_blob').on('repository_blobs').column('blob_id').execute();

  await withId(db, db.schema.createTable('artifacts'), 'artifact_id')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.project_id').onDelete('cascade'))
    .addColumn('repository_id', 'integer', (c) => c.notNull().references('repositories.repository_id').onDelete('cascade'))
    .addColumn('digest', 'varchar(160)', notNull)
    .addColumn('type', 'varchar(32)', notNull)
    .addColumn('manifest_media_type', 'varchar(255)', notNull)
    .addColumn('media_type', 'varchar(255)', notNull)
    .addColumn('artifact_type', 'varchar(255)')
    .addColumn('manifest', bytes, notNull)
    .addColumn('manifest_size', 'integer', notNull)
    .addColumn('size', 'bigint', notNull)
    .addColumn('config_digest', 'varchar(160)')
    .addColumn('subject_digest', 'varchar(160)')
    .addColumn('extra_attrs', 'text', (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('annotations', 'text', (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('push_time', 'varchar(32)', notNull)
    .addColumn('pull_time', 'varchar(32)')
    .addColumn('pull_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('artifacts_repository_digest', ['repository_id', 'digest'])
    .execute();
  await db.schema.createIndex('artifacts_repository_push_time').on('artifacts').columns(['repository_id', 'push_time']).execute();
  await db.schema.createIndex('artifacts_repository_pull_time').on('artifacts').columns(['repository_id', 'pull_time']).execute();
  await db.schema
    .createIndex('artifacts_repository_subject')
    .on('artifacts')
    .columns(['repository_id', 'subject_digest'])
    .execute();
  await db.schema.createIndex('artifacts_project_push_time').on('artifacts').columns(['project_id', 'push_time']).execute();
  await db.schema.createIndex('artifacts_digest').on('artifacts').column('digest').execute();

  await db.schema
    .createTable('artifact_blobs')
    .addColumn('artifact_id', 'integer', (c) => c.notNull().references('artifacts.artifact_id').onDelete('cascade'))
    .addColumn('blob_id', 'integer', (c) => c.notNull().references('blobs.blob_id'))
    .addPrimaryKeyConstraint('artifact_blobs_pk', ['artifact_id', 'blob_id'])
    .execute();
  await db.schema.createIndex('artifact_blobs_blob').on('artifact_blobs').column('blob_id').execute();

  await withId(db, db.schema.createTable('artifact_references'), 'id')
    .addColumn('parent_id', 'integer', (c) => c.notNull().references('artifacts.artifact_id').onDelete('cascade'))
    // No cascade: a child an index still lists cannot be deleted on its own.
    .addColumn('child_id', 'integer', (c) => c.notNull().references('artifacts.artifact_id'))
    .addColumn('child_digest', 'varchar(160)', notNull)
    .addColumn('platform', 'text')
    .addColumn('annotations', 'text', (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('urls', 'text')
    .execute();
  await db.schema.createIndex('artifact_references_parent').on('artifact_references').column('parent_id').execute();
  await db.schema.createIndex('artifact_references_child').on('artifact_references').column('child_id').execute();

  await withId(db, db.schema.createTable('tags'), 'tag_id')
    .addColumn('repository_id', 'integer', (c) => c.notNull().references('repositories.repository_id').onDelete('cascade'))
    .addColumn('artifact_id', 'integer', (c) => c.notNull().references('artifacts.artifact_id').onDelete('cascade'))
    .addColumn('name', byteOrder('varchar(128)'), notNull)
    .addColumn('push_time', 'varchar(32)', notNull)
    .addColumn('pull_time', 'varchar(32)')
    .addColumn('pull_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('tags_repository_name', ['repository_id', 'name'])
    .execute();
  await db.schema.createIndex('tags_artifact').on('tags').column('artifact_id').execute();

  await db.schema
    .createTable('uploads')
    .addColumn('upload_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.project_id').onDelete('cascade'))
    .addColumn('repository', 'varchar(255)', notNull)
    .addColumn('size', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_owner', 'varchar(64)')
    .addColumn('lease_until', 'varchar(32)')
    .addColumn('started_at', 'varchar(32)', notNull)
    .addColumn('updated_at', 'varchar(32)', notNull)
    .execute();
  await db.schema.createIndex('uploads_updated_at').on('uploads').column('updated_at').execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    'uploads',
    'tags',
    'artifact_references',
    'artifact_blobs',
    'artifacts',
    'repository_blobs',
    'blobs',
    'repositories',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
