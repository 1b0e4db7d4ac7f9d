/**
 * Reading artifacts as the API lists them, paged in the database.
 *
 * A repository's list holds what Harbor's holds (src/pkg/artifact/dao): every artifact except an
 * untagged child of an index (it shows under its index's references) and an accessory, a
 * manifest whose `subject` is an artifact of the same repository (it shows under its subject).
 * Each page then gets its tags, index children and accessory counts in one query each.
 */
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Filter, ListQuery, ListSpec, Page } from '../lists/list-query.js';
import { pageCountedOnce, pageOf, withFilters } from '../lists/list.repository.js';

type Db = Kysely<Database>;

/**
 * The fields artifact lists offer in q (besides tags and labels) and sort: Harbor's artifact
 * columns. Each sort has an index with repository_id; a list is one repository's, so the filters
 * without one scan that repository's artifacts only.
 */
export const ARTIFACT_LIST: ListSpec = {
  items: 'artifacts',
  fields: {
    id: { column: 'a.artifact_id', type: 'int', sort: true, unique: true },
    project_id: { column: 'a.project_id', type: 'int' },
    repository_id: { column: 'a.repository_id', type: 'int' },
    // Harbor keeps the name on each artifact; Berth reads it from the repository.
    repository_name: { column: sql`(select r.name from repositories r where r.repository_id = a.repository_id)`, type: 'string' },
    digest: { column: 'a.digest', type: 'string', sort: true, unique: true },
    type: { column: 'a.type', type: 'string' },
    media_type: { column: 'a.media_type', type: 'string' },
    manifest_media_type: { column: 'a.manifest_media_type', type: 'string' },
    artifact_type: { column: 'a.artifact_type', type: 'string' },
    size: { column: 'a.size', type: 'bigint', sort: true },
    push_time: { column: 'a.push_time', type: 'time', sort: true },
    pull_time: { column: 'a.pull_time', type: 'time', sort: true, nullable: true },
  },
  defaultSort: '-push_time',
  tieBreaker: 'a.artifact_id',
};

/** Accessories list newest first, as Harbor's. */
export const ACCESSORY_LIST: ListSpec = {
  items: 'accessories',
  fields: {
    digest: { column: 'a.digest', type: 'string' },
    artifact_type: { column: 'a.artifact_type', type: 'string' },
    id: { column: 'a.artifact_id', type: 'int', sort: true, unique: true },
  },
  defaultSort: '-id',
  tieBreaker: 'a.artifact_id',
};

/** How `q=tags=...` narrows the list: tagged, untagged, or having a tag that matches a filter on its name. */
export type TagFilter = { kind: 'tagged' } | { kind: 'untagged' } | { kind: 'name'; filter: Filter };

export interface ArtifactRecord {
  id: number;
  projectId: number;
  repositoryId: number;
  digest: string;
  type: string;
  mediaType: string;
  manifestMediaType: string;
  artifactType: string | null;
  size: number;
  configDigest: string | null;
  subjectDigest: string | null;
  extraAttrs: Record<string, unknown>;
  annotations: Record<string, string>;
  pushTime: string;
  pullTime: string | null;
  /** Pulls counted so far (the pull recorder writes them once a second). */
  pullCount: number;
}

export interface TagRecord {
  id: number;
  repositoryId: number;
  artifactId: number;
  name: string;
  pushTime: string;
  pullTime: string | null;
  pullCount: number;
  /** Whether an immutable tag rule protects it; set by the services that list tags. */
  immutable?: boolean;
}

export interface ReferenceRecord {
  parentId: number;
  childId: number;
  childDigest: string;
  platform: Record<string, unknown> | null;
  annotations: Record<string, string>;
  urls: string[] | null;
}

/**
 * Whether the artifact aliased `a` belongs in its repository's list (see the file comment).
 * The reference test is a NOT EXISTS so that PostgreSQL plans an anti-join probing the indexes
 * row by row; EXISTS under an OR makes it hash the whole tags table first, which costs more than
 * the page. The subject test is the other way round: as an anti-join PostgreSQL hashed every
 * artifact of the repositories (every artifact in the table for a search's 100 repositories,
 * 66 ms at 200,000), while most artifacts have no subject; behind `subject_digest is null` the
 * lookup runs only for the few that do, and the rest are read from the index alone.
 */
export const LISTED = sql<SqlBool>`(
  not exists (select 1 from artifact_references lr where lr.child_id = a.artifact_id
    and not exists (select 1 from tags lt where lt.artifact_id = lr.child_id))
  and (a.subject_digest is null
    or not exists (select 1 from artifacts ls where ls.repository_id = a.repository_id and ls.digest = a.subject_digest))
)`;

