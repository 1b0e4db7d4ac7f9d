/** Data access for repositories (`project/name...`). */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database, ProjectsTable, RepositoriesTable, RepositoryRow } from '../../db/schema.js';
import { isoNow } from '../../lib/time.js';
import { markUnreferenced } from '../blobs/blob.repository.js';

type Db = Kysely<Database>;

export interface Repository {
  id: number;
  projectId: number;
  name: string;
  description: string;
  pullCount: number;
  creationTime: string;
  updateTime: string;
}

export const toRepository = (row: RepositoryRow): Repository => ({
  id: row.repository_id,
  projectId: row.project_id,
  name: row.name,
  description: row.description,
  pullCount: Number(row.pull_count),
  creationTime: row.creation_time,
  updateTime: row.update_time,
});

export async function findRepositoryByName(db: Db, name: string): Promise<Repository | undefined> {
  const row = await db.selectFrom('repositories').selectAll().where('name', '=', name).executeTakeFirst();
  return row && toRepository(row);
}

/** The repository's id, creating it (first push) when absent; marks it updated. */
export async function ensureRepository(db: Db, projectId: number, name: string, now: string): Promise<number> {
  await db
    .insertInto('repositories')
    .values({ project_id: projectId, name, creation_time: now, update_time: now })
    .onConflict((oc) => oc.column('name').doUpdateSet({ update_time: now }))
    .execute();
  const row = await db.selectFrom('repositories').select('repository_id').where('name', '=', name).executeTakeFirstOrThrow();
  return row.repository_id;
}

/** Who may see which repositories in a listing: everything, or public and member projects. */
export type RepositoryVisibility =
  | { all: true }
  | { all: false; publicProjects: boolean; member: { userId: number; groupIds?: readonly number[]; roles: number[] } | null };

type Visibility = Extract<RepositoryVisibility, { all: false }>;

/** The condition on the project aliased `p` that `visibility` lets the caller see it. */
function projectAllowed({ publicProjects, member }: Visibility) {
  return (inner: ExpressionBuilder<Database & { p: ProjectsTable }, 'p'>) =>
    inner.or([
      ...(publicProjects ? [inner('p.public', '=', 1)] : []),
      ...(member && member.roles.length
        ? [
            inner.exists(
              inner
                .selectFrom('project_members as m')
                .select('m.id')
                .whereRef('m.project_id', '=', 'p.project_id')
                .where((m) =>
                  member.groupIds?.length
                    ? m.or([
                        m.and([m('m.entity_type', '=', 'u'), m('m.entity_id', '=', member.userId)]),
                        m.and([m('m.entity_type', '=', 'g'), m('m.entity_id', 'in', [...member.groupIds])]),
                      ])
                    : m.and([m('m.entity_type', '=', 'u'), m('m.entity_id', '=', member.userId)]),
                )
                .where('m.role', 'in', member.roles),
            ),
          ]
        : []),
    ]);
}

/** The condition that `visibility` allows the repository aliased `r`, or null when it allows all. */
export function visibleCondition(visibility: RepositoryVisibility) {
  if (visibility.all) return null;
  return (eb: ExpressionBuilder<Database & { r: RepositoriesTable }, 'r'>) =>
    eb.exists(eb.selectFrom('projects as p').select('p.project_id').whereRef('p.project_id', '=', 'r.project_id').where(projectAllowed(visibility)));
}

/**
 * The ids of the projects `visibility` lets the caller see, or null when it allows all. For lists
 * of thousands of artifacts, filtered on their own project_id: visibleCondition looks up each
 * artifact's repository and project (two index probes each, 10,000 for a shared layer's users).
 */
export async function visibleProjectIds(db: Db, visibility: RepositoryVisibility): Promise<number[] | null> {
  if (visibility.all) return null;
  const rows = await db.selectFrom('projects as p').select('p.project_id').where(projectAllowed(visibility)).execute();
  return rows.map((r) => r.project_id);
}

/** Repository names after `after` in byte order, at most `limit`, that `visibility` allows. */
export async function listRepositoryNames(
  db: Db,
  visibility: RepositoryVisibility,
  after: string | undefined,
  limit: number,
): Promise<string[]> {
  let query = db.selectFrom('repositories as r').select('r.name').orderBy('r.name').limit(limit);
  if (after !== undefined) query = query.where('r.name', '>', after);
  const visible = visibleCondition(visibility);
  if (visible) query = query.where(visible);
  return (await query.execute()).map((r) => r.name);
}

export async function addRepositoryPulls(db: Db, id: number, count: number): Promise<void> {
  await db
    .updateTable('repositories')
    .set((eb) => ({ pull_count: eb('pull_count', '+', count) }))
    .where('repository_id', '=', id)
    .execute();
}

export async function updateRepositoryDescription(db: Db, id: number, description: string, at: string): Promise<void> {
  await db.updateTable('repositories').set({ description, update_time: at }).where('repository_id', '=', id).execute();
}

/** The digests of the repository's artifacts, oldest first. */
export async function artifactDigestsOf(db: Db, id: number): Promise<string[]> {
  const rows = await db.selectFrom('artifacts').select('digest').where('repository_id', '=', id).orderBy('artifact_id').execute();
  return rows.map((r) => r.digest);
}

/** Deletes the repository with its artifacts, tags and blob links (foreign key cascades). */
export async function deleteRepositoryRow(db: Db, id: number): Promise<void> {
  const blobs = await db
    .selectFrom('artifact_blobs as ab')
    .innerJoin('artifacts as a', 'a.artifact_id', 'ab.artifact_id')
    .select('ab.blob_id')
    .distinct()
    .where('a.repository_id', '=', id)
    .execute();
  // Index children are not deleted by cascade while an index lists them; the index's links go first.
  await db
    .deleteFrom('artifact_references')
    .where('parent_id', 'in', (eb) => eb.selectFrom('artifacts').select('artifact_id').where('repository_id', '=', id))
    .execute();
  await db.deleteFrom('repositories').where('repository_id', '=', id).execute();
  // Its blobs that no other repository's artifact names become candidates for garbage collection.
  await markUnreferenced(db, blobs.map((b) => b.blob_id), isoNow());
}
