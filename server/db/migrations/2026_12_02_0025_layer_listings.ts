/**
 * The file listings of image layers (tag-to-tag diffs): one row per layer digest, written the
 * first time a diff reads the layer and never changed after (a digest names fixed bytes). The
 * listing is gzipped JSON; `byte_size` is its stored size, so the cache can be kept under a
 * bound by dropping the least recently used rows. A listing outlives the layer's blob harmlessly:
 * it is only read for a layer some manifest still names.
 */
import { isPostgres, notNull, type AnyDb } from './support.js';

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('layer_listings')
    .addColumn('digest', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('entry_count', 'integer', notNull)
    .addColumn('byte_size', 'integer', notNull)
    .addColumn('listing', isPostgres(db) ? 'bytea' : 'blob', notNull)
    .addColumn('creation_time', 'varchar(32)', notNull)
    .addColumn('last_used', 'varchar(32)', notNull)
    .execute();
  await db.schema.createIndex('layer_listings_last_used').on('layer_listings').column('last_used').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('layer_listings').execute();
}
