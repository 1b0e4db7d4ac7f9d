/**
 * What projects hold in the registry: repositories and storage.
 *
 * Storage is what the artifacts hold: each blob (config or layer) they name and each manifest,
 * counted once however many artifacts or repositories share it, in a project (a project's
 * usage) or across all (the total). Blobs that no artifact names any more (after a delete,
 * awaiting garbage collection) no longer count.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

/** How many repositories the project holds (a project that holds any cannot be deleted). */
export async function countRepositoriesOfProject(db: Db, projectId: number): Promise<number> {
  const row = await db
    .selectFrom('repositories')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Repository counts for a page of projects, keyed by project id. */
export async function countRepositoriesOfProjects(db: Db, projectIds: number[]): Promise<Map<number, number>> {
  const counts = new Map(projectIds.map((id) => [id, 0]));
  if (projectIds.length === 0) return counts;
  const rows = await db
    .selectFrom('repositories')
    .select(['project_id', (eb) => eb.fn.countAll<number>().as('count')])
    .where('project_id', 'in', projectIds)
    .groupBy('project_id')
    .execute();
  for (const row of rows) counts.set(row.project_id, Number(row.count));
  return counts;
}

/** PostgreSQL sums bigints as numeric, which arrives as text. */
const bytes = (value: number | string | null | undefined) => Number(value ?? 0);

/** Bytes of the blobs and manifests of the artifacts `projectId` holds (all projects when undefined). */
async function storageOf(db: Db, projectId: number | undefined): Promise<number> {
  let artifacts = db.selectFrom('artifacts');
  if (projectId !== undefined) artifacts = artifacts.where('project_id', '=', projectId);
  const blobs = await db
    .selectFrom('blobs')
    .select(sql<string>`sum(size)`.as('total'))
    .where('blob_id', 'in', (eb) =>
      eb
        .selectFrom('artifact_blobs as ab')
        .select('ab.blob_id')
        .where('ab.artifact_id', 'in', artifacts.select('artifact_id')),
    )
    .executeTakeFirstOrThrow();
  // A manifest pushed to several repositories is stored once per digest.
  const manifests = await db
    .selectFrom(artifacts.select(['digest', sql<number>`min(manifest_size)`.as('size')]).groupBy('digest').as('m'))
    .select(sql<string>`sum(m.size)`.as('total'))
    .executeTakeFirstOrThrow();
  return bytes(blobs.total) + bytes(manifests.total);
}

/** Bytes the project's artifacts use, each blob once. */
export const storageUsedByProject = (db: Db, projectId: number) => storageOf(db, projectId);

/** Bytes all artifacts use, each blob once. */
export const totalStorageUsed = (db: Db) => storageOf(db, undefined);

/** Repository counts: in all projects, in public ones, or in the private projects a user belongs to. */
export async function countRepositories(
  db: Db,
  scope: { kind: 'all' } | { kind: 'public' } | { kind: 'private-of-member'; userId: number },
): Promise<number> {
  let query = db.selectFrom('repositories as r').select((eb) => eb.fn.countAll<number>().as('count'));
  if (scope.kind !== 'all') {
    query = query.innerJoin('projects as p', 'p.project_id', 'r.project_id').where('p.public', '=', scope.kind === 'public' ? 1 : 0);
  }
  if (scope.kind === 'private-of-member') {
    query = query.where('r.project_id', 'in', (eb) =>
      eb.selectFrom('project_members').select('project_id').where('entity_type', '=', 'u').where('entity_id', '=', scope.userId),
    );
  }
  return Number((await query.executeTakeFirstOrThrow()).count);
}
