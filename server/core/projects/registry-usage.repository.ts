/**
 * What projects hold in the registry: repositories and storage.
 *
 * A project's storage is what its artifacts hold: each blob (config or layer) they name, counted
 * once however many artifacts or repositories share it, plus each artifact's manifest, which its
 * row stores. Blobs no artifact names any more (after a delete, awaiting garbage collection) stop
 * counting at once. The total is what the store holds, those blobs included, as Harbor counts it.
 * Both read the counters triggers maintain (core/usage), not the artifacts.
 */
import type { Kysely } from 'kysely';
import { storageFigures, usedBytes } from '../usage/storage-usage.repository.js';
import { rowsOfPrincipal } from '../members/member.repository.js';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

/** How many repositories the project holds. */
export async function countRepositoriesOfProject(db: Db, projectId: number): Promise<number> {
  const row = await db
    .selectFrom('repositories')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * How many of the project's repositories hold an artifact: a project holding any cannot be
 * deleted. A repository with none (blobs of a push that never sent its manifest) goes with it.
 */
export async function countRepositoriesWithArtifacts(db: Db, projectId: number): Promise<number> {
  const row = await db
    .selectFrom('repositories as r')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('r.project_id', '=', projectId)
    .where(({ exists, selectFrom }) => exists(selectFrom('artifacts as a').select('a.artifact_id').whereRef('a.repository_id', '=', 'r.repository_id')))
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

/** Bytes the project's artifacts use: the blobs they name, each once, and their manifests (maintained counters). */
export async function storageUsedByProject(db: Db, projectId: number): Promise<number> {
  const figures = await storageFigures(db, 'p', projectId);
  return usedBytes(figures);
}

/**
 * Bytes Berth stores: every blob the store holds — including those no artifact names any more,
 * until garbage collection removes them — and every manifest (Harbor's total_storage_consumption).
 */
export async function totalStorageUsed(db: Db): Promise<number> {
  const figures = await storageFigures(db, 's', 0);
  return figures.storedBlobBytes + figures.manifestBytes;
}

/** Repository counts: in all projects, in public ones, or in the private projects a user belongs to. */
export async function countRepositories(
  db: Db,
  scope: { kind: 'all' } | { kind: 'public' } | { kind: 'private-of-member'; userId: number; groupIds?: readonly number[] },
): Promise<number> {
  let query = db.selectFrom('repositories as r').select((eb) => eb.fn.countAll<number>().as('count'));
  if (scope.kind !== 'all') {
    query = query.innerJoin('projects as p', 'p.project_id', 'r.project_id').where('p.public', '=', scope.kind === 'public' ? 1 : 0);
  }
  if (scope.kind === 'private-of-member') {
    query = query.where('r.project_id', 'in', (eb) =>
      eb.selectFrom('project_members').select('project_id').where((m) => rowsOfPrincipal(m, { userId: scope.userId, groupIds: scope.groupIds ?? [] })),
    );
  }
  return Number((await query.executeTakeFirstOrThrow()).count);
}