const COLUMNS = [
  'a.artifact_id',
  'a.project_id',
  'a.repository_id',
  'a.digest',
  'a.type',
  'a.media_type',
  'a.manifest_media_type',
  'a.artifact_type',
  'a.size',
  'a.config_digest',
  'a.subject_digest',
  'a.extra_attrs',
  'a.annotations',
  'a.push_time',
  'a.pull_time',
  'a.pull_count',
] as const;

type ArtifactColumns = {
  artifact_id: number;
  project_id: number;
  repository_id: number;
  digest: string;
  type: string;
  media_type: string;
  manifest_media_type: string;
  artifact_type: string | null;
  size: number;
  config_digest: string | null;
  subject_digest: string | null;
  extra_attrs: string;
  annotations: string;
  push_time: string;
  pull_time: string | null;
  pull_count: number;
};

const toArtifact = (row: ArtifactColumns): ArtifactRecord => ({
  id: row.artifact_id,
  projectId: row.project_id,
  repositoryId: row.repository_id,
  digest: row.digest,
  type: row.type,
  mediaType: row.media_type,
  manifestMediaType: row.manifest_media_type,
  artifactType: row.artifact_type,
  size: Number(row.size),
  configDigest: row.config_digest,
  subjectDigest: row.subject_digest,
  extraAttrs: JSON.parse(row.extra_attrs) as Record<string, unknown>,
  annotations: JSON.parse(row.annotations) as Record<string, string>,
  pushTime: row.push_time,
  pullTime: row.pull_time,
  pullCount: Number(row.pull_count),
});

function tagCondition(db: Db, repositoryId: number, tag: TagFilter) {
  if (tag.kind === 'tagged') return sql<SqlBool>`exists (select 1 from tags t where t.artifact_id = a.artifact_id)`;
  if (tag.kind === 'untagged') return sql<SqlBool>`not exists (select 1 from tags t where t.artifact_id = a.artifact_id)`;
  // Through the repository's (repository_id, name) index, not artifact by artifact.
  const named = withFilters(db, db.selectFrom('tags').select('artifact_id').where('repository_id', '=', repositoryId), [tag.filter]);
  return sql<SqlBool>`a.artifact_id in (${named})`;
}

/** The artifacts of the repository's list, narrowed by tags and by labels (it must carry every one). */
export function listedArtifacts(db: Db, repositoryId: number, tags: TagFilter[], labelIds: number[] = []) {
  let base = db.selectFrom('artifacts as a').where('a.repository_id', '=', repositoryId).where(LISTED);
  for (const tag of tags) base = base.where(tagCondition(db, repositoryId, tag));
  for (const labelId of labelIds) {
    base = base.where(sql<SqlBool>`exists (select 1 from artifact_labels al where al.artifact_id = a.artifact_id and al.label_id = ${labelId})`);
  }
  return base;
}

/** One page of the repository's list; with `labelIds`, only the artifacts carrying every one of them. */
export async function listArtifactRows(
  db: Db,
  repositoryId: number,
  query: ListQuery,
  tags: TagFilter[],
  labelIds: number[] = [],
): Promise<Page<ArtifactRecord>> {
  const base = listedArtifacts(db, repositoryId, tags, labelIds);
  // A tag name or a label narrows the list to a few rows that are costly to find (a tag name
  // matched anywhere reads every tag of the repository): found once, with the total counted
  // beside the page. Otherwise the total is an index-only count, and the page stops after its rows.
  const narrowed = tags.some((tag) => tag.kind === 'name') || labelIds.length > 0;
  // The page's ids first, then its rows: the order's index carries what LISTED reads (migration
  // 0034), so the rows before a deep page are skipped in the index, not read from the table.
  const page = await (narrowed ? pageCountedOnce : pageOf)(db, base, query, (qb) => qb.select('a.artifact_id'));
  return { ...page, items: await artifactRecordsInOrder(db, page.items.map((row) => row.artifact_id)) };
}

/** The artifacts of `ids`, in that order (one deleted since the ids were read is left out). */
async function artifactRecordsInOrder(db: Db, ids: number[]): Promise<ArtifactRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('artifacts as a').select(COLUMNS).where('a.artifact_id', 'in', ids).execute();
  const byId = new Map(rows.map((row) => [row.artifact_id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toArtifact(row)] : [];
  });
}

