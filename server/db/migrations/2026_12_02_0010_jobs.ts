/**
 * The job service (Harbor's execution/task model): executions (one run of a policy or a system
 * job), their tasks (one unit of work each, claimed by one process at a time), cron schedules
 * that create executions, the paused state of job queues, and the Berth processes running
 * workers (Harbor's worker pools), each with a heartbeat. Times are ISO-8601 UTC text.
 */
import { sql, type ColumnDefinitionBuilder } from 'kysely';
import { notNull, withId, type AnyDb } from './support.js';

/** A JSON object as text. */
const json = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(sql`'{}'`);

export async function up(db: AnyDb): Promise<void> {
  await withId(db, db.schema.createTable('executions'), 'id')
    .addColumn('vendor_type', 'varchar(64)', notNull)
    .addColumn('vendor_id', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'varchar(16)', notNull)
    .addColumn('status_message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('trigger', 'varchar(16)', notNull)
    .addColumn('extra_attrs', 'text', json)
    // 1 once every task was added (sealExecution): only then can the execution end.
    .addColumn('sealed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('stop_requested', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('start_time', 'varchar(32)', notNull)
    .addColumn('end_time', 'varchar(32)')
    .addColumn('update_time', 'varchar(32)', notNull)
    .execute();
  await db.schema.createIndex('executions_vendor').on('executions').columns(['vendor_type', 'vendor_id', 'start_time']).execute();

  await withId(db, db.schema.createTable('tasks'), 'id')
    .addColumn('execution_id', 'integer', (c) => c.notNull().references('executions.id').onDelete('cascade'))
    .addColumn('job_type', 'varchar(64)', notNull)
    .addColumn('status', 'varchar(16)', notNull)
    .addColumn('status_message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('run_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('params', 'text', json)
    .addColumn('extra_attrs', 'text', json)
    .addColumn('stop_requested', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('owner', 'varchar(64)')
    .addColumn('heartbeat_at', 'varchar(32)')
    .addColumn('next_attempt_at', 'varchar(32)', notNull)
    .addColumn('creation_time', 'varchar(32)', notNull)
    .addColumn('start_time', 'varchar(32)')
    .addColumn('end_time', 'varchar(32)')
    .addColumn('update_time', 'varchar(32)', notNull)
    .execute();
  await db.schema.createIndex('tasks_execution').on('tasks').columns(['execution_id', 'status']).execute();
  await db.schema.createIndex('tasks_claim').on('tasks').columns(['status', 'next_attempt_at', 'id']).execute();
  await db.schema.createIndex('tasks_owner').on('tasks').columns(['owner', 'status']).execute();

  await withId(db, db.schema.createTable('schedules'), 'id')
    .addColumn('vendor_type', 'varchar(64)', notNull)
    .addColumn('vendor_id', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cron', 'varchar(128)', notNull)
    .addColumn('params', 'text', json)
    .addColumn('next_fire_at', 'varchar(32)', notNull)
    .addColumn('creation_time', 'varchar(32)', notNull)
    .addColumn('update_time', 'varchar(32)', notNull)
    .addUniqueConstraint('schedules_vendor', ['vendor_type', 'vendor_id'])
    .execute();

  await db.schema
    .createTable('job_queues')
    .addColumn('job_type', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('update_time', 'varchar(32)', notNull)
    .execute();

  await db.schema
    .createTable('job_processes')
    .addColumn('identity', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('host', 'varchar(255)', notNull)
    .addColumn('pid', 'integer', notNull)
    .addColumn('concurrency', 'integer', notNull)
    .addColumn('start_time', 'varchar(32)', notNull)
    .addColumn('heartbeat_at', 'varchar(32)', notNull)
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('job_processes').execute();
  await db.schema.dropTable('job_queues').execute();
  await db.schema.dropTable('schedules').execute();
  await db.schema.dropTable('tasks').execute();
  await db.schema.dropTable('executions').execute();
}
