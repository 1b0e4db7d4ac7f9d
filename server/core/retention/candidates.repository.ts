/**
 * What retention reads of a project in one pass: its artifacts with tags, push and pull times
 * and counts, index references, and the blobs each artifact names; and which of some blobs an
 * artifact outside a set still names (anywhere in Berth), so bytes freed count only blobs no
 * remaining artifact shares.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

export interface StoredTag {
  name: string;
  pullCount: number;
  pullTime: string | null;
}

export interface StoredArtifact {
  id: number;
  repository: string;
  digest: string;
  size: number;
  pushTime: string;
  pullTime: string | null;
  pullCount: number;
  subjectDigest: string | null;
  tags: StoredTag[];
  childIds: number[];
  blobs: { id: number; size: number }[];
}

/** Rows per IN list: far below SQLite's bound-parameter limit. */
const CHUNK = 500;

export async function loadProjectArtifacts(db: Db, projectId: number): Promise<StoredArtifact[]> {
  const rows = await db
    .selectFrom('artifacts as a')
    .innerJoin('repositories as r', 'r.repository_id', 'a.repository_id')
    .select(['a.artifact_id', 'r.name', 'a.digest', 'a.size', 'a.push_time', 'a.pull_time', 'a.pull_count', 'a.subject_digest'])
    .where('a.project_id', '=', projectId)
    .orderBy('a.artifact_id')
    .execute();
  const byId = new Map<number, StoredArtifact>();
  for (const r of rows) {
    byId.set(r.artifact_id, {
      id: r.artifact_id,
      repository: r.name,
      digest: r.digest,
      size: Number(r.size),
      pushTime: r.push_time,
      pullTime: r.pull_time,
      pullCount: Number(r.pull_count),
      subjectDigest: r.subject_digest,
      tags: [],
      childIds: [],
      blobs: [],
    });
  }
  const tags = await db
    .selectFrom('tags as t')
    .innerJoin('artifacts as a', 'a.artifact_id', 't.artifact_id')
    .select(['t.artifact_id', 't.name', 't.pull_count', 't.pull_time'])
    .where('a.project_id', '=', projectId)
    .orderBy('t.name')
    .execute();
  for (const t of tags) byId.get(t.artifact_id)?.tags.push({ name: t.name, pullCount: Number(t.pull_count), pullTime: t.pull_time });
  const references = await db
    .selectFrom('artifact_references as ar')
    .innerJoin('artifacts as a', 'a.artifact_id', 'ar.parent_id')
    .select(['ar.parent_id', 'ar.child_id'])
    .where('a.project_id', '=', projectId)
    .execute();
  for (const r of references) byId.get(r.parent_id)?.childIds.push(r.child_id);
  const blobs = await db
    .selectFrom('artifact_blobs as ab')
    .innerJoin('artifacts as a', 'a.artifact_id', 'ab.artifact_id')
    .innerJoin('blobs as b', 'b.blob_id', 'ab.blob_id')
    .select(['ab.artifact_id', 'b.blob_id', 'b.size'])
    .where('a.project_id', '=', projectId)
    .execute();
  for (const b of blobs) byId.get(b.artifact_id)?.blobs.push({ id: b.blob_id, size: Number(b.size) });
  return [...byId.values()];
}

/** The blobs among `blobIds` that some artifact not in `leaving` (in any project) still names. */
export async function blobsStillNamed(db: Db, blobIds: readonly number[], leaving: ReadonlySet<number>): Promise<Set<number>> {
  const named = new Set<number>();
  for (let i = 0; i < blobIds.length; i += CHUNK) {
    const rows = await db.selectFrom('artifact_blobs').select(['artifact_id', 'blob_id']).where('blob_id', 'in', blobIds.slice(i, i + CHUNK)).execute();
    for (const r of rows) if (!leaving.has(r.artifact_id)) named.add(r.blob_id);
  }
  return named;
}
