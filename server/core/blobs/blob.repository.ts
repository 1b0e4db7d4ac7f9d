/** Data access for blobs and for which repositories may serve them. */
import type { ExpressionBuilder, Kysely } from 'kysely';
import { isPostgres } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

export interface StoredBlob {
  blobId: number;
  digest: string;
  size: number;
  /** Since when no artifact names it; null while one does. */
  unreferencedAt?: string | null;
}

/**
 * Moves an unreferenced blob's unreferenced_at to `now`, so that garbage collection, which
 * deletes only blobs unreferenced since before its run, spares it. The update takes the row's
 * lock: it waits for a collection deciding about this blob, and a collection that comes later
 * sees the new time. Answers the blob's id, or undefined when the blob is gone (collected).
 */
export async function touchBlob(db: Db, digest: string, now: string): Promise<number | undefined> {
  const touched = await db
    .updateTable('blobs')
    .set({ unreferenced_at: now })
    .where('digest', '=', digest)
    .where('unreferenced_at', 'is not', null)
    .returning('blob_id')
    .executeTakeFirst();
  if (touched) return touched.blob_id;
  const row = await db.selectFrom('blobs').select('blob_id').where('digest', '=', digest).executeTakeFirst();
  return row?.blob_id;
}

/**
 * The blob's id, recording it when new (two pushes of the same content race harmlessly). A new
 * blob is unreferenced until a manifest names it; an existing one is touched (touchBlob).
 */
export async function upsertBlob(db: Db, digest: string, size: number, now: string): Promise<number> {
  // A collection may delete the row between the insert and the touch; then insert again.
  for (let attempt = 0; ; attempt++) {
    await db
      .insertInto('blobs')
      .values({ digest, size, creation_time: now, unreferenced_at: now })
      .onConflict((oc) => oc.column('digest').doNothing())
      .execute();
    const id = await touchBlob(db, digest, now);
    if (id !== undefined) return id;
    if (attempt >= 3) throw new Error(`blob ${digest} keeps disappearing while it is recorded`);
  }
}

/**
 * Marks the blobs a manifest names as referenced, in the manifest's transaction, before its
 * artifact_blobs rows go in. False when one of them is gone: a collection deleted it meanwhile,
 * and the push must fail (MANIFEST_BLOB_UNKNOWN) rather than name a blob that is not there.
 */
export async function claimBlobs(db: Db, blobIds: number[]): Promise<boolean> {
  const ids = [...new Set(blobIds)];
  if (ids.length === 0) return true;
  // PostgreSQL locks an UPDATE's rows in the order its scan meets them, which two pushes of
  // shared layers need not share: each could hold a row the other waits for (a deadlock). The
  // rows are locked in blob order first, as the storage triggers' deletes lock them. SQLite runs
  // one writer at a time.
  const claimed = isPostgres(db)
    ? (eb: ExpressionBuilder<Database, 'blobs'>) => eb.selectFrom('blobs as l').select('l.blob_id').where('l.blob_id', 'in', ids).orderBy('l.blob_id').forNoKeyUpdate()
    : ids;
  const result = await db.updateTable('blobs').set({ unreferenced_at: null }).where('blob_id', 'in', claimed).executeTakeFirst();
  return Number(result.numUpdatedRows) === ids.length;
}

/** After artifacts were deleted: their blobs that no artifact names any more become unreferenced from `now`. */
export async function markUnreferenced(db: Db, blobIds: number[], now: string): Promise<void> {
  const ids = [...new Set(blobIds)];
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .updateTable('blobs')
      .set({ unreferenced_at: now })
      .where('blob_id', 'in', ids.slice(i, i + 500))
      .where('unreferenced_at', 'is', null)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('artifact_blobs as ab').select('ab.blob_id').whereRef('ab.blob_id', '=', 'blobs.blob_id'))),
      )
      .execute();
  }
}

export async function linkBlob(db: Db, repositoryId: number, blobId: number, now: string): Promise<void> {
  await db
    .insertInto('repository_blobs')
    .values({ repository_id: repositoryId, blob_id: blobId, creation_time: now })
    .onConflict((oc) => oc.columns(['repository_id', 'blob_id']).doNothing())
    .execute();
}

/** The blob as the named repository may serve it, or undefined when it is not linked there. */
export async function findRepositoryBlob(db: Db, repository: string, digest: string): Promise<StoredBlob | undefined> {
  const row = await db
    .selectFrom('repository_blobs as rb')
    .innerJoin('repositories as r', 'r.repository_id', 'rb.repository_id')
    .innerJoin('blobs as b', 'b.blob_id', 'rb.blob_id')
    .select(['b.blob_id', 'b.digest', 'b.size', 'b.unreferenced_at'])
    .where('r.name', '=', repository)
    .where('b.digest', '=', digest)
    .executeTakeFirst();
  return row && { blobId: row.blob_id, digest: row.digest, size: row.size, unreferencedAt: row.unreferenced_at };
}

/** Of `digests`, those linked to the repository. */
export async function findRepositoryBlobs(db: Db, repositoryId: number, digests: string[]): Promise<StoredBlob[]> {
  if (digests.length === 0) return [];
  const rows = await db
    .selectFrom('repository_blobs as rb')
    .innerJoin('blobs as b', 'b.blob_id', 'rb.blob_id')
    .select(['b.blob_id', 'b.digest', 'b.size'])
    .where('rb.repository_id', '=', repositoryId)
    .where('b.digest', 'in', digests)
    .execute();
  return rows.map((r) => ({ blobId: r.blob_id, digest: r.digest, size: r.size }));
}

/** Unlinks the blob from the repository; false when it was not linked. The bytes stay for GC. */
export async function unlinkBlob(db: Db, repositoryId: number, blobId: number): Promise<boolean> {
  const result = await db
    .deleteFrom('repository_blobs')
    .where('repository_id', '=', repositoryId)
    .where('blob_id', '=', blobId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
