/** Data access for repositories (`project/name...`). */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

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

export async function findRepositoryByName(db: Db, name: string): Promise<Repository | undefined> {
  const row = await db.selectFrom('repositories').selectAll().where('name', '=', name).executeTakeFirst();
  return (
    row && {
      id: row.repository_id,
      projectId: row.project_id,
      name: row.name,
      description: row.description,
      pullCount: row.pull_count,
      creationTime: row.creation_time,
      updateTime: row.update_time,
    }
  );
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
  | { all: false; publicProjects: boolean; member: { userId: number; roles: number[] } | null };

/** Repository names after `after` in byte order, at most `limit`, that `visibility` allows. */
export async function listRepositoryNames(
  db: Db,
  visibility: RepositoryVisibility,
  after: string | undefined,
  limit: number,
): Promise<string[]> {
  let query = db.selectFrom('repositories as r').select('r.name').orderBy('r.name').limit(limit);
  if (after !== undefined) query = query.where('r.name', '>', after);
  if (!visibility.all) {
    const { publicProjects, member } = visibility;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('projects as p')
          .select('p.project_id')
          .whereRef('p.project_id', '=', 'r.project_id')
          .where((inner) =>
            inner.or([
              ...(publicProjects ? [inner('p.public', '=', 1)] : []),
              ...(member && member.roles.length
                ? [
                    inner.exists(
                      inner
                        .selectFrom('project_members as m')
                        .select('m.id')
                        .whereRef('m.project_id', '=', 'p.project_id')
                        .where('m.entity_type', '=', 'u')
                        .where('m.entity_id', '=', member.userId)
                        .where('m.role', 'in', member.roles),
                    ),
                  ]
                : []),
            ]),
          ),
      ),
    );
  }
  return (await query.execute()).map((r) => r.name);
}

export async function addRepositoryPulls(db: Db, id: number, count: number): Promise<void> {
  await db
    .updateTable('repositories')
    .set((eb) => ({ pull_count: eb('pull_count', '+', count) }))
    .where('repository_id', '=', id)
    .execute();
}
