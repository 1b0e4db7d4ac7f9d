/**
 * SQLite: how many audit rows each project holds, kept by row triggers, as migration 0027 keeps
 * them on PostgreSQL, for the audit lists' exact X-Total-Count without counting the rows.
 *
 * Counting a project's 200,000 rows took 35 ms of the event loop on every page of its log (the
 * page itself: 0.25 ms), enough to hold every registry request behind it. SQLite has one writer
 * at a time, so the counter row is updated in place: none of PostgreSQL's deltas are needed.
 *
 * Same table as on PostgreSQL: audit_log_counts, one row per project (project_id 0: rows of no
 * project). `berth migrate move` copies it and then recounts, as it does after every move.
 */
import { sql } from 'kysely';
import { isPostgres, type AnyDb } from './support.js';

const add = (project: string) =>
  `INSERT INTO audit_log_counts (project_id, entries) VALUES (coalesce(${project}, 0), 1)
    ON CONFLICT (project_id) DO UPDATE SET entries = entries + 1;`;
const remove = (project: string) => `UPDATE audit_log_counts SET entries = entries - 1 WHERE project_id = coalesce(${project}, 0);`;

const TRIGGERS = [
  `CREATE TRIGGER audit_rows_added AFTER INSERT ON audit_logs BEGIN ${add('NEW.project_id')} END`,
  `CREATE TRIGGER audit_rows_removed AFTER DELETE ON audit_logs BEGIN ${remove('OLD.project_id')} END`,
  // Berth never moves an audit row to another project; counted all the same, should anything.
  `CREATE TRIGGER audit_rows_moved AFTER UPDATE OF project_id ON audit_logs
  WHEN coalesce(OLD.project_id, 0) <> coalesce(NEW.project_id, 0) BEGIN
  ${remove('OLD.project_id')}
  ${add('NEW.project_id')}
END`,
];

export async function up(db: AnyDb): Promise<void> {
  if (isPostgres(db)) return;
  await db.schema
    .createTable('audit_log_counts')
    .addColumn('project_id', 'integer', (c) => c.primaryKey())
    .addColumn('entries', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  for (const statement of TRIGGERS) await sql.raw(statement).execute(db);
  await sql`INSERT INTO audit_log_counts (project_id, entries) SELECT coalesce(project_id, 0), count(*) FROM audit_logs GROUP BY 1`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  if (isPostgres(db)) return;
  for (const trigger of ['audit_rows_added', 'audit_rows_removed', 'audit_rows_moved']) await sql.raw(`DROP TRIGGER ${trigger}`).execute(db);
  await db.schema.dropTable('audit_log_counts').execute();
}
