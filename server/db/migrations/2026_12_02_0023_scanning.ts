/**
 * Vulnerability scanning through Harbor's pluggable scanner API: scanner registrations (Harbor's
 * scanner_registration; access_credential sealed by the secret key), the scanner a project chose
 * (Harbor keeps it in project metadata; a table here so a deleted registration takes its choices
 * with it), and scan reports (Harbor's scan_report), one per artifact digest, registration and
 * report MIME type. A report row holds its overview columns (status, severity, counts, times)
 * beside the full report text, so artifact lists read the overview without parsing any report.
 */
import { sql } from 'kysely';
import { notNull, withId, type AnyDb } from './support.js';

export async function up(db: AnyDb): Promise<void> {
  await withId(db, db.schema.createTable('scanners'), 'id')
    .addColumn('uuid', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(256)', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(sql`''`))
    .addColumn('url', 'varchar(2048)', notNull)
    .addColumn('auth', 'varchar(32)', (c) => c.notNull().defaultTo(sql`''`))
    /** Sealed, or '' for none. */
    .addColumn('access_credential', 'text', (c) => c.notNull().defaultTo(sql`''`))
    .addColumn('skip_cert_verify', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('use_internal_addr', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('creation_time', 'varchar(32)', notNull)
    .addColumn('update_time', 'varchar(32)', notNull)
    .execute();
  await db.schema
    .createTable('project_scanners')
    .addColumn('project_id', 'integer', (c) => c.primaryKey().references('projects.project_id').onDelete('cascade'))
    .addColumn('scanner_id', 'integer', (c) => c.notNull().references('scanners.id').onDelete('cascade'))
    .execute();
  await withId(db, db.schema.createTable('scan_reports'), 'id')
    /** Harbor's report_id. */
    .addColumn('uuid', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('digest', 'varchar(255)', notNull)
    .addColumn('scanner_id', 'integer', (c) => c.notNull().references('scanners.id').onDelete('cascade'))
    .addColumn('mime_type', 'varchar(255)', notNull)
    /** Pending, Running, Success, Error, Stopped. */
    .addColumn('status', 'varchar(16)', notNull)
    /** The highest severity found ('' until a report is in; 'None' when it lists none). */
    .addColumn('severity', 'varchar(16)', (c) => c.notNull().defaultTo(sql`''`))
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fixable', 'integer', (c) => c.notNull().defaultTo(0))
    /** JSON object: severity -> count. */
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(sql`'{}'`))
    /** JSON {name, vendor, version} of the scanner, from its metadata when the scan started. */
    .addColumn('scanner_info', 'text', (c) => c.notNull().defaultTo(sql`'{}'`))
    /** The adapter's scan request id, so a scan resumed after a restart polls instead of asking again. */
    .addColumn('scan_request_id', 'varchar(255)')
    .addColumn('execution_id', 'integer')
    .addColumn('task_id', 'integer')
    .addColumn('report', 'text')
    .addColumn('start_time', 'varchar(32)', notNull)
    .addColumn('end_time', 'varchar(32)')
    .addUniqueConstraint('scan_reports_digest_scanner_mime', ['digest', 'scanner_id', 'mime_type'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('scan_reports').execute();
  await db.schema.dropTable('project_scanners').execute();
  await db.schema.dropTable('scanners').execute();
}
