/**
 * Triggers that keep migration 0020's storage figures right in the same transaction as every
 * change to artifacts, their blob links, blobs, repositories and projects — whichever code path
 * makes it (push, copy, tag or artifact delete, repository and project deletes by cascade,
 * retention, replication, GC), so no caller can forget one.
 *
 * An artifact's blob links are removed by its own BEFORE DELETE trigger, while its row (and so
 * its project and repository) is still there to be counted against.
 *
 * A blob entering a scope (its first link from the scope's artifacts) adds its size to the
 * scope's blob bytes, and to its unique bytes when no other scope of that kind names it; when
 * exactly one other did, that one's unique bytes lose it. Leaving reverses this.
 *
 * PostgreSQL: the per-blob rows (storage_blob_refs, blob_usage) are changed under the blob's
 * row lock, which a push already holds (claimBlobs) and a delete takes here first, in blob order,
 * so two transactions meet on a blob in one order. Counter changes are appended as deltas and
 * folded without waiting (SKIP LOCKED): no push waits on, or deadlocks over, a project's row.
 * SQLite has one writer at a time and updates the counter rows directly.
 */
import { sql } from 'kysely';
import { isPostgres, type AnyDb } from './support.js';

type Scope = { scope: 'p' | 'r'; column: 'project_id' | 'repository_id'; refs: 'project_refs' | 'repository_refs' };
const SCOPES: Scope[] = [
  { scope: 'p', column: 'project_id', refs: 'project_refs' },
  { scope: 'r', column: 'repository_id', refs: 'repository_refs' },
];

/** SQLite: statements for one scope kind; `row` is NEW or OLD of artifact_blobs. */
function sqliteLinkStatements({ scope, column, refs }: Scope, row: 'NEW' | 'OLD'): string {
  const id = `(SELECT ${column} FROM artifacts WHERE artifact_id = ${row}.artifact_id)`;
  const size = `(SELECT size FROM blobs WHERE blob_id = ${row}.blob_id)`;
  const key = `scope = '${scope}' AND scope_id = ${id} AND blob_id = ${row}.blob_id`;
  const count = `(SELECT refs FROM storage_blob_refs WHERE ${key})`;
  const scopes = `(SELECT ${refs} FROM blob_usage WHERE blob_id = ${row}.blob_id)`;
  if (row === 'NEW') {
    const fresh = `${count} = 1`;
    return `
  INSERT OR IGNORE INTO storage_blob_refs (scope, scope_id, blob_id, refs) VALUES ('${scope}', ${id}, NEW.blob_id, 0);
  UPDATE storage_blob_refs SET refs = refs + 1 WHERE ${key};
  UPDATE blob_usage SET ${refs} = ${refs} + 1 WHERE blob_id = NEW.blob_id AND ${fresh};
  UPDATE storage_counters SET logical_blob_bytes = logical_blob_bytes + ${size},
    blob_bytes = blob_bytes + CASE WHEN ${fresh} THEN ${size} ELSE 0 END,
    unique_blob_bytes = unique_blob_bytes + CASE WHEN ${fresh} AND ${scopes} = 1 THEN ${size} ELSE 0 END
    WHERE scope = '${scope}' AND scope_id = ${id};
  UPDATE storage_counters SET unique_blob_bytes = unique_blob_bytes - ${size}
    WHERE ${fresh} AND ${scopes} = 2 AND scope = '${scope}'
    AND scope_id = (SELECT scope_id FROM storage_blob_refs WHERE blob_id = NEW.blob_id AND scope = '${scope}' AND scope_id <> ${id});`;
  }
  const gone = `${count} = 0`;
  return `
  UPDATE storage_blob_refs SET refs = refs - 1 WHERE ${key};
  UPDATE blob_usage SET ${refs} = ${refs} - 1 WHERE blob_id = OLD.blob_id AND ${gone};
  UPDATE storage_counters SET logical_blob_bytes = logical_blob_bytes - ${size},
    blob_bytes = blob_bytes - CASE WHEN ${gone} THEN ${size} ELSE 0 END,
    unique_blob_bytes = unique_blob_bytes - CASE WHEN ${gone} AND ${scopes} = 0 THEN ${size} ELSE 0 END
    WHERE scope = '${scope}' AND scope_id = ${id};
  UPDATE storage_counters SET unique_blob_bytes = unique_blob_bytes + ${size}
    WHERE ${gone} AND ${scopes} = 1 AND scope = '${scope}'
    AND scope_id = (SELECT scope_id FROM storage_blob_refs WHERE blob_id = OLD.blob_id AND scope = '${scope}' AND refs > 0);
  DELETE FROM storage_blob_refs WHERE ${key} AND refs = 0;`;
}

