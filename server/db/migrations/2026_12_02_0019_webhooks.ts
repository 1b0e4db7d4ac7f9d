/**
 * Webhook policies (Harbor's notification_policy): per project, a name unique in the project,
 * the targets (JSON array; each target's auth_header sealed by the secret key, never in clear)
 * and the event types (JSON array). Deliveries are executions and tasks of the job service.
 * Also an index on tasks.end_time for the metrics' task durations.
 */
import { sql } from 'kysely';
import { notNull, withId, type AnyDb } from './support.js';

export async function up(db: AnyDb): Promise<void> {
  await withId(db, db.schema.createTable('webhook_policies'), 'id')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.project_id').onDelete('cascade'))
    .addColumn('name', 'varchar(256)', notNull)
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(sql`''`))
    .addColumn('targets', 'text', notNull)
    .addColumn('event_types', 'text', notNull)
    .addColumn('creator', 'varchar(255)', (c) => c.notNull().defaultTo(sql`''`))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('creation_time', 'varchar(32)', notNull)
    .addColumn('update_time', 'varchar(32)', notNull)
    .addUniqueConstraint('webhook_policies_project_name', ['project_id', 'name'])
    .execute();
  // /metrics reads the tasks that ended since its last look (their run times), by this index.
  await db.schema.createIndex('tasks_end_time').on('tasks').columns(['end_time']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('tasks_end_time').execute();
  await db.schema.dropTable('webhook_policies').execute();
}
