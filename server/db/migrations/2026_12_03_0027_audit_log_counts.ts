/**
 * PostgreSQL: how many audit rows each project holds, kept by triggers, for the audit lists'
 * exact X-Total-Count without counting the rows.
 *
 * An unfiltered audit list's total is every row of its scope: count(*) read 200,000 index
 * entries for each page (50 to 80 ms under load) where the page itself costs a few. SQLite counts
 * the same 200,000 in a few milliseconds and keeps count(*) (audit-counts.repository.ts).
 *
 * - audit_log_counts: one row per project (project_id 0: rows of no project).
 * - audit_log_count_deltas: changes appended by a statement-level trigger (one row per project a
 *   statement touched, not per audit row), folded into the counter row by whichever transaction
 *   next gets its lock without waiting (SKIP LOCKED), as migration 0020b does for storage: audit
 *   rows commit with the operation they record, so a lock held on a project's counter would make
 *   every push to the project wait for the one before. A reader adds the pending deltas.
 */
import { sql } from 'kysely';
import { isPostgres, withId, type AnyDb } from './support.js';

const FUNCTIONS = [
  // Parameters are prefixed: plain names would be ambiguous with the tables' columns.
  `CREATE FUNCTION berth_audit_count(p_project integer, p_rows bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_log_count_deltas (project_id, entries) VALUES (p_project, p_rows);
  -- A project's first row: made once, waiting only on a transaction making the same row.
  IF NOT EXISTS (SELECT 1 FROM audit_log_counts WHERE project_id = p_project) THEN
    INSERT INTO audit_log_counts (project_id, entries) VALUES (p_project, 0) ON CONFLICT DO NOTHING;
  END IF;
  PERFORM 1 FROM audit_log_counts WHERE project_id = p_project FOR NO KEY UPDATE SKIP LOCKED;
  IF NOT FOUND THEN RETURN; END IF;
  WITH gone AS (DELETE FROM audit_log_count_deltas WHERE project_id = p_project RETURNING entries)
  UPDATE audit_log_counts SET entries = entries + (SELECT coalesce(sum(entries), 0) FROM gone) WHERE project_id = p_project;
END $$`,
  // Projects in id order, so two statements meet on counter rows in one order.
  `CREATE FUNCTION berth_audit_rows_added() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  FOR r IN SELECT coalesce(project_id, 0) AS pid, count(*) AS n FROM added GROUP BY 1 ORDER BY 1 LOOP
    PERFORM berth_audit_count(r.pid, r.n);
  END LOOP;
  RETURN NULL;
END $$`,
  `CREATE FUNCTION berth_audit_rows_removed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  FOR r IN SELECT coalesce(project_id, 0) AS pid, count(*) AS n FROM removed GROUP BY 1 ORDER BY 1 LOOP
    PERFORM berth_audit_count(r.pid, -r.n);
  END LOOP;
  RETURN NULL;
END $$`,
  // Berth never updates an audit row; counted all the same, should anything move one.
  `CREATE FUNCTION berth_audit_rows_moved() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  FOR r IN SELECT pid, sum(n) AS n FROM (
      SELECT coalesce(project_id, 0) AS pid, count(*) AS n FROM added GROUP BY 1
      UNION ALL SELECT coalesce(project_id, 0), -count(*) FROM removed GROUP BY 1) moves
    GROUP BY pid HAVING sum(n) <> 0 ORDER BY pid LOOP
    PERFORM berth_audit_count(r.pid, r.n);
  END LOOP;
  RETURN NULL;
END $$`,
  `CREATE TRIGGER audit_rows_added AFTER INSERT ON audit_logs REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION berth_audit_rows_added()`,
  `CREATE TRIGGER audit_rows_removed AFTER DELETE ON audit_logs REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION berth_audit_rows_removed()`,
  `CREATE TRIGGER audit_rows_moved AFTER UPDATE ON audit_logs REFERENCING OLD TABLE AS removed NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION berth_audit_rows_moved()`,
];

export async function up(db: AnyDb): Promise<void> {
  if (!isPostgres(db)) return;
  await db.schema
    .createTable('audit_log_counts')
    .addColumn('project_id', 'integer', (c) => c.primaryKey())
    .addColumn('entries', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await withId(db, db.schema.createTable('audit_log_count_deltas'), 'id')
    .addColumn('project_id', 'integer', (c) => c.notNull())
    .addColumn('entries', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_count_deltas_project').on('audit_log_count_deltas').column('project_id').execute();
  for (const statement of FUNCTIONS) await sql.raw(statement).execute(db);
  for (const statement of RECOUNT_AUDIT_ROWS) await sql.raw(statement).execute(db);
}

/** Counts the counters afresh from the rows: here, and after `berth migrate move` copies them in with triggers off. */
export const RECOUNT_AUDIT_ROWS = [
  'DELETE FROM audit_log_count_deltas',
  'DELETE FROM audit_log_counts',
  'INSERT INTO audit_log_counts (project_id, entries) SELECT coalesce(project_id, 0), count(*) FROM audit_logs GROUP BY 1',
];

export async function down(db: AnyDb): Promise<void> {
  if (!isPostgres(db)) return;
  for (const trigger of ['audit_rows_added', 'audit_rows_removed', 'audit_rows_moved']) await sql.raw(`DROP TRIGGER ${trigger} ON audit_logs`).execute(db);
  for (const fn of ['berth_audit_rows_added', 'berth_audit_rows_removed', 'berth_audit_rows_moved', 'berth_audit_count']) await sql.raw(`DROP FUNCTION ${fn}`).execute(db);
  await db.schema.dropTable('audit_log_count_deltas').execute();
  await db.schema.dropTable('audit_log_counts').execute();
}
