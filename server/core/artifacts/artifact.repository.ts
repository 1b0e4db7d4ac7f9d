/** Data access for artifacts, the blobs they name, and index children. */
import { sql, type Kysely } from 'kysely';
import type { Database, NewArtifactRow } from '../../db/schema.js';
import { isoNow } from '../../lib/time.js';
import { markUnreferenced } from '../blobs/blob.repository.js';

type Db = Kysely<Database>;

/** What serving a manifest needs. */
export interface StoredManifest {
  artifactId: number;
  repositoryId: number;
  projectId: number;
  digest: string;
  mediaType: string;
  bytes: Buffer;
}

export async function findManifest(db: Db, repository: string, digest: string): Promise<StoredManifest | undefined> {
  const row = await db
    .selectFrom('artifacts as a')
    .innerJoin('repositories as r', 'r.repository_id', 'a.repository_id')
    .select(['a.artifact_id', 'a.repository_id', 'a.project_id', 'a.digest', 'a.manifest_media_type', 'a.manifest'])
    .where('r.name', '=', repository)
    .where('a.digest', '=', digest)
    .executeTakeFirst();
  return (
    row && {
      artifactId: row.artifact_id,
      repositoryId: row.repository_id,
      projectId: row.project_id,
      digest: row.digest,
      mediaType: row.manifest_media_type,
      bytes: Buffer.from(row.manifest),
    }
  );
}

export interface ArtifactSize {
  artifactId: number;
  digest: string;
  size: number;
}

/** Of `digests`, the artifacts the repository has. */
export async function findArtifactsByDigest(db: Db, repositoryId: number, digests: string[]): Promise<ArtifactSize[]> {
  if (digests.length === 0) return [];
  const rows = await db
    .selectFrom('artifacts')
    .select(['artifact_id', 'digest', 'size'])
    .where('repository_id', '=', repositoryId)
    .where('digest', 'in', digests)
    .execute();
  return rows.map((r) => ({ artifactId: r.artifact_id, digest: r.digest, size: r.size }));
}

