/**
 * Each blob link (artifact_blobs) and layer chain (artifact_layer_chains) carries its artifact's
 * project_id and push_time, so the layer insight lists (a blob's users, an image's dependents and
 * their count) sort, filter on visibility, page and count over the links' index alone. Before,
 * each of a shared base layer's 5,000 users was a lookup of its artifact's row only to read these
 * two columns: 17-20 of the 30 ms of a list on PostgreSQL.
 *
 * Kept by triggers in the same transaction as the change, whichever path makes it (push, copy,
 * replication, a re-push that moves push_time): a link or chain inserted without its owner gets
 * the artifact's; a change of an artifact's push_time or project_id is copied onto its rows. An
 * insert that already says the owner keeps it: the benchmark seeds and `berth migrate move`
 * write the values the triggers would have.
 *
 * On PostgreSQL push_time compares byte by byte (collate "C"), as SQLite compares all text: the
 * same order for the fixed-format ISO times Berth writes, and the dependents' sort of thousands of
 * index entries costs half what the locale's collation did (2.6 ms, not 6, for 5,000).
 *
 * The indexes replace 0028's under the same names, with the new columns: a blob's users in push
 * order (and a lookup by blob_id alone, for GC and the blob checks, served as before); the chains
 * by (chain, depth, layers) as before, covering the sort and the visibility filter.
 */
import { sql } from 'kysely';
import { isPostgres, type AnyDb } from './support.js';

const TABLES = [
  { table: 'artifact_blobs', key: 'blob_id' },
  { table: 'artifact_layer_chains', key: 'depth' },
] as const;

/** SQLite: an AFTER row trigger cannot set NEW, so it writes the inserted row again. */
const SQLITE = [
  ...TABLES.map(
    ({ table, key }) => `CREATE TRIGGER ${table}_owner AFTER INSERT ON ${table} WHEN NEW.project_id IS NULL OR NEW.push_time IS NULL BEGIN
  UPDATE ${table} SET (project_id, push_time) = (SELECT project_id, push_time FROM artifacts WHERE artifact_id = NEW.artifact_id)
    WHERE artifact_id = NEW.artifact_id AND ${key} = NEW.${key};
END`,
  ),
  `CREATE TRIGGER artifact_link_owners_moved AFTER UPDATE OF project_id, push_time ON artifacts
  WHEN NEW.push_time IS NOT OLD.push_time OR NEW.project_id IS NOT OLD.project_id BEGIN
  ${TABLES.map(({ table }) => `UPDATE ${table} SET project_id = NEW.project_id, push_time = NEW.push_time WHERE artifact_id = NEW.artifact_id;`).join('\n  ')}
END`,
];

/**
 * PostgreSQL: a BEFORE row trigger sets the new row's owner (one index probe of artifacts per
 * link, as the foreign key's check already makes); the columns are NOT NULL, so a bulk load with
 * triggers off that forgets them fails instead of hiding its links from the lists.
 */
const POSTGRES = [
  `CREATE FUNCTION berth_link_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.project_id IS NULL OR NEW.push_time IS NULL THEN
    SELECT a.project_id, a.push_time INTO NEW.project_id, NEW.push_time FROM artifacts a WHERE a.artifact_id = NEW.artifact_id;
  END IF;
  RETURN NEW;
END $$`,
  `CREATE FUNCTION berth_link_owners_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  ${TABLES.map(({ table }) => `UPDATE ${table} SET project_id = NEW.project_id, push_time = NEW.push_time WHERE artifact_id = NEW.artifact_id;`).join('\n  ')}
  RETURN NULL;
END $$`,
  ...TABLES.map(({ table }) => `CREATE TRIGGER ${table}_owner BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION berth_link_owner()`),
  `CREATE TRIGGER artifact_link_owners_moved AFTER UPDATE OF project_id, push_time ON artifacts FOR EACH ROW
  WHEN (NEW.push_time IS DISTINCT FROM OLD.push_time OR NEW.project_id IS DISTINCT FROM OLD.project_id)
  EXECUTE FUNCTION berth_link_owners_moved()`,
];

export async function up(db: AnyDb): Promise<void> {
  const postgres = isPostgres(db);
  for (const { table } of TABLES) {
    await db.schema.alterTable(table).addColumn('project_id', 'integer').execute();
    await db.schema
      .alterTable(table)
      .addColumn('push_time', 'varchar(32)', (c) => (postgres ? c.modifyEnd(sql`collate "C"`) : c))
      .execute();
    await sql
      .raw(`UPDATE ${table} SET project_id = a.project_id, push_time = a.push_time FROM artifacts a WHERE a.artifact_id = ${table}.artifact_id`)
      .execute(db);
    if (postgres) await sql.raw(`ALTER TABLE ${table} ALTER COLUMN project_id SET NOT NULL, ALTER COLUMN push_time SET NOT NULL`).execute(db);
  }
  await db.schema.dropIndex('artifact_blobs_blob').execute();
  await db.schema.createIndex('artifact_blobs_blob').on('artifact_blobs').columns(['blob_id', 'push_time', 'artifact_id', 'project_id']).execute();
  await db.schema.dropIndex('artifact_layer_chains_chain').execute();
  await db.schema
    .createIndex('artifact_layer_chains_chain')
    .on('artifact_layer_chains')
    .columns(['chain', 'depth', 'layers', 'push_time', 'artifact_id', 'project_id'])
    .execute();
  for (const statement of postgres ? POSTGRES : SQLITE) await sql.raw(statement).execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  const postgres = isPostgres(db);
  const triggers: [string, string][] = [...TABLES.map(({ table }): [string, string] => [`${table}_owner`, table]), ['artifact_link_owners_moved', 'artifacts']];
  for (const [trigger, table] of triggers) await sql.raw(postgres ? `DROP TRIGGER ${trigger} ON ${table}` : `DROP TRIGGER ${trigger}`).execute(db);
  if (postgres) for (const fn of ['berth_link_owner', 'berth_link_owners_moved']) await sql.raw(`DROP FUNCTION ${fn}`).execute(db);
  await db.schema.dropIndex('artifact_layer_chains_chain').execute();
  await db.schema.createIndex('artifact_layer_chains_chain').on('artifact_layer_chains').columns(['chain', 'depth', 'layers', 'artifact_id']).execute();
  await db.schema.dropIndex('artifact_blobs_blob').execute();
  await db.schema.createIndex('artifact_blobs_blob').on('artifact_blobs').columns(['blob_id', 'artifact_id']).execute();
  for (const { table } of TABLES) {
    await db.schema.alterTable(table).dropColumn('push_time').execute();
    await db.schema.alterTable(table).dropColumn('project_id').execute();
  }
}
