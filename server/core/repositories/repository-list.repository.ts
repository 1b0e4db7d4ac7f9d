/**
 * Repositories as the API lists and searches them, paged in the database, with the number of
 * artifacts each one's artifact list holds.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { countListedArtifacts, LISTED } from '../artifacts/artifact-list.repository.js';
import type { ListQuery, ListSpec, Page } from '../lists/list-query.js';
import { pageOf, withFilters } from '../lists/list.repository.js';
import { toRepository, visibleCondition, type Repository, type RepositoryVisibility } from './repository.repository.js';

type Db = Kysely<Database>;

/** The fields repository lists offer in q and sort (Harbor's names); every sort has an index. */
export const REPOSITORY_LIST: ListSpec = {
  items: 'repositories',
  fields: {
    // The distribution grammar allows lower case only.
    name: { column: 'r.name', type: 'string', sort: true, unique: true, lowerCase: true },
    id: { column: 'r.repository_id', type: 'int', sort: true, unique: true },
    project_id: { column: 'r.project_id', type: 'int' },
    creation_time: { column: 'r.creation_time', type: 'time', sort: true },
    update_time: { column: 'r.update_time', type: 'time', sort: true },
    pull_count: { column: 'r.pull_count', type: 'int', sort: true },
    description: { column: 'r.description', type: 'string' },
    // Counted per row, as the list's artifact_count is: a filter on it scans the repositories in scope.
    artifact_count: {
      column: sql`(select count(*) from artifacts a where a.repository_id = r.repository_id and ${LISTED})`,
      type: 'int',
    },
  },
  defaultSort: '-creation_time',
  tieBreaker: 'r.repository_id',
};

export interface RepositoryWithCount extends Repository {
  artifactCount: number;
}

/** Which repositories a list holds: one project's, or those a visibility allows. */
export type RepositoryScope = { projectId: number } | { visibility: RepositoryVisibility };

function scoped(db: Db, scope: RepositoryScope) {
  const base = db.selectFrom('repositories as r');
  if ('projectId' in scope) return base.where('r.project_id', '=', scope.projectId);
  const visible = visibleCondition(scope.visibility);
  return visible ? base.where(visible) : base;
}

async function withCounts(db: Db, repositories: Repository[]): Promise<RepositoryWithCount[]> {
  const counts = await countListedArtifacts(
    db,
    repositories.map((r) => r.id),
  );
  return repositories.map((r) => ({ ...r, artifactCount: counts.get(r.id) ?? 0 }));
}

export async function listRepositoryRows(db: Db, scope: RepositoryScope, query: ListQuery): Promise<Page<RepositoryWithCount>> {
  const page = await pageOf(db, scoped(db, scope), query, (qb) => qb.selectAll('r'));
  return { ...page, items: await withCounts(db, page.items.map(toRepository)) };
}

export async function withArtifactCount(db: Db, repository: Repository): Promise<RepositoryWithCount> {
  const [counted] = await withCounts(db, [repository]);
  return counted!;
}

export interface FoundRepository extends RepositoryWithCount {
  projectName: string;
  projectPublic: boolean;
}

/** The query of searchRepositoryRows: read in the order of an index (migration 0033), so it stops at the limit. */
export function searchQuery(db: Db, visibility: RepositoryVisibility, text: string, limit: number) {
  return withFilters(db, scoped(db, { visibility }), [{ column: 'r.name', op: 'contains', value: text, lowerCase: true }])
    .innerJoin('projects as p', 'p.project_id', 'r.project_id')
    .selectAll('r')
    .select(['p.name as project_name', 'p.public as project_public'])
    .orderBy(sql`length(r.name)`)
    .orderBy('r.name')
    .limit(limit);
}

/** Repositories whose names contain `text`, best (shortest) names first: GET /search. */
export async function searchRepositoryRows(db: Db, visibility: RepositoryVisibility, text: string, limit: number): Promise<FoundRepository[]> {
  const rows = await searchQuery(db, visibility, text, limit).execute();
  const counted = await withCounts(db, rows.map(toRepository));
  return counted.map((r, i) => ({ ...r, projectName: rows[i]!.project_name, projectPublic: rows[i]!.project_public === 1 }));
}