/** Inserts the artifact, or marks an existing one pushed again. Returns its id and whether it is new. */
export async function upsertArtifact(db: Db, row: NewArtifactRow): Promise<{ id: number; created: boolean }> {
  const inserted = await db
    .insertInto('artifacts')
    .values(row)
    .onConflict((oc) => oc.columns(['repository_id', 'digest']).doNothing())
    .returning('artifact_id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.artifact_id, created: true };
  const existing = await db
    .updateTable('artifacts')
    .set({ push_time: row.push_time })
    .where('repository_id', '=', row.repository_id)
    .where('digest', '=', row.digest)
    .returning('artifact_id')
    .executeTakeFirstOrThrow();
  return { id: existing.artifact_id, created: false };
}

export async function insertArtifactBlobs(db: Db, artifactId: number, blobIds: number[]): Promise<void> {
  if (blobIds.length === 0) return;
  await db
    .insertInto('artifact_blobs')
    .values(blobIds.map((blobId) => ({ artifact_id: artifactId, blob_id: blobId })))
    .onConflict((oc) => oc.columns(['artifact_id', 'blob_id']).doNothing())
    .execute();
}

export interface ChildReference {
  childId: number;
  childDigest: string;
  platform: object | undefined;
  annotations: Record<string, string> | undefined;
  urls: string[] | undefined;
}

export async function insertArtifactReferences(db: Db, parentId: number, children: ChildReference[]): Promise<void> {
  if (children.length === 0) return;
  await db
    .insertInto('artifact_references')
    .values(
      children.map((c) => ({
        parent_id: parentId,
        child_id: c.childId,
        child_digest: c.childDigest,
        platform: c.platform ? JSON.stringify(c.platform) : null,
        annotations: JSON.stringify(c.annotations ?? {}),
        urls: c.urls ? JSON.stringify(c.urls) : null,
      })),
    )
    .execute();
}

/** Whether an index still lists the artifact as a child. */
export async function isIndexChild(db: Db, artifactId: number): Promise<boolean> {
  const row = await db.selectFrom('artifact_references').select('id').where('child_id', '=', artifactId).executeTakeFirst();
  return row !== undefined;
}

/**
 * Deletes the artifact (its tags, blob links and child links go with it); its blobs that no
 * other artifact names become unreferenced, candidates for garbage collection.
 */
export async function deleteArtifact(db: Db, artifactId: number, unreferencedAt: string = isoNow()): Promise<void> {
  const blobs = await db.selectFrom('artifact_blobs').select('blob_id').where('artifact_id', '=', artifactId).execute();
  await db.deleteFrom('artifacts').where('artifact_id', '=', artifactId).execute();
  await markUnreferenced(db, blobs.map((b) => b.blob_id), unreferencedAt);
}

export interface Referrer {
  mediaType: string;
  digest: string;
  size: number;
  artifactType: string | null;
  annotations: Record<string, string>;
}

/** Manifests in the repository whose subject is `digest`, oldest first. */
export async function listReferrers(db: Db, repository: string, digest: string, artifactType?: string): Promise<Referrer[]> {
  let query = db
    .selectFrom('artifacts as a')
    .innerJoin('repositories as r', 'r.repository_id', 'a.repository_id')
    .select(['a.manifest_media_type', 'a.digest', 'a.manifest_size', 'a.artifact_type', 'a.annotations'])
    .where('r.name', '=', repository)
    .where('a.subject_digest', '=', digest)
    .orderBy('a.artifact_id');
  if (artifactType !== undefined) query = query.where('a.artifact_type', '=', artifactType);
  const rows = await query.execute();
  return rows.map((r) => ({
    mediaType: r.manifest_media_type,
    digest: r.digest,
    size: r.manifest_size,
    artifactType: r.artifact_type,
    annotations: JSON.parse(r.annotations) as Record<string, string>,
  }));
}

/** The later of the row's pull_time and `at`: several processes record pulls, so it only moves forward. */
export const laterPullTime = (at: string) => sql<string>`case when pull_time is null or pull_time < ${at} then ${at} else pull_time end`;

export async function addArtifactPulls(db: Db, artifactId: number, count: number, at: string): Promise<void> {
  await db
    .updateTable('artifacts')
    .set((eb) => ({ pull_count: eb('pull_count', '+', count), pull_time: laterPullTime(at) }))
    .where('artifact_id', '=', artifactId)
    .execute();
}

/**
 * What goes with a deleted artifact, as Harbor does it: the children its index listed, unless a
 * tag or another index keeps them, and the referrers (signatures, SBOMs) whose subject it was,
 * tagged or not (a signature of nothing is no use; cosign tags its own), unless an index lists
 * them; and, in turn, what goes with those. Call after the artifact's own row is gone. Returns
 * what was deleted.
 */
export async function deleteDependents(
  db: Db,
  repositoryId: number,
  digest: string,
  childIds: number[],
  unreferencedAt: string = isoNow(),
): Promise<{ digest: string; mediaType: string }[]> {
  const deleted: { digest: string; mediaType: string }[] = [];
  const queue: { digest: string; childIds: number[] }[] = [{ digest, childIds }];
  while (queue.length) {
    const next = queue.shift()!;
    const referrers = await db
      .selectFrom('artifacts')
      .select('artifact_id')
      .where('repository_id', '=', repositoryId)
      .where('subject_digest', '=', next.digest)
      .execute();
    const referrerIds = referrers.map((r) => r.artifact_id);
    const candidates = [...next.childIds, ...referrerIds];
    if (candidates.length === 0) continue;
    const listed = await db
      .selectFrom('artifact_references')
      .select('child_id')
      .where('child_id', 'in', candidates)
      .execute();
    const tagged = next.childIds.length
      ? await db.selectFrom('tags').select('artifact_id').where('artifact_id', 'in', next.childIds).execute()
      : [];
    const keep = new Set([...listed.map((r) => r.child_id), ...tagged.map((t) => t.artifact_id)]);
    for (const id of candidates.filter((c) => !keep.has(c))) {
      const row = await db.selectFrom('artifacts').select(['digest', 'manifest_media_type']).where('artifact_id', '=', id).executeTakeFirst();
      if (!row) continue;
      const children = await childIdsOf(db, id);
      await deleteArtifact(db, id, unreferencedAt);
      deleted.push({ digest: row.digest, mediaType: row.manifest_media_type });
      queue.push({ digest: row.digest, childIds: children });
    }
  }
  return deleted;
}

export async function childIdsOf(db: Db, parentId: number): Promise<number[]> {
  const rows = await db.selectFrom('artifact_references').select('child_id').where('parent_id', '=', parentId).execute();
  return rows.map((r) => r.child_id);
}
