/** The artifact lists' inline tags (with_tag=true), written as JSON text by the database. */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { ZERO_TIME } from '../../lib/time.js';

type Db = Kysely<Database>;

/**
 * The tags of a page of artifacts as the JSON text of Harbor's tag arrays, newest first, by
 * artifact id (absent: no tags); `immutable` false, for repositories no immutable rule selects.
 * The database writes the text in one pass: 5,000 tags read as rows, made objects and serialized
 * cost several times the query. The fields and their order are the API's tag (registry-presenters tagJson).
 */
export async function tagsJsonOfArtifacts(db: Db, artifactIds: number[]): Promise<Map<number, string>> {
  if (artifactIds.length === 0) return new Map();
  const rows = isPostgres(db)
    ? await sql<{ artifact_id: number; json: string }>`
        select t.artifact_id, string_agg('{"id":' || t.tag_id || ',"repository_id":' || t.repository_id || ',"artifact_id":' || t.artifact_id
          || ',"name":' || to_json(t.name)::text || ',"push_time":' || to_json(t.push_time)::text
          || ',"pull_time":' || coalesce(to_json(t.pull_time)::text, ${JSON.stringify(ZERO_TIME)})
          || ',"immutable":false,"pull_count":' || t.pull_count || '}', ',' order by t.push_time desc, t.tag_id desc) as json
        from tags t where t.artifact_id in (${sql.join(artifactIds)}) group by t.artifact_id`.execute(db)
    : // group_concat takes the rows in the order of the subquery, which reads the (artifact_id,
      // push_time) index backwards; an ORDER BY inside group_concat would sort them again.
      await sql<{ artifact_id: number; json: string }>`
        select artifact_id, group_concat(tag, ',') as json from (
          select t.artifact_id, json_object('id', t.tag_id, 'repository_id', t.repository_id, 'artifact_id', t.artifact_id, 'name', t.name,
            'push_time', t.push_time, 'pull_time', coalesce(t.pull_time, ${ZERO_TIME}), 'immutable', json('false'), 'pull_count', t.pull_count) as tag
          from tags t where t.artifact_id in (${sql.join(artifactIds)}) order by t.artifact_id desc, t.push_time desc, t.tag_id desc
        ) group by artifact_id`.execute(db);
  return new Map(rows.rows.map((r) => [Number(r.artifact_id), `[${r.json}]`]));
}
