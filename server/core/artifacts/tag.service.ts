/**
 * Tags through the API: an artifact's tags (paged), a new tag on an artifact, and removing one.
 * Creating and deleting write their audit row in the same transaction, drop this process's
 * cached tag lookup at once and announce the change (tag.created, tag.deleted).
 */
import { inTransaction } from '../../db/transaction.js';
import { invalid, notFound } from '../../lib/errors.js';
import { isTag } from '../../lib/reference.js';
import { isoNow } from '../../lib/time.js';
import type { CoreContext } from '../context.js';
import { buildListQuery, type Page, type Paging } from '../lists/list-query.js';
import { actorName, auditedBy, operatorOf, type Actor } from '../security/actor.js';
import { artifactFor } from './artifact-access.js';
import type { TagRecord } from './artifact-list.repository.js';
import type { ArtifactListNames } from './artifact-views.js';
import { deleteManifest } from './manifest-delete.service.js';
import { protectedTags } from '../immutable/immutable-guard.js';
import { artifactHasTag, insertTag, listTagRows, TAG_LIST } from './tag.repository.js';

type Names = ArtifactListNames & { reference: string };

/** GET …/artifacts/{reference}/tags: needs tag:list. */
export async function listTagsAs(ctx: Pick<CoreContext, 'db'>, actor: Actor, names: Names, paging: Paging): Promise<Page<TagRecord>> {
  const { project, repository, artifact } = await artifactFor(ctx.db, actor, names, 'tag', 'list');
  const page = await listTagRows(ctx.db, artifact.id, buildListQuery(TAG_LIST, paging));
  const immutable = new Set(await protectedTags(ctx.db, project.id, repository.name, page.items.map((t) => t.name)));
  return { ...page, items: page.items.map((t) => ({ ...t, immutable: immutable.has(t.name) })) };
}

/** POST …/artifacts/{reference}/tags: needs tag:create; CONFLICT when the repository has the tag already. */
export async function createTagAs(
  ctx: Pick<CoreContext, 'db' | 'registry' | 'events' | 'audit'>,
  actor: Actor,
  names: Names,
  tag: string,
): Promise<void> {
  if (!isTag(tag)) throw invalid(`name ${tag} is not a tag: [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127} expected.`, 'name');
  const { project, repository, artifact } = await artifactFor(ctx.db, actor, names, 'tag', 'create');
  const at = isoNow();
  await inTransaction(ctx.db, async (trx) => {
    await insertTag(trx, { repositoryId: repository.id, artifactId: artifact.id, name: tag, at }, repository.name);
    await ctx.audit.write(trx, { projectId: project.id, operation: 'create', resourceType: 'tag', resource: `${repository.name}:${tag}`, at, ...auditedBy(actor) });
  });
  await ctx.registry.forget({ repository: repository.name, tag });
  ctx.events.emit({
    type: 'tag.created',
    operator: actorName(actor),
    projectId: project.id,
    repository: repository.name,
    digest: artifact.digest,
    tag,
    mediaType: artifact.manifestMediaType,
    at,
  });
}

/**
 * DELETE …/artifacts/{reference}/tags/{tag}: needs tag:delete; the tag must be on that artifact.
 * The registry's deletion by tag does the rest (audit row, cache, tag.deleted), as for a client's
 * DELETE /v2/<name>/manifests/<tag>.
 */
export async function deleteTagAs(ctx: Pick<CoreContext, 'db' | 'registry' | 'events' | 'audit'>, actor: Actor, names: Names, tag: string) {
  const { repository, artifact } = await artifactFor(ctx.db, actor, names, 'tag', 'delete');
  if (!(await artifactHasTag(ctx.db, artifact.id, tag))) throw notFound(`tag ${tag} of ${repository.name}@${artifact.digest} not found`);
  await deleteManifest(ctx, operatorOf(actor), repository.name, tag, 'api');
}
