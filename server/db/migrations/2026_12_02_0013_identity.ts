/**
 * Identity: user groups (Harbor's user_group: 1 LDAP, 2 HTTP, 3 OIDC), project members by group
 * (project_members rows with entity_type 'g' already fit), the groups a session's user held when
 * signing in (JSON array of group ids: the directory or the token is asked once per sign-in),
 * whether that sign-in made them a system admin through the directory's or the provider's admin
 * group (Harbor's admin_role_in_auth: the user row's sysadmin_flag is left alone),
 * and OpenID Connect users (Harbor's oidc_user: subject+issuer, the CLI secret and the token,
 * both sealed with the secret key, and the group ids from the last sign-in).
 */
import { sql } from 'kysely';
import { notNull, withId, type AnyDb } from './support.js';

export async function up(db: AnyDb): Promise<void> {
  await withId(db, db.schema.createTable('user_groups'), 'id')
    .addColumn('group_name', 'varchar(255)', notNull)
    .addColumn('group_type', 'integer', notNull)
    .addColumn('ldap_group_dn', 'varchar(512)', (c) => c.notNull().defaultTo(''))
    .addColumn('creation_time', 'varchar(32)', notNull)
    .addColumn('update_time', 'varchar(32)', notNull)
    .execute();
  await db.schema.createIndex('user_groups_type_name').on('user_groups').columns(['group_type', 'group_name']).execute();
  await db.schema.createIndex('user_groups_dn').on('user_groups').columns(['ldap_group_dn']).execute();

  await db.schema
    .alterTable('sessions')
    .addColumn('group_ids', 'text', (c) => c.notNull().defaultTo(sql`'[]'`))
    .execute();
  await db.schema
    .alterTable('sessions')
    .addColumn('admin_in_auth', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('oidc_users')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.user_id').onDelete('cascade'))
    .addColumn('subiss', 'varchar(1024)', (c) => c.notNull().unique())
    .addColumn('secret', 'text', notNull)
    .addColumn('token', 'text')
    .addColumn('group_ids', 'text', (c) => c.notNull().defaultTo(sql`'[]'`))
    .addColumn('creation_time', 'varchar(32)', notNull)
    .addColumn('update_time', 'varchar(32)', notNull)
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('oidc_users').execute();
  await db.schema.alterTable('sessions').dropColumn('admin_in_auth').execute();
  await db.schema.alterTable('sessions').dropColumn('group_ids').execute();
  await db.deleteFrom('project_members').where('entity_type', '=', 'g').execute();
  await db.schema.dropIndex('user_groups_dn').execute();
  await db.schema.dropIndex('user_groups_type_name').execute();
  await db.schema.dropTable('user_groups').execute();
}
