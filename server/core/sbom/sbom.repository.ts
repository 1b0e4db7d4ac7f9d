/** SQL of generated SBOMs: the report of each artifact (Harbor's sbom_overview) and the packages it lists. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { SbomReportRow } from '../../db/schema-sbom.js';
import type { FoundPackage } from './package-types.js';

type Db = Kysely<Database>;

/** Rows per insert: well under SQLite's and PostgreSQL's bound-parameter limits. */
const INSERT_BATCH = 500;

export type { SbomReportRow };

/** Starts (or restarts) the artifact's report: a new report id, Pending, the package list kept until the new one is ready. */
export async function startReport(db: Db, artifactId: number, reportId: string, now: string): Promise<void> {
  await db
    .insertInto('sbom_reports')
    .values({ artifact_id: artifactId, report_id: reportId, status: 'Pending', start_time: now })
    .onConflict((oc) =>
      oc.column('artifact_id').doUpdateSet({ report_id: reportId, status: 'Pending', error: null, start_time: now, end_time: null }),
    )
    .execute();
}

/** Moves the report on, only while it is still the one `reportId` names (a newer request wins). */
export async function updateReport(
  db: Db,
  artifactId: number,
  reportId: string,
  change: { status: string; sbom_digest?: string; error?: string | null; package_count?: number; bytes_read?: number; end_time?: string },
): Promise<boolean> {
  const result = await db.updateTable('sbom_reports').set(change).where('artifact_id', '=', artifactId).where('report_id', '=', reportId).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function findReports(db: Db, artifactIds: number[]): Promise<Map<number, SbomReportRow>> {
  if (artifactIds.length === 0) return new Map();
  const rows = await db.selectFrom('sbom_reports').selectAll().where('artifact_id', 'in', artifactIds).execute();
  return new Map(rows.map((r) => [r.artifact_id, r]));
}

/** Replaces the artifact's package rows (in the caller's transaction). */
export async function replacePackages(trx: Db, artifactId: number, packages: FoundPackage[]): Promise<void> {
  await trx.deleteFrom('sbom_packages').where('artifact_id', '=', artifactId).execute();
  for (let i = 0; i < packages.length; i += INSERT_BATCH) {
    const rows = packages.slice(i, i + INSERT_BATCH).map((p) => ({
      artifact_id: artifactId,
      name: p.name.slice(0, 255),
      version: p.version.slice(0, 255),
      type: p.type,
      purl: p.purl,
      license: p.license,
    }));
    await trx.insertInto('sbom_packages').values(rows).execute();
  }
}

export interface PackageRow {
  name: string;
  version: string;
  type: string;
  purl: string;
  license: string;
}

/** A page of the artifact's packages, by type and name; `name` filters on a part of the name. */
export async function listPackages(db: Db, artifactId: number, name: string | undefined, page: { offset: number; limit: number }) {
  let query = db.selectFrom('sbom_packages').where('artifact_id', '=', artifactId);
  if (name) query = query.where('name', 'like', `%${name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const [{ total }] = (await query.select((eb) => eb.fn.countAll<number>().as('total')).execute()) as [{ total: number }];
  const items = await query
    .select(['name', 'version', 'type', 'purl', 'license'])
    .orderBy('type')
    .orderBy('name')
    .orderBy('version')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { total: Number(total), items: items as PackageRow[] };
}

export interface PackageUse extends PackageRow {
  artifactId: number;
  digest: string;
  repositoryName: string;
  projectId: number;
  pushTime: string;
}

/** Every artifact whose SBOM lists a package called `name` (exact, case-insensitive), newest push first. */
export async function findPackageUses(db: Db, name: string, type: string | undefined): Promise<PackageUse[]> {
  let query = db
    .selectFrom('sbom_packages as p')
    .innerJoin('artifacts as a', 'a.artifact_id', 'p.artifact_id')
    .innerJoin('repositories as r', 'r.repository_id', 'a.repository_id')
    .where((eb) => eb(eb.fn('lower', ['p.name']), '=', name.toLowerCase()));
  if (type) query = query.where('p.type', '=', type);
  const rows = await query
    .select(['p.name', 'p.version', 'p.type', 'p.purl', 'p.license', 'a.artifact_id', 'a.digest', 'a.project_id', 'a.push_time', 'r.name as repository_name'])
    .orderBy('a.push_time', 'desc')
    .orderBy('a.artifact_id', 'desc')
    .execute();
  return rows.map((r) => ({
    name: r.name,
    version: r.version,
    type: r.type,
    purl: r.purl,
    license: r.license,
    artifactId: r.artifact_id,
    digest: r.digest,
    repositoryName: r.repository_name,
    projectId: r.project_id,
    pushTime: r.push_time,
  }));
}

/** The artifact with its manifest and repository, as the SBOM job needs it. */
export async function findArtifactForSbom(db: Db, artifactId: number) {
  return db
    .selectFrom('artifacts as a')
    .innerJoin('repositories as r', 'r.repository_id', 'a.repository_id')
    .select(['a.artifact_id', 'a.digest', 'a.project_id', 'a.repository_id', 'a.manifest', 'a.manifest_media_type', 'a.media_type', 'a.size', 'r.name as repository_name'])
    .where('a.artifact_id', '=', artifactId)
    .executeTakeFirst();
}

/** The artifact a push named, with what decides whether it gets an SBOM. */
export async function findPushedArtifact(db: Db, repository: string, digest: string) {
  return db
    .selectFrom('artifacts as a')
    .innerJoin('repositories as r', 'r.repository_id', 'a.repository_id')
    .select(['a.artifact_id', 'a.media_type', 'a.subject_digest'])
    .where('r.name', '=', repository)
    .where('a.digest', '=', digest)
    .executeTakeFirst();
}
