/**
 * Tag retention and immutable tag rules (Harbor's `retention_policy` and `immutable_tag_rule`).
 * A project has at most one retention policy (its id is also the project's `retention_id`
 * metadata, as Harbor keeps it); rules, trigger and selectors are JSON text in Harbor's shapes.
 * Deleting the project deletes both.
 */
import { sql } from 'kysely';
import { notNull, withId, type AnyDb } from './support.js';

export async function up(db: AnyDb): Promise<void> {
  await withId(db, db.schema.createTable('retention_policies'), 'id')
    .addColumn('project_id', 'integer', (c) => c.notNull().unique().references('projects.project_id').onDelete('cascade'))
    .addColumn('algorithm', 'varchar(32)', (c) => c.notNull().defaultTo(sql`'or'`))
    /** JSON array of Harbor's RetentionRule. */
    .addColumn('rules', 'text', (c) => c.notNull().defaultTo(sql`'[]'`))
    /** JSON of Harbor's RetentionRuleTrigger: {kind: 'Schedule', settings: {cron}}. */
    .addColumn('trigger', 'text', (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('creation_time', 'varchar(32)', notNull)
    .addColumn('update_time', 'varchar(32)', notNull)
    .execute();
  await withId(db, db.schema.createTable('immutable_rules'), 'id')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.project_id').onDelete('cascade'))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    /** JSON array of {kind, decoration, pattern, extras}. */
    .addColumn('tag_selectors', 'text', (c) => c.notNull().defaultTo(sql`'[]'`))
    /** JSON object {repository: [{kind, decoration, pattern}]}. */
    .addColumn('scope_selectors', 'text', (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('creation_time', 'varchar(32)', notNull)
    .addColumn('update_time', 'varchar(32)', notNull)
    .execute();
  await db.schema.createIndex('immutable_rules_project').on('immutable_rules').column('project_id').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('immutable_rules').execute();
  await db.schema.dropTable('retention_policies').execute();
}
