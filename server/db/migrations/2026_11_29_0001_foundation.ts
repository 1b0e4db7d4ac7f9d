/** Users, login sessions, projects, project members and runtime settings. */
import { sql } from 'kysely';
import { notNull, withId, type AnyDb } from './support.js';

export async function up(db: AnyDb): Promise<void> {
  await withId(db, db.schema.createTable('users'), 'user_id')
    .addColumn('username', 'varchar(255)', (c) => c.notNull().unique())
    .addColumn('email', 'varchar(255)', (c) => c.unique())
    .addColumn('realname', 'varchar(255)', (c) => c.notNull().defaultTo(''))
    .addColumn('comment', 'varchar(255)', (c) => c.notNull().defaultTo(''))
    .addColumn('password_hash', 'text')
    .addColumn('sysadmin_flag', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('auth_source', 'varchar(16)', (c) => c.notNull().defaultTo('db'))
    .addColumn('ldap_dn', 'text')
    .addColumn('password_changed_at', 'varchar(32)')
    .addColumn('creation_time', 'varchar(32)', notNull)
    .addColumn('update_time', 'varchar(32)', notNull)
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('session_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.user_id').onDelete('cascade'))
    .addColumn('csrf_token', 'varchar(64)', notNull)
    .addColumn('creation_time', 'varchar(32)', notNull)
    .addColumn('last_seen', 'varchar(32)', notNull)
    .addColumn('expires_at', 'varchar(32)', notNull)
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();

  await withId(db, db.schema.createTable('projects'), 'project_id')
    .addColumn('name', 'varchar(255)', (c) => c.notNull().unique())
    .addColumn('owner_id', 'integer', (c) => c.notNull().references('users.user_id'))
    .addColumn('public', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('metadata', 'text', (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('creation_time', 'varchar(32)', notNull)
    .addColumn('update_time', 'varchar(32)', notNull)
    .execute();
  await db.schema.createIndex('projects_public_name').on('projects').columns(['public', 'name']).execute();
  await db.schema.createIndex('projects_owner').on('projects').column('owner_id').execute();
  await db.schema.createIndex('projects_creation_time').on('projects').column('creation_time').execute();

  await withId(db, db.schema.createTable('project_members'), 'id')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.project_id').onDelete('cascade'))
    .addColumn('entity_id', 'integer', notNull)
    .addColumn('entity_type', 'varchar(1)', notNull)
    .addColumn('role', 'integer', notNull)
    .addColumn('creation_time', 'varchar(32)', notNull)
    .addColumn('update_time', 'varchar(32)', notNull)
    .addUniqueConstraint('project_members_unique', ['project_id', 'entity_type', 'entity_id'])
    .execute();
  await db.schema
    .createIndex('project_members_entity')
    .on('project_members')
    .columns(['entity_type', 'entity_id'])
    .execute();

  await db.schema
    .createTable('system_config')
    .addColumn('k', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('v', 'text', notNull)
    .addColumn('update_time', 'varchar(32)', notNull)
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['system_config', 'project_members', 'projects', 'sessions', 'users']) {
    await db.schema.dropTable(table).execute();
  }
}
