/**
 * What the REST API needs: the state of failed sign-ins (shared by every Berth process, so a
 * rate limit holds behind a load balancer), and indexes for the filters and sorts its lists offer.
 */
import { notNull, type AnyDb } from './support.js';

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('login_failures')
    // 'account' (a user id, or the principal when no such user exists) or 'address' (client IP).
    .addColumn('scope', 'varchar(16)', notNull)
    .addColumn('key', 'varchar(255)', notNull)
    .addColumn('failures', 'integer', notNull)
    .addColumn('window_start', 'varchar(32)', notNull)
    .addColumn('last_failure', 'varchar(32)', notNull)
    .addColumn('locked_until', 'varchar(32)')
    .addPrimaryKeyConstraint('login_failures_pk', ['scope', 'key'])
    .execute();
  await db.schema.createIndex('login_failures_last').on('login_failures').column('last_failure').execute();

  await db.schema.createIndex('users_creation_time').on('users').column('creation_time').execute();
  await db.schema.createIndex('projects_update_time').on('projects').column('update_time').execute();
  // A user's projects (visibility, roles on a page of projects) from the index alone; it
  // replaces the narrower (entity_type, entity_id) index of 0001.
  await db.schema.dropIndex('project_members_entity').execute();
  await db.schema
    .createIndex('project_members_entity_project')
    .on('project_members')
    .columns(['entity_type', 'entity_id', 'project_id', 'role'])
    .execute();
  await db.schema.createIndex('project_members_project_role').on('project_members').columns(['project_id', 'role']).execute();
  await db.schema.createIndex('audit_logs_resource_time').on('audit_logs').columns(['resource', 'op_time']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const index of [
    'audit_logs_resource_time',
    'project_members_project_role',
    'project_members_entity_project',
    'projects_update_time',
    'users_creation_time',
  ]) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema.createIndex('project_members_entity').on('project_members').columns(['entity_type', 'entity_id']).execute();
  await db.schema.dropTable('login_failures').execute();
}
