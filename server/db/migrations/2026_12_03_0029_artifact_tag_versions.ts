/**
 * artifact_tag_versions: a number per artifact that every change to its tags raises, kept by
 * triggers in the same transaction as the change, whichever code path makes it (tag create,
 * delete, move by a push, pull counts and times, retention, replication, cascades). The artifact
 * lists keep the JSON text of an artifact's many inline tags in memory keyed by (artifact,
 * version) (core/artifacts/tags-json-cache.ts): any process on the database that reads a newer
 * version computes the text afresh, so no message between processes is needed.
 *
 * Its own table, not a column of artifacts: a tag change then locks only its artifact's version
 * row, after the tag's row, and nothing locks a version row first. A column would have locked
 * the artifact's row after the tag's, where the pull recorder locks the artifact's row before its
 * tags' (a push moving `latest` while `latest` is pulled would deadlock).
 *
 * No row: version 0. No foreign key: the bump inserts a row only for an artifact that exists
 * (a cascade from the artifact's deletion finds it gone), and the artifact's delete trigger
 * drops its row; ids are never reused (AUTOINCREMENT, serial), so a version never goes back.
 */
import { sql } from 'kysely';
import { isPostgres, type AnyDb } from './support.js';

/** SQLite: raises the version of artifact `id` (an expression), if the artifact exists (and `when` holds). */
const sqliteBump = (id: string, when = 'true') =>
  `INSERT INTO artifact_tag_versions (artifact_id, version) SELECT artifact_id, 1 FROM artifacts WHERE artifact_id = ${id} AND ${when}
    ON CONFLICT (artifact_id) DO UPDATE SET version = version + 1;`;

const SQLITE = [
  `CREATE TRIGGER tag_versions_added AFTER INSERT ON tags BEGIN ${sqliteBump('NEW.artifact_id')} END`,
  `CREATE TRIGGER tag_versions_removed AFTER DELETE ON tags BEGIN ${sqliteBump('OLD.artifact_id')} END`,
  // A tag moved to another artifact changes both artifacts' lists.
  `CREATE TRIGGER tag_versions_changed AFTER UPDATE ON tags BEGIN
  ${sqliteBump('NEW.artifact_id')}
  ${sqliteBump('OLD.artifact_id', 'OLD.artifact_id <> NEW.artifact_id')}
END`,
  `CREATE TRIGGER tag_versions_artifact_removed AFTER DELETE ON artifacts BEGIN
  DELETE FROM artifact_tag_versions WHERE artifact_id = OLD.artifact_id;
END`,
];

/**
 * PostgreSQL: statement triggers (a push of many tags, or a pull flush, raises each artifact
 * once), the artifacts in id order so two statements meet on version rows in one order.
 */
const POSTGRES = [
  `CREATE FUNCTION berth_tag_versions_bump(p_ids integer[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO artifact_tag_versions AS v (artifact_id, version)
    SELECT artifact_id, 1 FROM artifacts WHERE artifact_id = ANY (p_ids) ORDER BY artifact_id
    ON CONFLICT (artifact_id) DO UPDATE SET version = v.version + 1
$$`,
  `CREATE FUNCTION berth_tag_versions_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM berth_tag_versions_bump(array(SELECT DISTINCT artifact_id FROM added));
  RETURN NULL;
END $$`,
  `CREATE FUNCTION berth_tag_versions_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM berth_tag_versions_bump(array(SELECT DISTINCT artifact_id FROM removed));
  RETURN NULL;
END $$`,
  `CREATE FUNCTION berth_tag_versions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM berth_tag_versions_bump(array(SELECT artifact_id FROM added UNION SELECT artifact_id FROM removed));
  RETURN NULL;
END $$`,
  `CREATE FUNCTION berth_tag_versions_artifact_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM artifact_tag_versions WHERE artifact_id IN (SELECT artifact_id FROM removed);
  RETURN NULL;
END $$`,
  `CREATE TRIGGER tag_versions_added AFTER INSERT ON tags REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION berth_tag_versions_added()`,
  `CREATE TRIGGER tag_versions_removed AFTER DELETE ON tags REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION berth_tag_versions_removed()`,
  `CREATE TRIGGER tag_versions_changed AFTER UPDATE ON tags REFERENCING OLD TABLE AS removed NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION berth_tag_versions_changed()`,
  `CREATE TRIGGER tag_versions_artifact_removed AFTER DELETE ON artifacts REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION berth_tag_versions_artifact_removed()`,
];

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('artifact_tag_versions')
    .addColumn('artifact_id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  for (const statement of isPostgres(db) ? POSTGRES : SQLITE) await sql.raw(statement).execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  const triggers: [string, string][] = [
    ['tag_versions_added', 'tags'],
    ['tag_versions_removed', 'tags'],
    ['tag_versions_changed', 'tags'],
    ['tag_versions_artifact_removed', 'artifacts'],
  ];
  for (const [trigger, table] of triggers) await sql.raw(isPostgres(db) ? `DROP TRIGGER ${trigger} ON ${table}` : `DROP TRIGGER ${trigger}`).execute(db);
  if (isPostgres(db)) {
    for (const fn of ['berth_tag_versions_added', 'berth_tag_versions_removed', 'berth_tag_versions_changed', 'berth_tag_versions_artifact_removed']) {
      await sql.raw(`DROP FUNCTION ${fn}`).execute(db);
    }
    await sql.raw('DROP FUNCTION berth_tag_versions_bump').execute(db);
  }
  await db.schema.dropTable('artifact_tag_versions').execute();
}