function sqliteTriggers(): string[] {
  const size = (row: string) => `(SELECT size FROM blobs WHERE blob_id = ${row}.blob_id)`;
  const artifactRefs = (row: string) => `(SELECT artifact_refs FROM blob_usage WHERE blob_id = ${row}.blob_id)`;
  const scopesOf = (row: string) =>
    `(scope = 'p' AND scope_id = ${row}.project_id) OR (scope = 'r' AND scope_id = ${row}.repository_id) OR (scope = 's' AND scope_id = 0)`;
  return [
    `CREATE TRIGGER storage_artifact_blob_added AFTER INSERT ON artifact_blobs BEGIN
  INSERT OR IGNORE INTO blob_usage (blob_id) VALUES (NEW.blob_id);
  UPDATE blob_usage SET artifact_refs = artifact_refs + 1 WHERE blob_id = NEW.blob_id;
  UPDATE storage_counters SET logical_blob_bytes = logical_blob_bytes + ${size('NEW')},
    blob_bytes = blob_bytes + CASE WHEN ${artifactRefs('NEW')} = 1 THEN ${size('NEW')} ELSE 0 END
    WHERE scope = 's' AND scope_id = 0;
  ${SCOPES.map((s) => sqliteLinkStatements(s, 'NEW')).join('\n')}
END`,
    `CREATE TRIGGER storage_artifact_blob_removed AFTER DELETE ON artifact_blobs BEGIN
  UPDATE blob_usage SET artifact_refs = artifact_refs - 1 WHERE blob_id = OLD.blob_id;
  UPDATE storage_counters SET logical_blob_bytes = logical_blob_bytes - ${size('OLD')},
    blob_bytes = blob_bytes - CASE WHEN ${artifactRefs('OLD')} = 0 THEN ${size('OLD')} ELSE 0 END
    WHERE scope = 's' AND scope_id = 0;
  ${SCOPES.map((s) => sqliteLinkStatements(s, 'OLD')).join('\n')}
  DELETE FROM blob_usage WHERE blob_id = OLD.blob_id AND artifact_refs = 0;
END`,
    `CREATE TRIGGER storage_artifact_added AFTER INSERT ON artifacts BEGIN
  UPDATE storage_counters SET artifact_count = artifact_count + 1, manifest_bytes = manifest_bytes + NEW.manifest_size WHERE ${scopesOf('NEW')};
END`,
    `CREATE TRIGGER storage_artifact_removed BEFORE DELETE ON artifacts BEGIN
  DELETE FROM artifact_blobs WHERE artifact_id = OLD.artifact_id;
  UPDATE storage_counters SET artifact_count = artifact_count - 1, manifest_bytes = manifest_bytes - OLD.manifest_size WHERE ${scopesOf('OLD')};
END`,
    `CREATE TRIGGER storage_blob_added AFTER INSERT ON blobs BEGIN
  UPDATE storage_counters SET stored_blob_bytes = stored_blob_bytes + NEW.size WHERE scope = 's' AND scope_id = 0;
END`,
    `CREATE TRIGGER storage_blob_removed AFTER DELETE ON blobs BEGIN
  UPDATE storage_counters SET stored_blob_bytes = stored_blob_bytes - OLD.size WHERE scope = 's' AND scope_id = 0;
END`,
    ...SCOPES.flatMap(({ scope, column }) => {
      const table = scope === 'p' ? 'projects' : 'repositories';
      return [
        `CREATE TRIGGER storage_${table}_added AFTER INSERT ON ${table} BEGIN
  INSERT OR IGNORE INTO storage_counters (scope, scope_id) VALUES ('${scope}', NEW.${column});
END`,
        `CREATE TRIGGER storage_${table}_removed AFTER DELETE ON ${table} BEGIN
  DELETE FROM storage_counters WHERE scope = '${scope}' AND scope_id = OLD.${column};
END`,
      ];
    }),
  ];
}

