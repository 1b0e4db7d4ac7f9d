/**
 * Robot accounts (Harbor's `robot` and `role_permission` tables folded into one row): the name
 * without the configurable prefix (`<project>+<name>` for project robots, as Harbor stores it),
 * the level, the project of a project robot (its robots go with it), the secret as a slow salted
 * hash only, the expiry in epoch seconds (-1: never), and the permission list as Harbor's JSON
 * ([{kind, namespace, access:[{resource, action, effect}]}]), read whole on every check.
 */
import { sql } from 'kysely';
import { notNull, withId, type AnyDb } from './support.js';

export async function up(db: AnyDb): Promise<void> {
  await withId(db, db.schema.createTable('robots'), 'id')
    .addColumn('name', 'varchar(255)', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(sql`''`))
    .addColumn('level', 'varchar(16)', notNull)
    .addColumn('project_id', 'integer', (c) => c.references('projects.project_id').onDelete('cascade'))
    .addColumn('secret_hash', 'text', notNull)
    .addColumn('duration', 'integer', notNull)
    .addColumn('expires_at', 'bigint', notNull)
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('permissions', 'text', (c) => c.notNull().defaultTo(sql`'[]'`))
    .addColumn('creator_type', 'varchar(32)', notNull)
    .addColumn('creator_ref', 'integer', notNull)
    .addColumn('creation_time', 'varchar(32)', notNull)
    .addColumn('update_time', 'varchar(32)', notNull)
    .execute();
  await db.schema.createIndex('robots_project').on('robots').columns(['project_id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('robots_project').execute();
  await db.schema.dropTable('robots').execute();
}
