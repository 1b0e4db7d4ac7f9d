/** Data access for garbage collection: candidates by unreferenced_at, and their deletion under row locks. */
import { sql, type Kysely, type Transaction } from 'kysely';
import { isPostgres } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

export interface GcBlob {
  blobId: number;
  digest: string;
  size: number;
}

/** Blobs unreferenced since `cutoff` or before, after blob id `after`, by id: a range read of the index. */
export async function candidateBlobs(db: Db, cutoff: string, after: number, limit: number): Promise<GcBlob[]> {
  const rows = await db
    .selectFrom('blobs')
    .select(['blob_id', 'digest', 'size'])
    .where('unreferenced_at', 'is not', null)
    .where('unreferenced_at', '<=', cutoff)
    .where('blob_id', '>', after)
    .orderBy('blob_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ blobId: r.blob_id, digest: r.digest, size: Number(r.size) }));
}

/**
 * Of the candidates, those still garbage now, with their rows locked (PostgreSQL: FOR UPDATE;
 * SQLite: the transaction holds the only connection). A candidate an artifact names again loses
 * its unreferenced mark (repairing a hint a racing delete left behind).
 */
export async function lockGarbage(trx: Transaction<Database>, ids: number[], cutoff: string): Promise<GcBlob[]> {
  if (ids.length === 0) return [];
  let query = trx.selectFrom('blobs').select(['blob_id', 'digest', 'size', 'unreferenced_at']).where('blob_id', 'in', ids).orderBy('blob_id');
  if (isPostgres(trx)) query = query.forUpdate();
  const locked = await query.execute();
  const unreferenced = locked.filter((r) => r.unreferenced_at !== null && r.unreferenced_at <= cutoff);
  if (unreferenced.length === 0) return [];
  // A new statement: under READ COMMITTED it sees every artifact committed before the lock was ours.
  const named = await trx
    .selectFrom('artifact_blobs')
    .select('blob_id')
    .distinct()
    .where('blob_id', 'in', unreferenced.map((r) => r.blob_id))
    .execute();
  const referenced = new Set(named.map((r) => r.blob_id));
  if (referenced.size) await trx.updateTable('blobs').set({ unreferenced_at: null }).where('blob_id', 'in', [...referenced]).execute();
  return unreferenced.filter((r) => !referenced.has(r.blob_id)).map((r) => ({ blobId: r.blob_id, digest: r.digest, size: Number(r.size) }));
}

/** The repositories linked to the blobs (their cached lookups must be forgotten). */
export async function linkedRepositories(db: Db, ids: number[]): Promise<{ repository: string; digest: string }[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('repository_blobs as rb')
    .innerJoin('repositories as r', 'r.repository_id', 'rb.repository_id')
    .innerJoin('blobs as b', 'b.blob_id', 'rb.blob_id')
    .select(['r.name as repository', 'b.digest'])
    .where('rb.blob_id', 'in', ids)
    .execute();
}

export async function deleteBlobRows(trx: Transaction<Database>, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await trx.deleteFrom('repository_blobs').where('blob_id', 'in', ids).execute();
  await trx.deleteFrom('blobs').where('blob_id', 'in', ids).execute();
}

export interface UntaggedArtifact {
  artifactId: number;
  repository: string;
  digest: string;
  size: number;
}

/**
 * Untagged artifacts pushed before `cutoff` that may go on their own: not listed by an index
 * (the index keeps them) and not an accessory of a subject that is still there (a signature or
 * SBOM goes with its subject, never before it).
 */
export async function untaggedArtifacts(db: Db, cutoff: string): Promise<UntaggedArtifact[]> {
  const rows = await db
    .selectFrom('artifacts as a')
    .innerJoin('repositories as r', 'r.repository_id', 'a.repository_id')
    .select(['a.artifact_id', 'r.name', 'a.digest', 'a.size'])
    .where('a.push_time', '<=', cutoff)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('tags as t').select('t.tag_id').whereRef('t.artifact_id', '=', 'a.artifact_id'))))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('artifact_references as ar').select('ar.id').whereRef('ar.child_id', '=', 'a.artifact_id'))),
    )
    .where(({ or, eb, not, exists, selectFrom }) =>
      or([
        eb('a.subject_digest', 'is', null),
        not(
          exists(
            selectFrom('artifacts as s')
              .select('s.artifact_id')
              .whereRef('s.repository_id', '=', 'a.repository_id')
              .whereRef('s.digest', '=', 'a.subject_digest'),
          ),
        ),
      ]),
    )
    .orderBy('a.artifact_id')
    .execute();
  return rows.map((r) => ({ artifactId: r.artifact_id, repository: r.name, digest: r.digest, size: Number(r.size) }));
}

/** Blobs that only the given artifacts name (what deleting them would leave unreferenced). */
export async function blobsOnlyNamedBy(db: Db, artifactIds: number[]): Promise<GcBlob[]> {
  if (artifactIds.length === 0) return [];
  const rows = await db
    .selectFrom('blobs as b')
    .select(['b.blob_id', 'b.digest', 'b.size'])
    .where('b.blob_id', 'in', (eb) => eb.selectFrom('artifact_blobs').select('blob_id').where('artifact_id', 'in', artifactIds))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('artifact_blobs as o')
            .select('o.blob_id')
            .whereRef('o.blob_id', '=', 'b.blob_id')
            .where('o.artifact_id', 'not in', artifactIds),
        ),
      ),
    )
    .execute();
  return rows.map((r) => ({ blobId: r.blob_id, digest: r.digest, size: Number(r.size) }));
}

/** Every blob row, by id, a page at a time (the consistency check). */
export async function blobPage(db: Db, after: number, limit: number): Promise<(GcBlob & { unreferencedAt: string | null })[]> {
  const rows = await db
    .selectFrom('blobs')
    .select(['blob_id', 'digest', 'size', 'unreferenced_at'])
    .where('blob_id', '>', after)
    .orderBy('blob_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ blobId: r.blob_id, digest: r.digest, size: Number(r.size), unreferencedAt: r.unreferenced_at }));
}

/** Whether the store's digest has a row (the consistency check's orphan test, a page of digests at a time). */
export async function recordedDigests(db: Db, digests: string[]): Promise<Set<string>> {
  if (digests.length === 0) return new Set();
  const rows = await db.selectFrom('blobs').select('digest').where('digest', 'in', digests).execute();
  return new Set(rows.map((r) => r.digest));
}

/** Repairs lost hints: blobs no artifact names but not marked unreferenced become so from `now`. */
export async function markLostUnreferenced(db: Db, now: string): Promise<number> {
  const result = await db
    .updateTable('blobs')
    .set({ unreferenced_at: now })
    .where('unreferenced_at', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('artifact_blobs as ab').select(sql`1`.as('one')).whereRef('ab.blob_id', '=', 'blobs.blob_id'))),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