const PG_FIGURES = 'artifact_count, manifest_bytes, blob_bytes, unique_blob_bytes, logical_blob_bytes, stored_blob_bytes';

/** PostgreSQL: the triggers' functions, then the triggers. */
function postgresStatements(): string[] {
  const linkChange = (sign: '+' | '-') =>
    SCOPES.map(({ scope }) => {
      const id = scope === 'p' ? 'pid' : 'rid';
      const moved = scope === 'p' ? 'moved_p' : 'moved_r';
      const count = scope === 'p' ? 'u.project_refs' : 'u.repository_refs';
      // Entering: unique when now the only scope; the one other scope loses it when now two.
      // Leaving: unique lost when none is left; the one left gains it.
      const alone = sign === '+' ? 1 : 0;
      const other = sign === '+' ? 2 : 1;
      return `
  PERFORM berth_storage_add('${scope}', ${id}, 0, 0, CASE WHEN ${moved} THEN ${sign}sz ELSE 0 END,
    CASE WHEN ${moved} AND ${count} = ${alone} THEN ${sign}sz ELSE 0 END, ${sign}sz, 0);
  IF ${moved} AND ${count} = ${other} THEN
    SELECT scope_id INTO other_id FROM storage_blob_refs
      WHERE blob_id = b_id AND scope = '${scope}' AND scope_id <> ${id} AND refs > 0 LIMIT 1;
    IF FOUND THEN PERFORM berth_storage_add('${scope}', other_id, 0, 0, 0, ${sign === '+' ? '-' : ''}sz, 0, 0); END IF;
  END IF;`;
    }).join('');
  const refsUpsert = (scope: string, id: string, into: string) =>
    `INSERT INTO storage_blob_refs AS s (scope, scope_id, blob_id, refs) VALUES ('${scope}', ${id}, b_id, 1)
    ON CONFLICT (scope, scope_id, blob_id) DO UPDATE SET refs = s.refs + 1 RETURNING s.refs = 1 INTO ${into};`;
  const refsDecrement = (scope: string, id: string, into: string) =>
    `UPDATE storage_blob_refs SET refs = refs - 1 WHERE scope = '${scope}' AND scope_id = ${id} AND blob_id = b_id RETURNING refs = 0 INTO ${into};`;
  const declare = `DECLARE pid integer; rid integer; b_id integer; sz bigint; moved_p boolean; moved_r boolean; other_id integer; u blob_usage%ROWTYPE;`;
  const scopesOf = (row: string, sign: string) =>
    ['p', 'r', 's']
      .map((s) => {
        const id = s === 'p' ? `${row}.project_id` : s === 'r' ? `${row}.repository_id` : '0';
        return `PERFORM berth_storage_add('${s}', ${id}, ${sign}1, ${sign}${row}.manifest_size, 0, 0, 0, 0);
  PERFORM berth_storage_fold('${s}', ${id});`;
      })
      .join('\n  ');
  return [
    // Parameters are prefixed: plain names (id) would be ambiguous with the tables' columns.
    `CREATE FUNCTION berth_storage_add(p_scope char, p_id integer, n bigint, manifest bigint, blob bigint, uniq bigint, logical bigint, stored bigint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF n = 0 AND manifest = 0 AND blob = 0 AND uniq = 0 AND logical = 0 AND stored = 0 THEN RETURN; END IF;
  INSERT INTO storage_counter_deltas (scope, scope_id, ${PG_FIGURES}) VALUES (p_scope, p_id, n, manifest, blob, uniq, logical, stored);
END $$`,
    // Only the transaction holding the counter row's lock folds its deltas; the others leave theirs.
    `CREATE FUNCTION berth_storage_fold(p_scope char, p_id integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM storage_counters WHERE scope = p_scope AND scope_id = p_id FOR NO KEY UPDATE SKIP LOCKED;
  IF NOT FOUND THEN RETURN; END IF;
  WITH gone AS (DELETE FROM storage_counter_deltas WHERE scope = p_scope AND scope_id = p_id RETURNING *),
  total AS (SELECT ${PG_FIGURES.split(', ').map((f) => `coalesce(sum(${f}), 0) AS ${f}`).join(', ')} FROM gone)
  UPDATE storage_counters c SET ${PG_FIGURES.split(', ').map((f) => `${f} = c.${f} + total.${f}`).join(', ')}
  FROM total WHERE c.scope = p_scope AND c.scope_id = p_id;
END $$`,
    `CREATE FUNCTION berth_storage_blob_linked() RETURNS trigger LANGUAGE plpgsql AS $$
${declare}
BEGIN
  b_id := NEW.blob_id;
  SELECT project_id, repository_id INTO pid, rid FROM artifacts WHERE artifact_id = NEW.artifact_id;
  SELECT size INTO sz FROM blobs WHERE blob_id = b_id FOR NO KEY UPDATE;
  ${refsUpsert('p', 'pid', 'moved_p')}
  ${refsUpsert('r', 'rid', 'moved_r')}
  INSERT INTO blob_usage AS b (blob_id, artifact_refs, repository_refs, project_refs) VALUES (b_id, 1, moved_r::int, moved_p::int)
    ON CONFLICT (blob_id) DO UPDATE SET artifact_refs = b.artifact_refs + 1,
      repository_refs = b.repository_refs + moved_r::int, project_refs = b.project_refs + moved_p::int
    RETURNING * INTO u;
  PERFORM berth_storage_add('s', 0, 0, 0, CASE WHEN u.artifact_refs = 1 THEN sz ELSE 0 END, 0, sz, 0);
  ${linkChange('+')}
  RETURN NULL;
END $$`,
    `CREATE FUNCTION berth_storage_blob_unlinked() RETURNS trigger LANGUAGE plpgsql AS $$
${declare}
BEGIN
  b_id := OLD.blob_id;
  SELECT project_id, repository_id INTO pid, rid FROM artifacts WHERE artifact_id = OLD.artifact_id;
  IF NOT FOUND THEN RETURN NULL; END IF;
  SELECT size INTO sz FROM blobs WHERE blob_id = b_id;
  ${refsDecrement('p', 'pid', 'moved_p')}
  ${refsDecrement('r', 'rid', 'moved_r')}
  DELETE FROM storage_blob_refs WHERE blob_id = b_id AND refs = 0 AND ((scope = 'p' AND scope_id = pid) OR (scope = 'r' AND scope_id = rid));
  UPDATE blob_usage SET artifact_refs = artifact_refs - 1,
    repository_refs = repository_refs - coalesce(moved_r, false)::int, project_refs = project_refs - coalesce(moved_p, false)::int
    WHERE blob_id = b_id RETURNING * INTO u;
  moved_p := coalesce(moved_p, false);
  moved_r := coalesce(moved_r, false);
  PERFORM berth_storage_add('s', 0, 0, 0, CASE WHEN u.artifact_refs = 0 THEN -sz ELSE 0 END, 0, -sz, 0);
  ${linkChange('-')}
  DELETE FROM blob_usage WHERE blob_id = b_id AND artifact_refs = 0;
  RETURN NULL;
END $$`,
    `CREATE FUNCTION berth_storage_artifact_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  ${scopesOf('NEW', '')}
  RETURN NULL;
END $$`,
    `CREATE FUNCTION berth_storage_artifact_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM blobs WHERE blob_id IN (SELECT blob_id FROM artifact_blobs WHERE artifact_id = OLD.artifact_id)
    ORDER BY blob_id FOR NO KEY UPDATE;
  DELETE FROM artifact_blobs WHERE artifact_id = OLD.artifact_id;
  ${scopesOf('OLD', '-')}
  RETURN OLD;
END $$`,
    `CREATE FUNCTION berth_storage_blob_stored() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN PERFORM berth_storage_add('s', 0, 0, 0, 0, 0, 0, NEW.size);
  ELSE PERFORM berth_storage_add('s', 0, 0, 0, 0, 0, 0, -OLD.size); END IF;
  PERFORM berth_storage_fold('s', 0);
  RETURN NULL;
END $$`,
    `CREATE FUNCTION berth_storage_scope_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'projects' THEN INSERT INTO storage_counters (scope, scope_id) VALUES ('p', NEW.project_id);
  ELSE INSERT INTO storage_counters (scope, scope_id) VALUES ('r', NEW.repository_id); END IF;
  RETURN NULL;
END $$`,
    // Named to sort after PostgreSQL's RI_ConstraintTrigger_*, so the cascade's deltas are gone too.
    `CREATE FUNCTION berth_storage_scope_removed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v_scope char; v_id integer;
BEGIN
  IF TG_TABLE_NAME = 'projects' THEN v_scope := 'p'; v_id := OLD.project_id; ELSE v_scope := 'r'; v_id := OLD.repository_id; END IF;
  DELETE FROM storage_counters WHERE scope = v_scope AND scope_id = v_id;
  DELETE FROM storage_counter_deltas WHERE scope = v_scope AND scope_id = v_id;
  RETURN NULL;
END $$`,
    `CREATE TRIGGER storage_artifact_blob_added AFTER INSERT ON artifact_blobs FOR EACH ROW EXECUTE FUNCTION berth_storage_blob_linked()`,
    `CREATE TRIGGER storage_artifact_blob_removed AFTER DELETE ON artifact_blobs FOR EACH ROW EXECUTE FUNCTION berth_storage_blob_unlinked()`,
    `CREATE TRIGGER storage_artifact_added AFTER INSERT ON artifacts FOR EACH ROW EXECUTE FUNCTION berth_storage_artifact_added()`,
    `CREATE TRIGGER storage_artifact_removed BEFORE DELETE ON artifacts FOR EACH ROW EXECUTE FUNCTION berth_storage_artifact_removed()`,
    `CREATE TRIGGER storage_blob_stored AFTER INSERT OR DELETE ON blobs FOR EACH ROW EXECUTE FUNCTION berth_storage_blob_stored()`,
    ...['projects', 'repositories'].flatMap((table) => [
      `CREATE TRIGGER storage_${table}_added AFTER INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION berth_storage_scope_added()`,
      `CREATE TRIGGER storage_${table}_removed AFTER DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION berth_storage_scope_removed()`,
    ]),
  ];
}

