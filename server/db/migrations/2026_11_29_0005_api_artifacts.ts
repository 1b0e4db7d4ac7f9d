/**
 * Indexes for the filters and sorts the repository, artifact and tag lists offer.
 *
 * Pull times are null until the first pull. SQLite orders NULL before every value; PostgreSQL's
 * default puts it last. The lists order NULL first ascending (last descending) on both, so on
 * PostgreSQL the pull_time indexes are built NULLS FIRST to serve that order in either direction.
 */
import { sql } from 'kysely';
import { isPostgres, type AnyDb } from './support.js';

export async function up(db: AnyDb): Promise<void> {
  const pg = isPostgres(db);
  const pullTime = pg ? sql`pull_time nulls first` : sql`pull_time`;

  await db.schema.createIndex('repositories_project_creation_time').on('repositories').columns(['project_id', 'creation_time']).execute();
  await db.schema.createIndex('repositories_project_pull_count').on('repositories').columns(['project_id', 'pull_count']).execute();
  // GET /repositories sorts across projects.
  await db.schema.createIndex('repositories_creation_time').on('repositories').column('creation_time').execute();
  await db.schema.createIndex('repositories_update_time').on('repositories').column('update_time').execute();
  await db.schema.createIndex('repositories_pull_count').on('repositories').column('pull_count').execute();

  await db.schema.createIndex('artifacts_repository_type').on('artifacts').columns(['repository_id', 'type']).execute();
  await db.schema.createIndex('artifacts_repository_media_type').on('artifacts').columns(['repository_id', 'media_type']).execute();
  await db.schema.dropIndex('artifacts_repository_pull_time').execute();
  await db.schema
    .createIndex('artifacts_repository_pull_time')
    .on('artifacts')
    .expression(sql`repository_id, ${pullTime}`)
    .execute();

  // An artifact's tags, in each order the tag list offers; the first also serves lookups by artifact.
  await db.schema.dropIndex('tags_artifact').execute();
  await db.schema.createIndex('tags_artifact_push_time').on('tags').columns(['artifact_id', 'push_time']).execute();
  await db.schema.createIndex('tags_artifact_name').on('tags').columns(['artifact_id', 'name']).execute();
  await db.schema.createIndex('tags_artifact_pull_time').on('tags').expression(sql`artifact_id, ${pullTime}`).execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const index of [
    'tags_artifact_pull_time',
    'tags_artifact_name',
    'tags_artifact_push_time',
    'artifacts_repository_pull_time',
    'artifacts_repository_media_type',
    'artifacts_repository_type',
    'repositories_pull_count',
    'repositories_update_time',
    'repositories_creation_time',
    'repositories_project_pull_count',
    'repositories_project_creation_time',
  ]) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema.createIndex('tags_artifact').on('tags').column('artifact_id').execute();
  await db.schema.createIndex('artifacts_repository_pull_time').on('artifacts').columns(['repository_id', 'pull_time']).execute();
}
