/**
 * Repositories through the API: listed per project and across the projects the caller may see,
 * read, described, and deleted with everything in them. Repositories stay when their last
 * artifact goes (as Harbor's do), and are listed with artifact_count 0, until deleted.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { isoNow } from '../../lib/time.js';
import { listTagNames } from '../artifacts/tag.repository.js';
import type { CoreContext } from '../context.js';
import { refuseProtected } from '../immutable/immutable-guard.js';
import { buildListQuery, UNPAGED_LIMIT, type Page, type Paging } from '../lists/list-query.js';
import { projectFor } from '../projects/project-access.js';
import { repositoriesAllowing } from '../rbac/registry-grants.js';
import { actorName, auditedBy, type Actor } from '../security/actor.js';
import { dropUploadsOf } from '../uploads/upload.service.js';
import { repositoryFor, type RepositoryNames } from './repository-access.js';
import {
  listRepositoryRows,
  REPOSITORY_LIST,
  searchRepositoryRows,
  withArtifactCount,
  type FoundRepository,
  type RepositoryWithCount,
} from './repository-list.repository.js';
import { artifactDigestsOf, deleteRepositoryRow, updateRepositoryDescription } from './repository.repository.js';

type Db = Kysely<Database>;

/** GET /projects/{p}/repositories: needs repository:list in the project. */
export async function listRepositoriesAs(db: Db, actor: Actor, projectName: string, paging: Paging): Promise<Page<RepositoryWithCount>> {
  const { project } = await projectFor(db, actor, { name: projectName }, 'repository', 'list');
  return listRepositoryRows(db, { projectId: project.id }, buildListQuery(REPOSITORY_LIST, paging));
}

/** GET /repositories: the repositories of every project where the caller holds repository:list. */
export async function listAllRepositoriesAs(db: Db, actor: Actor, paging: Paging): Promise<Page<RepositoryWithCount>> {
  const query = buildListQuery(REPOSITORY_LIST, paging);
  return listRepositoryRows(db, { visibility: repositoriesAllowing(actor.subject, 'list') }, query);
}

export async function getRepositoryAs(db: Db, actor: Actor, names: RepositoryNames): Promise<RepositoryWithCount> {
  const { repository } = await repositoryFor(db, actor, names, 'repository', 'read');
  return withArtifactCount(db, repository);
}

/** PUT /projects/{p}/repositories/{r}: only the description changes. */
export async function updateRepositoryAs(ctx: Pick<CoreContext, 'db' | 'audit'>, actor: Actor, names: RepositoryNames, description: string) {
  const { project, repository } = await repositoryFor(ctx.db, actor, names, 'repository', 'update');
  await inTransaction(ctx.db, async (trx) => {
    await updateRepositoryDescription(trx, repository.id, description, isoNow());
    await ctx.audit.write(trx, { projectId: project.id, operation: 'update', resourceType: 'repository', resource: repository.name, ...auditedBy(actor) });
  });
}

/**
 * DELETE /projects/{p}/repositories/{r}: the repository, its artifacts, tags, blob links and
 * upload sessions (with their files), with its audit rows in the same transaction; this process's registry caches forget it at once.
 */
export async function deleteRepositoryAs(
  ctx: Pick<CoreContext, 'db' | 'registry' | 'events' | 'blobs' | 'audit'>,
  actor: Actor,
  names: RepositoryNames,
): Promise<void> {
  const { project, repository } = await repositoryFor(ctx.db, actor, names, 'repository', 'delete');
  // Harbor's 412: a repository holding a protected tag cannot go with it.
  await refuseProtected(ctx.db, 'api', { projectId: project.id, repository: repository.name, tags: await listTagNames(ctx.db, repository.id, undefined, UNPAGED_LIMIT) }, 'deleted');
  const at = isoNow();
  const removeUploadFiles = await inTransaction(ctx.db, async (trx) => {
    // Each artifact that goes with the repository gets its own row, as Harbor writes them.
    const digests = await artifactDigestsOf(trx, repository.id);
    const uploads = await dropUploadsOf(ctx, trx, { repository: repository.name });
    await deleteRepositoryRow(trx, repository.id);
    const who = { projectId: project.id, at, ...auditedBy(actor) };
    await ctx.audit.write(
      trx,
      ...digests.map((digest) => ({ ...who, operation: 'delete' as const, resourceType: 'artifact' as const, resource: `${repository.name}@${digest}`, description: `delete artifact: ${repository.name}@${digest} (it went with its repository)` })),
      { ...who, operation: 'delete', resourceType: 'repository', resource: repository.name },
    );
    return uploads;
  });
  await removeUploadFiles();
  await ctx.registry.forget({ repository: repository.name });
  ctx.events.emit({ type: 'repository.deleted', operator: actorName(actor), projectId: project.id, repository: repository.name, at });
}

/** GET /search: repositories whose names contain `text`, among those the caller may list. */
export function searchRepositoriesAs(db: Db, actor: Actor, text: string, limit: number): Promise<FoundRepository[]> {
  return searchRepositoryRows(db, repositoriesAllowing(actor.subject, 'list'), text, limit);
}
