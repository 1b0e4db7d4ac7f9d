/**
 * SBOMs as the API offers them: generate one on demand (Berth's POST …/sbom, a job), the
 * packages of an artifact's SBOM, Harbor's sbom_overview, and the registry-wide question "which
 * images contain package X in version range R", answered from the package rows and filtered
 * project by project through can() (sbom:read).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { invalid } from '../../lib/errors.js';
import { artifactFor } from '../artifacts/artifact-access.js';
import type { CoreContext } from '../context.js';
import type { Page, Paging } from '../lists/list-query.js';
import { findProjectById } from '../projects/project.repository.js';
import { can, projectAccess } from '../rbac/access.js';
import { actorName, type Actor } from '../security/actor.js';
import { PACKAGE_TYPES } from './package-types.js';
import { findArtifactForSbom, findPackageUses, findReports, listPackages, type PackageRow, type PackageUse } from './sbom.repository.js';
import { overviewOf, type SbomOverview } from './sbom-overview.js';
import { imageManifestOf, queueSbom } from './sbom-job.js';
import { parseVersionRange } from './version-range.js';

type Db = Kysely<Database>;
type Names = { project: string; repository: string; reference: string };

/** POST /berth/projects/{p}/repositories/{r}/artifacts/{ref}/sbom: needs sbom:create; answers the new report id. */
export async function requestSbomAs(ctx: Pick<CoreContext, 'db' | 'jobs'>, actor: Actor, names: Names): Promise<string> {
  const { artifact } = await artifactFor(ctx.db, actor, names, 'sbom', 'create');
  const row = await findArtifactForSbom(ctx.db, artifact.id);
  imageManifestOf(row!);
  return queueSbom(ctx, artifact.id, 'MANUAL', actorName(actor));
}

/** GET /berth/…/artifacts/{ref}/sbom/packages: needs sbom:read; `q` is a part of the package name. */
export async function listSbomPackagesAs(db: Db, actor: Actor, names: Names, paging: Paging): Promise<{ page: Page<PackageRow>; overview: SbomOverview | null }> {
  const { artifact } = await artifactFor(db, actor, names, 'sbom', 'read');
  const { total, items } = await listPackages(db, artifact.id, paging.q, { offset: (paging.page - 1) * paging.page_size, limit: paging.page_size });
  const report = (await findReports(db, [artifact.id])).get(artifact.id);
  return { page: { items, total, page: paging.page, pageSize: paging.page_size }, overview: report ? overviewOf(report) : null };
}

export interface PackageSearch {
  name: string;
  version?: string | undefined;
  type?: string | undefined;
}

export interface FoundUse extends PackageUse {
  projectName: string;
}

/**
 * GET /berth/packages: artifacts whose SBOM lists the package, in the projects where the caller
 * holds sbom:read. The version range is applied here, after the name's indexed lookup, since no
 * SQL comparison orders Debian and semantic versions; a package name is in few enough images for that.
 */
export async function searchPackagesAs(db: Db, actor: Actor, search: PackageSearch, paging: Pick<Paging, 'page' | 'page_size'>): Promise<Page<FoundUse>> {
  const name = search.name.trim();
  if (!name) throw invalid('name is required: the package name to look for, such as openssl.', 'name');
  if (search.type && !(PACKAGE_TYPES as readonly string[]).includes(search.type)) {
    throw invalid(`type must be one of ${PACKAGE_TYPES.join(', ')}, not "${search.type}".`, 'type');
  }
  const range = search.version?.trim() ? parseVersionRange(search.version.trim()) : null;
  if (search.version?.trim() && !range) {
    throw invalid(`version "${search.version}" is not a version range: give comparators such as ">=3.0.0 <3.1.0", a version, or a semver range such as ^1.2.`, 'version');
  }
  const uses = (await findPackageUses(db, name, search.type)).filter((u) => !range || range.matches(u.version, u.type));
  const projects = new Map<number, string | null>();
  for (const projectId of new Set(uses.map((u) => u.projectId))) {
    const project = await findProjectById(db, projectId);
    const allowed = project && can(await projectAccess(db, actor.subject, project), 'sbom', 'read');
    projects.set(projectId, allowed ? project.name : null);
  }
  const visible = uses.filter((u) => projects.get(u.projectId));
  const start = (paging.page - 1) * paging.page_size;
  return {
    items: visible.slice(start, start + paging.page_size).map((u) => ({ ...u, projectName: projects.get(u.projectId)! })),
    total: visible.length,
    page: paging.page,
    pageSize: paging.page_size,
  };
}
