/**
 * SBOMs generated from an image's layers.
 *
 * sbom_reports: one row per image artifact that has had an SBOM generated or asked for, with
 * Harbor's sbom_overview fields (status, report id, the SBOM accessory's digest, start and end).
 * sbom_packages: the packages that SBOM lists, one row each, so "which images contain package X"
 * is an indexed query instead of a read of every SBOM document. Both go with the artifact.
 */
import { notNull, withId, type AnyDb } from './support.js';

export async function up(db: AnyDb): Promise<void> {
  await withId(db, db.schema.createTable('sbom_reports'), 'id')
    .addColumn('artifact_id', 'integer', (c) => c.notNull().references('artifacts.artifact_id').onDelete('cascade'))
    .addColumn('report_id', 'varchar(64)', notNull)
    .addColumn('status', 'varchar(16)', notNull)
    .addColumn('sbom_digest', 'varchar(128)')
    .addColumn('error', 'text')
    .addColumn('package_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bytes_read', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('start_time', 'varchar(32)', notNull)
    .addColumn('end_time', 'varchar(32)')
    .execute();
  await db.schema.createIndex('sbom_reports_artifact').on('sbom_reports').columns(['artifact_id']).unique().execute();

  await withId(db, db.schema.createTable('sbom_packages'), 'id')
    .addColumn('artifact_id', 'integer', (c) => c.notNull().references('artifacts.artifact_id').onDelete('cascade'))
    .addColumn('name', 'varchar(255)', notNull)
    .addColumn('version', 'varchar(255)', notNull)
    .addColumn('type', 'varchar(16)', notNull)
    .addColumn('purl', 'text', notNull)
    .addColumn('license', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('sbom_packages_name').on('sbom_packages').columns(['name', 'artifact_id']).execute();
  await db.schema.createIndex('sbom_packages_artifact').on('sbom_packages').columns(['artifact_id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('sbom_packages').execute();
  await db.schema.dropTable('sbom_reports').execute();
}
