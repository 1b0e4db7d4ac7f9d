/**
 * Replication rules (Harbor's `replication_policy` table). One of src_registry_id and
 * dest_registry_id is null: that side is this Berth (push-based when the source is local,
 * pull-based when the destination is). Filters and the trigger are JSON text as Harbor keeps
 * them; dest_namespace_replace_count follows Harbor: -1 flattens all (legacy), 0 keeps the
 * path, N strips N leading levels. No foreign key to `registries`: deleting a registry a rule
 * uses is refused by the registries service, and the rule table must not depend on its order.
 */
import { sql } from 'kysely';
import { notNull, withId, type AnyDb } from './support.js';

export async function up(db: AnyDb): Promise<void> {
  await withId(db, db.schema.createTable('replication_policies'), 'id')
    .addColumn('name', 'varchar(255)', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(sql`''`))
    .addColumn('creator', 'varchar(255)', (c) => c.notNull().defaultTo(sql`''`))
    .addColumn('src_registry_id', 'integer')
    .addColumn('dest_registry_id', 'integer')
    .addColumn('dest_namespace', 'varchar(255)', (c) => c.notNull().defaultTo(sql`''`))
    .addColumn('dest_namespace_replace_count', 'integer', (c) => c.notNull().defaultTo(-1))
    /** 'manual', 'scheduled' or 'event_based'. */
    .addColumn('trigger_type', 'varchar(32)', (c) => c.notNull().defaultTo(sql`'manual'`))
    .addColumn('trigger_cron', 'varchar(255)', (c) => c.notNull().defaultTo(sql`''`))
    /** JSON array of {type, value, decoration}. */
    .addColumn('filters', 'text', (c) => c.notNull().defaultTo(sql`'[]'`))
    .addColumn('replicate_deletion', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('override', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    /** KB/s per task; 0 unlimited. */
    .addColumn('speed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('copy_by_chunk', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('single_active_replication', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('creation_time', 'varchar(32)', notNull)
    .addColumn('update_time', 'varchar(32)', notNull)
    .execute();
  await db.schema.createIndex('replication_policies_src').on('replication_policies').column('src_registry_id').execute();
  await db.schema.createIndex('replication_policies_dest').on('replication_policies').column('dest_registry_id').execute();
  // The one execution a rule may have waiting while another runs: triggers that arrive meanwhile
  // fold into it (events appended), and whichever process sees the running one end claims it by
  // deleting the row.
  await db.schema
    .createTable('replication_queue')
    .addColumn('policy_id', 'integer', (c) => c.primaryKey())
    .addColumn('execution_id', 'integer', notNull)
    /** 1: plan the whole rule (a manual or scheduled trigger folded in); 0: only the events. */
    .addColumn('full_run', 'integer', (c) => c.notNull().defaultTo(0))
    /** JSON array of {kind, repository, digest, tag}. */
    .addColumn('events', 'text', (c) => c.notNull().defaultTo(sql`'[]'`))
    .addColumn('creation_time', 'varchar(32)', notNull)
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('replication_queue').execute();
  await db.schema.dropTable('replication_policies').execute();
}
