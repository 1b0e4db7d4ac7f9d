/** Data access for tags: a name in a repository pointing at one artifact. */
import type { Kysely } from 'kysely';
import { orConflict } from '../../db/db-errors.js';
import type { Database } from '../../db/schema.js';
import type { ListQuery, ListSpec, Page } from '../lists/list-query.js';
import { pageOf } from '../lists/list.repository.js';
import { toTagRecord, type TagRecord } from './artifact-list.repository.js';
import { laterPullTime } from './artifact.repository.js';

type Db = Kysely<Database>;

export interface TagTarget {
  tagId: number;
  artifactId: number;
  digest: string;
}

export async function findTag(db: Db, repository: string, name: string): Promise<TagTarget | undefined> {
  const row = await db
    .selectFrom('tags as t')
    .innerJoin('repositories as r', 'r.repository_id', 't.repository_id')
    .innerJoin('artifacts as a', 'a.artifact_id', 't.artifact_id')
    .select(['t.tag_id', 't.artifact_id', 'a.digest'])
    .where('r.name', '=', repository)
    .where('t.name', '=', name)
    .executeTakeFirst();
  return row && { tagId: row.tag_id, artifactId: row.artifact_id, digest: row.digest };
}

/** Points the tag at the artifact, creating or moving it. */
export async function upsertTag(db: Db, repositoryId: number, artifactId: number, name: string, now: string): Promise<void> {
  await db
    .insertInto('tags')
    .values({ repository_id: repositoryId, artifact_id: artifactId, name, push_time: now })
    .onConflict((oc) => oc.columns(['repository_id', 'name']).doUpdateSet({ artifact_id: artifactId, push_time: now }))
    .execute();
}

export async function deleteTag(db: Db, tagId: number): Promise<void> {
  await db.deleteFrom('tags').where('tag_id', '=', tagId).execute();
}

/** The names of the tags on an artifact. */
export async function tagNamesOf(db: Db, artifactId: number): Promise<string[]> {
  const rows = await db.selectFrom('tags').select('name').where('artifact_id', '=', artifactId).orderBy('name').execute();
  return rows.map((r) => r.name);
}

/** Tag names after `after` in byte order, at most `limit` (the unique index serves this). */
export async function listTagNames(db: Db, repositoryId: number, after: string | undefined, limit: number): Promise<string[]> {
  let query = db.selectFrom('tags').select('name').where('repository_id', '=', repositoryId).orderBy('name').limit(limit);
  if (after !== undefined) query = query.where('name', '>', after);
  return (await query.execute()).map((r) => r.name);
}

export async function addTagPulls(db: Db, tagId: number, count: number, at: string): Promise<void> {
  await db
    .updateTable('tags')
    .set((eb) => ({ pull_count: eb('pull_count', '+', count), pull_time: laterPullTime(at) }))
    .where('tag_id', '=', tagId)
    .execute();
}

/** The fields an artifact's tag list offers in q and sort; each sort has an index with artifact_id. */
export const TAG_LIST: ListSpec = {
  items: 'tags',
  fields: {
    name: { column: 'name', type: 'string', sort: true, unique: true },
    push_time: { column: 'push_time', type: 'time', sort: true },
    pull_time: { column: 'pull_time', type: 'time', sort: true, nullable: true },
    id: { column: 'tag_id', type: 'int', sort: true, unique: true },
  },
  defaultSort: '-push_time',
  tieBreaker: 'tag_id',
};

/** A page of the artifact's tags. */
export async function listTagRows(db: Db, artifactId: number, query: ListQuery): Promise<Page<TagRecord>> {
  const base = db.selectFrom('tags').where('artifact_id', '=', artifactId);
  const page = await pageOf(db, base, query, (qb) =>
    qb.select(['tag_id', 'repository_id', 'artifact_id', 'name', 'push_time', 'pull_time', 'pull_count']),
  );
  return { ...page, items: page.items.map(toTagRecord) };
}

/** Adds a tag; CONFLICT when the repository has a tag of that name already, on any artifact (as Harbor). */
export async function insertTag(db: Db, tag: { repositoryId: number; artifactId: number; name: string; at: string }, repository: string) {
  const row = await orConflict(
    () =>
      db
        .insertInto('tags')
        .values({ repository_id: tag.repositoryId, artifact_id: tag.artifactId, name: tag.name, push_time: tag.at })
        .returning('tag_id')
        .executeTakeFirstOrThrow(),
    `The tag ${tag.name} already exists in ${repository}.`,
  );
  return row.tag_id;
}

/** Whether the artifact carries the tag. */
export async function artifactHasTag(db: Db, artifactId: number, name: string): Promise<boolean> {
  const row = await db.selectFrom('tags').select('tag_id').where('artifact_id', '=', artifactId).where('name', '=', name).executeTakeFirst();
  return row !== undefined;
}
