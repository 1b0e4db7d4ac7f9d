/** Data access for the layer listings cache (table layer_listings). */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isoNow } from '../../lib/time.js';

type Db = Kysely<Database>;

/** The stored (gzipped) listings of those of `digests` the cache holds. */
export async function findListings(db: Db, digests: string[]): Promise<Map<string, Buffer>> {
  if (digests.length === 0) return new Map();
  const rows = await db.selectFrom('layer_listings').select(['digest', 'listing']).where('digest', 'in', digests).execute();
  return new Map(rows.map((r) => [r.digest, Buffer.from(r.listing)]));
}

/** Marks the listings used now, so the bound drops others first. */
export async function touchListings(db: Db, digests: string[]): Promise<void> {
  if (digests.length === 0) return;
  await db.updateTable('layer_listings').set({ last_used: isoNow() }).where('digest', 'in', digests).execute();
}

/** Stores a listing; another process storing the same digest first is fine (the same bytes). */
export async function insertListing(db: Db, digest: string, entryCount: number, listing: Buffer): Promise<void> {
  const now = isoNow();
  await db
    .insertInto('layer_listings')
    .values({ digest, entry_count: entryCount, byte_size: listing.length, listing, creation_time: now, last_used: now })
    .onConflict((oc) => oc.column('digest').doNothing())
    .execute();
}

/** How many listings the cache holds and their stored bytes. */
export async function listingTotals(db: Db): Promise<{ count: number; bytes: number }> {
  const row = await db
    .selectFrom('layer_listings')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.coalesce(eb.fn.sum<number>('byte_size'), eb.lit(0)).as('bytes')])
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), bytes: Number(row.bytes) };
}

/** Drops the least recently used listings until the rest fit in `maxBytes`. */
export async function trimListings(db: Db, maxBytes: number): Promise<number> {
  const { bytes } = await listingTotals(db);
  if (bytes <= maxBytes) return 0;
  let excess = bytes - maxBytes;
  const oldest = await db.selectFrom('layer_listings').select(['digest', 'byte_size']).orderBy('last_used').orderBy('digest').limit(1000).execute();
  const drop: string[] = [];
  for (const row of oldest) {
    if (excess <= 0) break;
    drop.push(row.digest);
    excess -= row.byte_size;
  }
  if (drop.length > 0) await db.deleteFrom('layer_listings').where('digest', 'in', drop).execute();
  return drop.length;
}
