/**
 * A project's scanner (Harbor's /projects/{p}/scanner): the registration the project chose, or
 * the system default when it chose none. Reading needs scanner:read in the project, choosing
 * and listing the candidates scanner:create (project admins), as in Harbor's rbac.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { invalid, notFound } from '../../lib/errors.js';
import type { CoreContext } from '../context.js';
import { buildListQuery, type Page, type Paging } from '../lists/list-query.js';
import { projectFor, type ProjectRef } from '../projects/project-access.js';
import { auditedBy, type Actor } from '../security/actor.js';
import { findDefaultScanner, findProjectScanner, findScannerByUuid, listScannerRows, SCANNER_LIST, setProjectScanner, type ScannerRow } from './scanner.repository.js';
import { scannerView, type ScannerView } from './scanner.service.js';

type Db = Kysely<Database>;
type Deps = Pick<CoreContext, 'db' | 'secretBox' | 'audit'>;

/** The registration that scans the project's artifacts: its own choice if enabled, else the enabled default. */
export async function effectiveScanner(db: Db, projectId: number): Promise<ScannerRow | undefined> {
  const chosen = await findProjectScanner(db, projectId);
  if (chosen && !chosen.disabled) return chosen;
  const fallback = await findDefaultScanner(db);
  return fallback && !fallback.disabled ? fallback : undefined;
}

export async function getProjectScannerAs(deps: Deps, actor: Actor, ref: ProjectRef): Promise<ScannerView> {
  const { project } = await projectFor(deps.db, actor, ref, 'scanner', 'read');
  const row = (await findProjectScanner(deps.db, project.id)) ?? (await findDefaultScanner(deps.db));
  if (!row) throw notFound(`project ${project.name} has no scanner and no default scanner is registered`);
  return scannerView(deps, row);
}

export async function setProjectScannerAs(deps: Deps, actor: Actor, ref: ProjectRef, uuid: string): Promise<void> {
  const { project } = await projectFor(deps.db, actor, ref, 'scanner', 'create');
  const row = await findScannerByUuid(deps.db, uuid);
  if (!row) throw invalid(`uuid ${uuid} names no scanner registration`, 'uuid');
  if (row.disabled) throw invalid(`the scanner registration ${row.name} is disabled`, 'uuid');
  await setProjectScanner(deps.db, project.id, row.id);
  await deps.audit.write(deps.db, { projectId: project.id, operation: 'update', resourceType: 'project_scanner', resource: `${project.name}: ${row.name}`, ...auditedBy(actor) });
}

export async function listScannerCandidatesAs(deps: Deps, actor: Actor, ref: ProjectRef, paging: Paging): Promise<Page<ScannerView>> {
  await projectFor(deps.db, actor, ref, 'scanner', 'create');
  const page = await listScannerRows(deps.db, buildListQuery(SCANNER_LIST, paging, [{ key: 'disabled', kind: 'exact', value: '0' }]));
  return { ...page, items: await Promise.all(page.items.map((row) => scannerView(deps, row))) };
}
