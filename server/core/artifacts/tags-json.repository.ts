/** The artifact lists' inline tags (with_tag=true), written as JSON text by the database. */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { ZERO_TIME } from '../../lib/time.js';

type Db = Kysely<Database>;

/** An artifact's tags as JSON text, with how many they are and the version of its tags the text is (migration 0029). */
export interface TagsJson {
  json: string;
  tags: number;
  version: number;
}

type Row = { artifact_id: number; tags: number | string; version: number | string; json: string };

/** SQLite: tags per statement when one artifact's list is long (about 2 ms of the event loop each). */
export const TAGS_PER_STATEMENT = 1000;
/** A long list read again when its tags changed while it was read, at most this often; then in one statement. */
const READS_OF_A_CHANGING_LIST = 3;

/** The version of each artifact's tags (artifact_tag_versions; no row: 0). */
export async function tagVersionsOf(db: Db, artifactIds: number[]): Promise<Map<number, number>> {
  if (artifactIds.length === 0) return new Map();
  const rows = await db.selectFrom('artifact_tag_versions').select(['artifact_id', 'version']).where('artifact_id', 'in', artifactIds).execute();
  return new Map(rows.map((r) => [Number(r.artifact_id), Number(r.version)]));
}

/** How many tags each artifact has (absent: none). */
export async function tagCountsOf(db: Db, artifactIds: number[]): Promise<Map<number, number>> {
  if (artifactIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('tags')
    .select(['artifact_id', (eb) => eb.fn.countAll<number | string>().as('tags')])
    .where('artifact_id', 'in', artifactIds)
    .groupBy('artifact_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.artifact_id), Number(r.tags)]));
}

/** SQLite: Harbor's tag as JSON, as tagsJsonOfArtifacts writes it. */
const SQLITE_TAG = sql<string>`json_object('id', t.tag_id, 'repository_id', t.repository_id, 'artifact_id', t.artifact_id, 'name', t.name,
  'push_time', t.push_time, 'pull_time', coalesce(t.pull_time, ${ZERO_TIME}), 'immutable', json('false'), 'pull_count', t.pull_count)`;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * SQLite: one artifact's tags as tagsJsonOfArtifacts writes them, TAGS_PER_STATEMENT at a time
 * (newest first, by push time and id), with a turn of the event loop between statements:
 * better-sqlite3 runs each statement on the event loop, and one statement writing 5,000 tags held
 * it for 10 ms and more (cold pages), the registry's pulls waiting behind it. The statements are
 * not one snapshot: the version read before the first and after the last tells whether a change
 * came between (every change raises it), and then the list is read again.
 */
export async function sqliteTagsJsonInSteps(db: Db, artifactId: number): Promise<TagsJson | undefined> {
  for (let read = 0; read < READS_OF_A_CHANGING_LIST; read++) {
    const version = (await tagVersionsOf(db, [artifactId])).get(artifactId) ?? 0;
    const parts: string[] = [];
    let last: { push_time: string; tag_id: number } | undefined;
    let tags = 0;
    for (;;) {
      const after = last ? sql`and (t.push_time, t.tag_id) < (${last.push_time}, ${last.tag_id})` : sql``;
      const { rows } = await sql<{ push_time: string; tag_id: number; tag: string }>`
        select t.push_time, t.tag_id, ${SQLITE_TAG} as tag from tags t
        where t.artifact_id = ${artifactId} ${after} order by t.push_time desc, t.tag_id desc limit ${TAGS_PER_STATEMENT}`.execute(db);
      for (const row of rows) parts.push(row.tag);
      tags += rows.length;
      if (rows.length < TAGS_PER_STATEMENT) break;
      last = rows.at(-1);
      await nextTurn();
    }
    if (((await tagVersionsOf(db, [artifactId])).get(artifactId) ?? 0) === version) {
      return tags === 0 ? undefined : { json: `[${parts.join(',')}]`, tags, version };
    }
    await nextTurn();
  }
  // Changed at every read: one statement, one snapshot.
  return (await tagsJsonOfArtifacts(db, [artifactId])).get(artifactId);
}

/**
 * The tags of a page of artifacts as the JSON text of Harbor's tag arrays, newest first, by
 * artifact id (absent: no tags); `immutable` false, for repositories no immutable rule selects.
 * The database writes the text in one pass: 5,000 tags read as rows, made objects and serialized
 * cost several times the query. The fields and their order are the API's tag (registry-presenters tagJson).
 * The version is read by the same statement, so it is the version of that text.
 */
export async function tagsJsonOfArtifacts(db: Db, artifactIds: number[]): Promise<Map<number, TagsJson>> {
  if (artifactIds.length === 0) return new Map();
  const rows = isPostgres(db)
    ? await sql<Row>`
        select t.artifact_id, count(*) as tags, coalesce((select v.version from artifact_tag_versions v where v.artifact_id = t.artifact_id), 0) as version,
          string_agg('{"id":' || t.tag_id || ',"repository_id":' || t.repository_id || ',"artifact_id":' || t.artifact_id
          || ',"name":' || to_json(t.name)::text || ',"push_time":' || to_json(t.push_time)::text
          || ',"pull_time":' || coalesce(to_json(t.pull_time)::text, ${JSON.stringify(ZERO_TIME)})
          || ',"immutable":false,"pull_count":' || t.pull_count || '}', ',' order by t.push_time desc, t.tag_id desc) as json
        from tags t where t.artifact_id in (${sql.join(artifactIds)}) group by t.artifact_id`.execute(db)
    : // group_concat takes the rows in the order of the subquery, which reads the (artifact_id,
      // push_time) index backwards; an ORDER BY inside group_concat would sort them again.
      await sql<Row>`
        select artifact_id, count(*) as tags, coalesce((select v.version from artifact_tag_versions v where v.artifact_id = s.artifact_id), 0) as version,
          group_concat(tag, ',') as json from (
          select t.artifact_id, ${SQLITE_TAG} as tag
          from tags t where t.artifact_id in (${sql.join(artifactIds)}) order by t.artifact_id desc, t.push_time desc, t.tag_id desc
        ) s group by artifact_id`.execute(db);
  return new Map(rows.rows.map((r) => [Number(r.artifact_id), { json: `[${r.json}]`, tags: Number(r.tags), version: Number(r.version) }]));
}