/** The artifact of the repository that a digest, or a tag, names. */
export async function findArtifactRecord(db: Db, repositoryId: number, ref: { digest: string } | { tag: string }) {
  let query = db.selectFrom('artifacts as a').select(COLUMNS).where('a.repository_id', '=', repositoryId);
  if ('digest' in ref) query = query.where('a.digest', '=', ref.digest);
  else {
    query = query.where('a.artifact_id', '=', (eb) =>
      eb.selectFrom('tags').select('artifact_id').where('repository_id', '=', repositoryId).where('name', '=', ref.tag),
    );
  }
  const row = await query.executeTakeFirst();
  return row && toArtifact(row);
}

/** The tags of a page of artifacts, newest first. */
export async function tagsOfArtifacts(db: Db, artifactIds: number[]): Promise<TagRecord[]> {
  if (artifactIds.length === 0) return [];
  const rows = await db
    .selectFrom('tags')
    .select(['tag_id', 'repository_id', 'artifact_id', 'name', 'push_time', 'pull_time', 'pull_count'])
    .where('artifact_id', 'in', artifactIds)
    .orderBy('push_time', 'desc')
    .orderBy('tag_id', 'desc')
    .execute();
  return rows.map(toTagRecord);
}

export const toTagRecord = (row: {
  tag_id: number;
  repository_id: number;
  artifact_id: number;
  name: string;
  push_time: string;
  pull_time: string | null;
  pull_count: number;
}): TagRecord => ({
  id: row.tag_id,
  repositoryId: row.repository_id,
  artifactId: row.artifact_id,
  name: row.name,
  pushTime: row.push_time,
  pullTime: row.pull_time,
  pullCount: Number(row.pull_count),
});

/** The children of a page of indexes, in the order each index lists them. */
export async function referencesOf(db: Db, parentIds: number[]): Promise<ReferenceRecord[]> {
  if (parentIds.length === 0) return [];
  const rows = await db.selectFrom('artifact_references').selectAll().where('parent_id', 'in', parentIds).orderBy('id').execute();
  return rows.map((r) => ({
    parentId: r.parent_id,
    childId: r.child_id,
    childDigest: r.child_digest,
    platform: r.platform ? (JSON.parse(r.platform) as Record<string, unknown>) : null,
    annotations: JSON.parse(r.annotations) as Record<string, string>,
    urls: r.urls ? (JSON.parse(r.urls) as string[]) : null,
  }));
}

/** How many accessories (manifests whose subject it is) each of `digests` has in the repository. */
export async function countAccessories(db: Db, repositoryId: number, digests: string[]): Promise<Map<string, number>> {
  if (digests.length === 0) return new Map();
  const rows = await db
    .selectFrom('artifacts')
    .select(['subject_digest', (eb) => eb.fn.countAll<number>().as('count')])
    .where('repository_id', '=', repositoryId)
    .where('subject_digest', 'in', digests)
    .groupBy('subject_digest')
    .execute();
  return new Map(rows.map((r) => [r.subject_digest!, Number(r.count)]));
}

/** A page of the accessories of `subject` in the repository. */
export async function listAccessoryRows(db: Db, repositoryId: number, subject: string, query: ListQuery): Promise<Page<ArtifactRecord>> {
  const base = db.selectFrom('artifacts as a').where('a.repository_id', '=', repositoryId).where('a.subject_digest', '=', subject);
  const page = await pageOf(db, base, query, (qb) => qb.select(COLUMNS));
  return { ...page, items: page.items.map(toArtifact) };
}

/** The accessories of several subjects at once (with_accessory), oldest first. */
export async function accessoriesOf(db: Db, repositoryId: number, subjects: string[]): Promise<ArtifactRecord[]> {
  if (subjects.length === 0) return [];
  const rows = await db
    .selectFrom('artifacts as a')
    .select(COLUMNS)
    .where('a.repository_id', '=', repositoryId)
    .where('a.subject_digest', 'in', subjects)
    .orderBy('a.artifact_id')
    .execute();
  return rows.map(toArtifact);
}

/** How many artifacts each repository's list holds (a repository's artifact_count). */
export async function countListedArtifacts(db: Db, repositoryIds: number[]): Promise<Map<number, number>> {
  if (repositoryIds.length === 0) return new Map();
  const rows = await countQuery(db, repositoryIds).execute();
  return new Map(rows.map((r) => [r.repository_id, Number(r.count)]));
}

/** The query countListedArtifacts runs: index-only on both dialects (migration 0024). */
export const countQuery = (db: Db, repositoryIds: number[]) =>
  db
    .selectFrom('artifacts as a')
    .select(['a.repository_id', (eb) => eb.fn.countAll<number>().as('count')])
    .where('a.repository_id', 'in', repositoryIds)
    .where(LISTED)
    .groupBy('a.repository_id');
