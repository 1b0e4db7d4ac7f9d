/**
 * What this Berth holds, as a push rule's source: repository names, and each repository's
 * top-level artifacts with their tags. An index's children and an artifact's accessories
 * (referrers with a subject, cosign's sha256-<hex>.sig/.att/.sbom tags) are not listed: the copy
 * brings them with what they belong to.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { CandidateArtifact } from './filters.js';

type Db = Kysely<Database>;

/** cosign's tags for an artifact's signature, attestation and SBOM. */
export const ACCESSORY_TAG = /^sha256-[0-9a-f]{64}(\.[a-z]+)?$/;

export async function localRepositoryNames(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('repositories').select('name').orderBy('name').execute();
  return rows.map((r) => r.name);
}

export async function localArtifacts(db: Db, repository: string): Promise<CandidateArtifact[]> {
  const rows = await db
    .selectFrom('artifacts as a')
    .innerJoin('repositories as r', 'r.repository_id', 'a.repository_id')
    .leftJoin('tags as t', 't.artifact_id', 'a.artifact_id')
    .select(['a.artifact_id', 'a.digest', 'a.type', 't.name as tag'])
    .where('r.name', '=', repository)
    .where('a.subject_digest', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('artifact_references as ref')
            .innerJoin('artifacts as parent', 'parent.artifact_id', 'ref.parent_id')
            .select('ref.id')
            .whereRef('ref.child_id', '=', 'a.artifact_id')
            .whereRef('parent.repository_id', '=', 'a.repository_id'),
        ),
      ),
    )
    .orderBy('a.artifact_id')
    .orderBy('t.name')
    .execute();
  const byId = new Map<number, { artifact: CandidateArtifact; accessoryTagged: boolean }>();
  for (const row of rows) {
    let entry = byId.get(row.artifact_id);
    if (!entry) {
      entry = { artifact: { digest: row.digest, tags: [], labels: [], type: row.type }, accessoryTagged: false };
      byId.set(row.artifact_id, entry);
    }
    if (row.tag === null) continue;
    if (ACCESSORY_TAG.test(row.tag)) entry.accessoryTagged = true;
    else entry.artifact.tags.push(row.tag);
  }
  // The names of the labels each carries, for the rule's label filter.
  const ids = [...byId.keys()];
  for (let i = 0; i < ids.length; i += 500) {
    const labelled = await db
      .selectFrom('artifact_labels as al')
      .innerJoin('labels as l', 'l.id', 'al.label_id')
      .select(['al.artifact_id', 'l.name'])
      .where('al.artifact_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const row of labelled) byId.get(row.artifact_id)?.artifact.labels?.push(row.name);
  }
  // A cosign signature is an image tagged sha256-<hex>.sig and nothing else: it follows its subject.
  return [...byId.values()].filter((e) => !(e.accessoryTagged && e.artifact.tags.length === 0)).map((e) => e.artifact);
}
