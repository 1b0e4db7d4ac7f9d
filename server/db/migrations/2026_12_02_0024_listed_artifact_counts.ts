/**
 * An index-only count of a repository's listed artifacts on PostgreSQL.
 *
 * Each repository in a list or a search carries how many artifacts its list holds (LISTED in
 * artifact-list.repository.ts), which reads every artifact's id and subject digest. SQLite reads
 * both from (repository_id, subject_digest), whose entries hold the rowid. PostgreSQL's entries
 * do not hold artifact_id, so it fetched each artifact row (manifests included) and, for a search
 * naming 100 repositories of one large project, preferred a sequential scan of the whole table:
 * 2.4 s at 200,000 artifacts against 0.1 s with this index, under the same load. It replaces
 * (repository_id, subject_digest), whose lookups it serves as well.
 */
import { isPostgres, type AnyDb } from './support.js';

export async function up(db: AnyDb): Promise<void> {
  if (!isPostgres(db)) return;
  await db.schema.createIndex('artifacts_repository_listed').on('artifacts').columns(['repository_id', 'subject_digest', 'artifact_id']).execute();
  await db.schema.dropIndex('artifacts_repository_subject').execute();
}

export async function down(db: AnyDb): Promise<void> {
  if (!isPostgres(db)) return;
  await db.schema.createIndex('artifacts_repository_subject').on('artifacts').columns(['repository_id', 'subject_digest']).execute();
  await db.schema.dropIndex('artifacts_repository_listed').execute();
}
