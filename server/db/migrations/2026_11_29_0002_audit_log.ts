/** The audit log (Harbor's audit_log_ext shape). */
import { notNull, withId, type AnyDb } from './support.js';

export async function up(db: AnyDb): Promise<void> {
  await withId(db, db.schema.createTable('audit_logs'), 'id')
    .addColumn('project_id', 'integer')
    .addColumn('operation', 'varchar(32)', notNull)
    .addColumn('operation_description', 'text', notNull)
    .addColumn('operation_result', 'integer', notNull)
    .addColumn('resource_type', 'varchar(32)', notNull)
    .addColumn('resource', 'varchar(1024)', notNull)
    .addColumn('username', 'varchar(255)', notNull)
    .addColumn('client_ip', 'varchar(64)')
    .addColumn('op_time', 'varchar(32)', notNull)
    .execute();
  await db.schema.createIndex('audit_logs_op_time').on('audit_logs').columns(['op_time', 'id']).execute();
  await db.schema.createIndex('audit_logs_project_time').on('audit_logs').columns(['project_id', 'op_time']).execute();
  await db.schema.createIndex('audit_logs_username_time').on('audit_logs').columns(['username', 'op_time']).execute();
  await db.schema.createIndex('audit_logs_operation_time').on('audit_logs').columns(['operation', 'op_time']).execute();
  await db.schema.createIndex('audit_logs_type_time').on('audit_logs').columns(['resource_type', 'op_time']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('audit_logs').execute();
}
