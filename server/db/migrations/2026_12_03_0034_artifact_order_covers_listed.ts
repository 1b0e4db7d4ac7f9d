/**
 * The artifact lists' order indexes carry subject_digest, the one column of the artifact that
 * LISTED (artifact-list.repository.ts) reads, so a list finds its page's ids in the index alone
 * and reads only the page's rows from the table. Page 300 of a repository of 5,000 artifacts on
 * SQLite read the 4,485 rows before it: 1.7 ms of the event loop, 0.4 with this index.
 * SQLite's entries end with the rowid, but artifact_id must come before subject_digest to keep
 * the lists' tie-breaker order; PostgreSQL's keep artifact_id from 0032 and include the column.
 */
import { sql } from 'kysely';
import { isPostgres, type AnyDb } from './support.js';

/** [index, its columns up to artifact_id] (SQLite puts NULL first already, and takes no NULLS in an index). */
const orders = (db: AnyDb): [string, string][] => [
  ['artifacts_repository_push_time', 'repository_id, push_time'],
  ['artifacts_repository_pull_time', `repository_id, pull_time${isPostgres(db) ? ' NULLS FIRST' : ''}`],
];

export async function up(db: AnyDb): Promise<void> {
  for (const [name, columns] of orders(db)) {
    await sql.raw(`DROP INDEX ${name}`).execute(db);
    const covering = isPostgres(db) ? `(${columns}, artifact_id) INCLUDE (subject_digest)` : `(${columns}, artifact_id, subject_digest)`;
    await sql.raw(`CREATE INDEX ${name} ON artifacts ${covering}`).execute(db);
  }
}

export async function down(db: AnyDb): Promise<void> {
  for (const [name, columns] of orders(db)) {
    await sql.raw(`DROP INDEX ${name}`).execute(db);
    await sql.raw(`CREATE INDEX ${name} ON artifacts (${columns}${isPostgres(db) ? ', artifact_id' : ''})`).execute(db);
  }
}
