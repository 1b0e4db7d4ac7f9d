/**
 * Dedup-aware storage figures, maintained as data changes (migration 0020b adds the triggers
 * that keep them), so a project's or repository's total, unique and shared bytes read one row.
 *
 * - storage_blob_refs: per scope ('p' project, 'r' repository) and blob, how many of the
 *   scope's artifacts name the blob; a row exists only while that count is above zero.
 * - blob_usage: per blob, how many artifacts, repositories and projects name it (a blob is
 *   unique to a scope while exactly one scope of its kind names it).
 * - storage_counters: per scope ('p', 'r', and 's' with id 0 for the whole system): artifact
 *   count, manifest bytes, bytes of the distinct blobs named, of those only this scope names,
 *   logical blob bytes (as if every artifact stored its own blobs), and, for 's', the bytes of
 *   every blob in the store (unreferenced ones too, as Harbor's total counts them).
 * - storage_counter_deltas: PostgreSQL only; changes appended without taking the counter row's
 *   lock (concurrent pushes would otherwise queue, or deadlock, on a project's one row), folded
 *   into storage_counters by whichever transaction next gets the row's lock without waiting.
 *   A reader adds a scope's pending deltas to its row.
 *
 * Existing data is counted here once (backfill), on either dialect.
 */
import { sql } from 'kysely';
import { withId, type AnyDb } from './support.js';

const FIGURES = ['artifact_count', 'manifest_bytes', 'blob_bytes', 'unique_blob_bytes', 'logical_blob_bytes', 'stored_blob_bytes'] as const;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('storage_blob_refs')
    .addColumn('scope', 'char(1)', (c) => c.notNull())
    .addColumn('scope_id', 'integer', (c) => c.notNull())
    .addColumn('blob_id', 'integer', (c) => c.notNull())
    .addColumn('refs', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('storage_blob_refs_pk', ['scope', 'scope_id', 'blob_id'])
    .execute();
  // "Which other scope names this blob" when it becomes, or stops being, shared.
  await db.schema.createIndex('storage_blob_refs_blob').on('storage_blob_refs').columns(['blob_id', 'scope']).execute();

  await db.schema
    .createTable('blob_usage')
    .addColumn('blob_id', 'integer', (c) => c.primaryKey())
    .addColumn('artifact_refs', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('repository_refs', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('project_refs', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  let counters = db.schema
    .createTable('storage_counters')
    .addColumn('scope', 'char(1)', (c) => c.notNull())
    .addColumn('scope_id', 'integer', (c) => c.notNull());
  for (const figure of FIGURES) counters = counters.addColumn(figure, 'bigint', (c) => c.notNull().defaultTo(0));
  await counters.addPrimaryKeyConstraint('storage_counters_pk', ['scope', 'scope_id']).execute();

  let deltas = withId(db, db.schema.createTable('storage_counter_deltas'), 'id')
    .addColumn('scope', 'char(1)', (c) => c.notNull())
    .addColumn('scope_id', 'integer', (c) => c.notNull());
  for (const figure of FIGURES) deltas = deltas.addColumn(figure, 'bigint', (c) => c.notNull().defaultTo(0));
  await deltas.execute();
  await db.schema.createIndex('storage_counter_deltas_scope').on('storage_counter_deltas').columns(['scope', 'scope_id']).execute();

  await backfill(db);
}

/** Counts every figure from the rows (also the API bench's PostgreSQL seeding, written with triggers off). */
export async function backfill(db: AnyDb): Promise<void> {
  await sql`insert into blob_usage (blob_id, artifact_refs, repository_refs, project_refs)
    select ab.blob_id, count(*), count(distinct a.repository_id), count(distinct a.project_id)
    from artifact_blobs ab join artifacts a on a.artifact_id = ab.artifact_id
    group by ab.blob_id`.execute(db);
  for (const [scope, column] of [
    ['p', 'project_id'],
    ['r', 'repository_id'],
  ] as const) {
    const owner = sql.ref(`a.${column}`);
    await sql`insert into storage_blob_refs (scope, scope_id, blob_id, refs)
      select ${scope}, ${owner}, ab.blob_id, count(*)
      from artifact_blobs ab join artifacts a on a.artifact_id = ab.artifact_id
      group by ${owner}, ab.blob_id`.execute(db);
  }
  await sql`insert into storage_counters (scope, scope_id) select 'p', project_id from projects`.execute(db);
  await sql`insert into storage_counters (scope, scope_id) select 'r', repository_id from repositories`.execute(db);
  await sql`insert into storage_counters (scope, scope_id) values ('s', 0)`.execute(db);
  for (const [scope, column, refs] of [
    ['p', 'project_id', 'project_refs'],
    ['r', 'repository_id', 'repository_refs'],
  ] as const) {
    const owner = sql.ref(`a.${column}`);
    const named = sql`from storage_blob_refs s join blobs b on b.blob_id = s.blob_id
      where s.scope = ${scope} and s.scope_id = storage_counters.scope_id`;
    await sql`update storage_counters set
      artifact_count = (select count(*) from artifacts a where ${owner} = storage_counters.scope_id),
      manifest_bytes = (select coalesce(sum(a.manifest_size), 0) from artifacts a where ${owner} = storage_counters.scope_id),
      blob_bytes = (select coalesce(sum(b.size), 0) ${named}),
      unique_blob_bytes = (select coalesce(sum(b.size), 0) ${named}
        and exists (select 1 from blob_usage u where u.blob_id = s.blob_id and ${sql.ref(`u.${refs}`)} = 1)),
      logical_blob_bytes = (select coalesce(sum(b.size * s.refs), 0) ${named})
      where scope = ${scope}`.execute(db);
  }
  await sql`update storage_counters set
    artifact_count = (select count(*) from artifacts),
    manifest_bytes = (select coalesce(sum(manifest_size), 0) from artifacts),
    blob_bytes = (select coalesce(sum(b.size), 0) from blob_usage u join blobs b on b.blob_id = u.blob_id),
    logical_blob_bytes = (select coalesce(sum(b.size * u.artifact_refs), 0) from blob_usage u join blobs b on b.blob_id = u.blob_id),
    stored_blob_bytes = (select coalesce(sum(size), 0) from blobs)
    where scope = 's'`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('storage_counter_deltas').execute();
  await db.schema.dropTable('storage_counters').execute();
  await db.schema.dropTable('blob_usage').execute();
  await db.schema.dropTable('storage_blob_refs').execute();
}