const TRIGGERS: [string, string][] = [
  ['storage_artifact_blob_added', 'artifact_blobs'],
  ['storage_artifact_blob_removed', 'artifact_blobs'],
  ['storage_artifact_added', 'artifacts'],
  ['storage_artifact_removed', 'artifacts'],
  ['storage_projects_added', 'projects'],
  ['storage_projects_removed', 'projects'],
  ['storage_repositories_added', 'repositories'],
  ['storage_repositories_removed', 'repositories'],
];
const PG_FUNCTIONS = [
  'berth_storage_blob_linked',
  'berth_storage_blob_unlinked',
  'berth_storage_artifact_added',
  'berth_storage_artifact_removed',
  'berth_storage_blob_stored',
  'berth_storage_scope_added',
  'berth_storage_scope_removed',
];

export async function up(db: AnyDb): Promise<void> {
  for (const statement of isPostgres(db) ? postgresStatements() : sqliteTriggers()) await sql.raw(statement).execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    for (const [name, table] of [...TRIGGERS, ['storage_blob_stored', 'blobs'] as [string, string]]) {
      await sql.raw(`DROP TRIGGER IF EXISTS ${name} ON ${table}`).execute(db);
    }
    for (const fn of PG_FUNCTIONS) await sql.raw(`DROP FUNCTION IF EXISTS ${fn}()`).execute(db);
    await sql.raw('DROP FUNCTION IF EXISTS berth_storage_fold(char, integer)').execute(db);
    await sql.raw('DROP FUNCTION IF EXISTS berth_storage_add(char, integer, bigint, bigint, bigint, bigint, bigint, bigint)').execute(db);
    return;
  }
  for (const [name] of [...TRIGGERS, ['storage_blob_added'], ['storage_blob_removed']]) await sql.raw(`DROP TRIGGER IF EXISTS ${name}`).execute(db);
}
