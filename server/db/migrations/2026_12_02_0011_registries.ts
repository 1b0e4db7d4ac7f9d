/**
 * Registry endpoints for replication (Harbor's `registry` table): where another registry is,
 * its adapter type, and its credentials. access_secret is stored sealed by the secret key
 * (lib/secret-box.ts), never in clear. Names are unique, as Harbor's are.
 */
import { sql } from 'kysely';
import { notNull, withId, type AnyDb } from './support.js';

export async function up(db: AnyDb): Promise<void> {
  await withId(db, db.schema.createTable('registries'), 'id')
    .addColumn('name', 'varchar(255)', (c) => c.notNull().unique())
    .addColumn('url', 'varchar(2048)', notNull)
    .addColumn('type', 'varchar(64)', notNull)
    .addColumn('credential_type', 'varchar(16)', (c) => c.notNull().defaultTo(sql`'basic'`))
    .addColumn('access_key', 'varchar(255)', (c) => c.notNull().defaultTo(sql`''`))
    /** Sealed (enc:v1:...) or '' for none. */
    .addColumn('access_secret', 'text', (c) => c.notNull().defaultTo(sql`''`))
    .addColumn('insecure', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ca_certificate', 'text')
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(sql`''`))
    /** 'healthy' or 'unhealthy' from the last check; '' before any. */
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo(sql`''`))
    .addColumn('creation_time', 'varchar(32)', notNull)
    .addColumn('update_time', 'varchar(32)', notNull)
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('registries').execute();
}
