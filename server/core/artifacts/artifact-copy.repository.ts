/**
 * Copying an artifact's rows into another repository: the artifact itself (manifest bytes and
 * metadata), the links to its blobs — the blobs are shared, never copied — and an index's links
 * to its children, which must have been copied first.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

/** A number bound into a SELECT list: PostgreSQL cannot infer the type of a bare parameter there. */
const integer = (value: number) => sql<number>`cast(${value} as integer)`;

export interface CopyTarget {
  projectId: number;
  repositoryId: number;
  at: string;
}

/** Copies the artifact row; returns the copy's id and whether it is new (the target may hold it already). */
export async function copyArtifactRow(db: Db, sourceId: number, target: CopyTarget): Promise<{ id: number; created: boolean }> {
  const copied = [
    'digest',
    'type',
    'manifest_media_type',
    'media_type',
    'artifact_type',
    'manifest',
    'manifest_size',
    'size',
    'config_digest',
    'subject_digest',
    'extra_attrs',
    'annotations',
  ] as const;
  const inserted = await db
    .insertInto('artifacts')
    .columns(['project_id', 'repository_id', 'push_time', ...copied])
    .expression(
      db
        .selectFrom('artifacts')
        .select([
          integer(target.projectId).as('project_id'),
          integer(target.repositoryId).as('repository_id'),
          sql<string>`${target.at}`.as('push_time'),
          ...copied,
        ])
        .where('artifact_id', '=', sourceId),
    )
    .onConflict((oc) => oc.columns(['repository_id', 'digest']).doNothing())
    .returning('artifact_id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.artifact_id, created: true };
  const existing = await db
    .selectFrom('artifacts')
    .select('artifact_id')
    .where('repository_id', '=', target.repositoryId)
    .where('digest', '=', (eb) => eb.selectFrom('artifacts').select('digest').where('artifact_id', '=', sourceId))
    .executeTakeFirstOrThrow();
  return { id: existing.artifact_id, created: false };
}

/** Links the copy to the source's blobs, and lets the target repository serve them. */
export async function copyBlobLinks(db: Db, sourceId: number, copyId: number, target: CopyTarget): Promise<void> {
  const blobs = db.selectFrom('artifact_blobs').where('artifact_id', '=', sourceId);
  await db
    .insertInto('artifact_blobs')
    .columns(['artifact_id', 'blob_id'])
    .expression(blobs.select([integer(copyId).as('artifact_id'), 'blob_id']))
    .onConflict((oc) => oc.columns(['artifact_id', 'blob_id']).doNothing())
    .execute();
  await db
    .insertInto('repository_blobs')
    .columns(['repository_id', 'blob_id', 'creation_time'])
    .expression(blobs.select([integer(target.repositoryId).as('repository_id'), 'blob_id', sql<string>`${target.at}`.as('creation_time')]))
    .onConflict((oc) => oc.columns(['repository_id', 'blob_id']).doNothing())
    .execute();
}

/** Gives the copied index the source's children, as found (already copied) in the target repository. */
export async function copyReferences(db: Db, sourceId: number, copyId: number, target: CopyTarget): Promise<void> {
  await db
    .insertInto('artifact_references')
    .columns(['parent_id', 'child_id', 'child_digest', 'platform', 'annotations', 'urls'])
    .expression(
      db
        .selectFrom('artifact_references as r')
        .innerJoin('artifacts as c', (join) => join.onRef('c.digest', '=', 'r.child_digest').on('c.repository_id', '=', target.repositoryId))
        .select([integer(copyId).as('parent_id'), 'c.artifact_id', 'r.child_digest', 'r.platform', 'r.annotations', 'r.urls'])
        .where('r.parent_id', '=', sourceId)
        .orderBy('r.id'),
    )
    .execute();
}
