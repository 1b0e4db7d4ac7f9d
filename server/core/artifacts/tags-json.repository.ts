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

/** The version of each artifact's tags (artifact_tag_versions; no row: 0). */
export async function tagVersionsOf(db: Db, artifactIds: number[]): Promise<Map<number, number>> {
  if (artifactIds.length === 0) return new Map();
  const rows = await db.selectFrom('artifact_tag_versions').select(['artifact_id', 'version']).where('artifact_id', 'in', artifactIds).execute();
  return new Map(rows.map((r) => [Number(r.artifact_id), Number(r.version)]));
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
          select t.artifact_id, json_object('id', t.tag_id, 'repository_id', t.repository_id, 'artifact_id', t.artifact_id, 'name', t.name,
            'push_time', t.push_time, 'pull_time', coalesce(t.pull_time, ${ZERO_TIME}), 'immutable', json('false'), 'pull_count', t.pull_count) as tag
          from tags t where t.artifact_id in (${sql.join(artifactIds)}) order by t.artifact_id desc, t.push_time desc, t.tag_id desc
        ) s group by artifact_id`.execute(db);
  return new Map(rows.rows.map((r) => [Number(r.artifact_id), { json: `[${r.json}]`, tags: Number(r.tags), version: Number(r.version) }]));
}
