/** Data access for projects. */
import { sql, type Kysely } from 'kysely';
import { rowsOfPrincipal } from '../members/member.repository.js';
import { orConflict } from '../../db/db-errors.js';
import type { Database, NewProjectRow, ProjectRow } from '../../db/schema.js';
import type { ListQuery, ListSpec, Page } from '../lists/list-query.js';
import { pageOf, withFilters } from '../lists/list.repository.js';

export interface Project {
  id: number;
  name: string;
  ownerId: number;
  public: boolean;
  /** Harbor's string-valued metadata other than `public`. */
  metadata: Record<string, string>;
  creationTime: string;
  updateTime: string;
  /** Harbor's storage quota in bytes; -1 for none. */
  storageLimit: number;
}

type Db = Kysely<Database>;

export function toProject(row: ProjectRow): Project {
  return {
    id: row.project_id,
    name: row.name,
    ownerId: row.owner_id,
    public: row.public === 1,
    metadata: JSON.parse(row.metadata) as Record<string, string>,
    creationTime: row.creation_time,
    updateTime: row.update_time,
    storageLimit: Number(row.storage_limit),
  };
}

export async function insertProject(db: Db, row: NewProjectRow): Promise<Project> {
  const inserted = await orConflict(
    () => db.insertInto('projects').values(row).returningAll().executeTakeFirstOrThrow(),
    `The project named ${row.name} already exists.`,
  );
  return toProject(inserted);
}

export async function findProjectByName(db: Db, name: string): Promise<Project | undefined> {
  const row = await db.selectFrom('projects').selectAll().where('name', '=', name).executeTakeFirst();
  return row && toProject(row);
}

export async function findProjectById(db: Db, id: number): Promise<Project | undefined> {
  const row = await db.selectFrom('projects').selectAll().where('project_id', '=', id).executeTakeFirst();
  return row && toProject(row);
}

/** Which projects a list may show. */
export type ProjectVisibility =
  | { kind: 'all' }
  | { kind: 'public' }
  | { kind: 'member'; userId: number; groupIds?: readonly number[]; withPublic: boolean }
  /** A robot's: the projects its permissions name (by name or id), and public ones. */
  | { kind: 'named'; names: readonly string[]; ids: readonly number[]; withPublic: boolean };

/** The fields project lists offer in q and sort (Harbor's names). */
export const PROJECT_LIST: ListSpec = {
  items: 'projects',
  fields: {
    // Harbor's project name grammar allows lower case only.
    name: { column: 'p.name', type: 'string', sort: true, unique: true, lowerCase: true },
    project_id: { column: 'p.project_id', type: 'int', sort: true, unique: true },
    public: { column: 'p.public', type: 'bool' },
    owner: { column: 'owner.username', type: 'string' },
    owner_id: { column: 'p.owner_id', type: 'int' },
    creation_time: { column: 'p.creation_time', type: 'time', sort: true },
    update_time: { column: 'p.update_time', type: 'time', sort: true },
  },
  defaultSort: 'name',
  tieBreaker: 'p.project_id',
};

export interface ProjectWithOwner extends Project {
  ownerName: string;
}

function visibleProjects(db: Db, visibility: ProjectVisibility) {
  const base = db.selectFrom('projects as p').innerJoin('users as owner', 'owner.user_id', 'p.owner_id');
  switch (visibility.kind) {
    case 'all':
      return base;
    case 'public':
      return base.where('p.public', '=', 1);
    case 'member':
      return base.where((eb) => {
        const member = eb(
          'p.project_id',
          'in',
          eb
            .selectFrom('project_members')
            .select('project_id')
            .where((m) => rowsOfPrincipal(m, { userId: visibility.userId, groupIds: visibility.groupIds ?? [] })),
        );
        return visibility.withPublic ? eb.or([eb('p.public', '=', 1), member]) : member;
      });
    case 'named':
      return base.where((eb) => {
        const named = eb.or([eb('p.name', 'in', [...visibility.names, '']), eb('p.project_id', 'in', [...visibility.ids, 0])]);
        return visibility.withPublic ? eb.or([eb('p.public', '=', 1), named]) : named;
      });
  }
}

export async function listProjectRows(db: Db, visibility: ProjectVisibility, query: ListQuery): Promise<Page<ProjectWithOwner>> {
  const page = await pageOf(db, visibleProjects(db, visibility), query, (qb) =>
    qb.selectAll('p').select('owner.username as owner_name'),
  );
  return { ...page, items: page.items.map((row) => ({ ...toProject(row), ownerName: row.owner_name })) };
}

/** Projects whose names contain `text`, best (shortest) names first: GET /search. */
export async function searchProjectRows(db: Db, visibility: ProjectVisibility, text: string, limit: number) {
  const filtered = withFilters(db, visibleProjects(db, visibility), [{ column: 'p.name', op: 'contains', value: text, lowerCase: true }]);
  const rows = await filtered
    .selectAll('p')
    .select('owner.username as owner_name')
    .orderBy((eb) => eb.fn('length', ['p.name']))
    .orderBy('p.name')
    .limit(limit)
    .execute();
  return rows.map((row): ProjectWithOwner => ({ ...toProject(row), ownerName: row.owner_name }));
}

export async function countProjects(db: Db, visibility: ProjectVisibility, onlyPublic?: boolean): Promise<number> {
  let qb = visibleProjects(db, visibility);
  if (onlyPublic !== undefined) qb = qb.where('p.public', '=', onlyPublic ? 1 : 0);
  const { count } = await qb.select(sql<number>`count(*)`.as('count')).executeTakeFirstOrThrow();
  return Number(count);
}

export async function findOwnerName(db: Db, ownerId: number): Promise<string> {
  const row = await db.selectFrom('users').select('username').where('user_id', '=', ownerId).executeTakeFirst();
  return row?.username ?? '';
}

export async function updateProjectRow(
  db: Db,
  id: number,
  changes: { public: boolean; metadata: Record<string, string>; at: string },
): Promise<void> {
  await db
    .updateTable('projects')
    .set({ public: changes.public ? 1 : 0, metadata: JSON.stringify(changes.metadata), update_time: changes.at })
    .where('project_id', '=', id)
    .execute();
}

/** Deletes the project; its members go with it (foreign key cascade). */
export async function deleteProjectRow(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('projects').where('project_id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Gives every project `fromUser` owns to `toUser` (before `fromUser` is deleted). Returns how many. */
export async function transferProjects(db: Db, fromUser: number, toUser: number, at: string): Promise<number> {
  const result = await db
    .updateTable('projects')
    .set({ owner_id: toUser, update_time: at })
    .where('owner_id', '=', fromUser)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
