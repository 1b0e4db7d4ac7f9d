/** Data access for blobs and for which repositories may serve them. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

export interface StoredBlob {
  blobId: number;
  digest: string;
  size: number;
}

/** The blob's id, recording it when new (two pushes of the same content race harmlessly). */
export async function upsertBlob(db: Db, digest: string, size: number, now: string): Promise<number> {
  await db
    .insertInto('blobs')
    .values({ digest, size, creation_time: now })
    .onConflict((oc) => oc.column('digest').doNothing())
    .execute();
  const row = await db.selectFrom('blobs').select('blob_id').where('digest', '=', digest).executeTakeFirstOrThrow();
  return row.blob_id;
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
    .select(['b.blob_id', 'b.digest', 'b.size'])
    .where('r.name', '=', repository)
    .where('b.digest', '=', digest)
    .executeTakeFirst();
  return row && { blobId: row.blob_id, digest: row.digest, size: row.size };
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
