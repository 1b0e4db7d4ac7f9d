/**
 * Deleting by tag removes the tag; deleting by digest removes the artifact and every tag on it
 * (spec, "Content Management"). A manifest an index still lists cannot go on its own: the index
 * would break. An index takes its untagged children along, and an artifact its untagged
 * referrers, as in Harbor. Each deletion writes its audit row in the same transaction.
 */
import { inTransaction } from '../../db/transaction.js';
import { AppError } from '../../lib/errors.js';
import { isoNow } from '../../lib/time.js';
import type { CoreContext } from '../context.js';
import { operatorOf, type Actor, type Operator } from '../security/actor.js';
import { artifactFor } from './artifact-access.js';
import { manifestUnknown } from '../registry/registry-errors.js';
import { childIdsOf, deleteArtifact, deleteDependents, findManifest, isIndexChild } from './artifact.repository.js';
import { checkDigestReference, isDigestReference } from './references.js';
import { deleteTag, findTag, tagNamesOf } from './tag.repository.js';
import { refuseProtected, type Surface } from '../immutable/immutable-guard.js';

type Deps = Pick<CoreContext, 'db' | 'registry' | 'events' | 'audit'>;

async function deleteByTag(deps: Deps, actor: Operator, repository: string, tag: string, surface: Surface): Promise<void> {
  const target = await findTag(deps.db, repository, tag);
  const manifest = target && (await findManifest(deps.db, repository, target.digest));
  if (!target || !manifest) throw manifestUnknown(tag);
  await refuseProtected(deps.db, surface, { projectId: manifest.projectId, repository, tags: [tag] }, 'deleted');
  const at = isoNow();
  await inTransaction(deps.db, async (trx) => {
    await deleteTag(trx, target.tagId);
    await deps.audit.write(trx, {
      projectId: manifest.projectId,
      operation: 'delete',
      resourceType: 'tag',
      resource: `${repository}:${tag}`,
      username: actor.name,
      clientIp: actor.clientIp,
      at,
    });
  });
  await deps.registry.forget({ repository, tag });
  const { projectId, digest, mediaType } = manifest;
  deps.events.emit({ type: 'tag.deleted', operator: actor.name, projectId, repository, digest, tag, mediaType, at });
}

/**
 * Deletes the artifact and what goes with it. `unreferencedAt` backdates when its blobs became
 * unreferenced: garbage collection, deleting untagged artifacts, collects their blobs in the same run.
 */
export async function deleteByDigest(deps: Deps, actor: Operator, repository: string, digest: string, surface: Surface, unreferencedAt?: string): Promise<void> {
  const manifest = await findManifest(deps.db, repository, digest);
  if (!manifest) throw manifestUnknown(digest);
  // Read before the transaction as well: a transaction holds SQLite's only connection.
  await refuseProtected(deps.db, surface, { projectId: manifest.projectId, repository, tags: await tagNamesOf(deps.db, manifest.artifactId) }, 'deleted');
  const at = isoNow();
  let dependents: { digest: string; mediaType: string }[] = [];
  const tags = await inTransaction(deps.db, async (trx) => {
    if (await isIndexChild(trx, manifest.artifactId)) {
      throw new AppError('PRECONDITION', `${digest} is listed by an index in ${repository}; delete the index first`);
    }
    const names = await tagNamesOf(trx, manifest.artifactId);
    const children = await childIdsOf(trx, manifest.artifactId);
    await deleteArtifact(trx, manifest.artifactId, unreferencedAt);
    dependents = await deleteDependents(trx, manifest.repositoryId, digest, children, unreferencedAt);
    await deps.audit.write(
      trx,
      ...[digest, ...dependents.map((d) => d.digest)].map((gone) => ({
        projectId: manifest.projectId,
        operation: 'delete' as const,
        resourceType: 'artifact' as const,
        resource: `${repository}@${gone}`,
        description: gone === digest ? undefined : `delete artifact: ${repository}@${gone} (it went with ${digest})`,
        username: actor.name,
        clientIp: actor.clientIp,
        at,
      })),
    );
    return names;
  });
  await deps.registry.forget(
    ...[digest, ...dependents.map((d) => d.digest)].map((manifest) => ({ repository, manifest })),
    ...tags.map((tag) => ({ repository, tag })),
  );
  const { projectId, mediaType } = manifest;
  for (const gone of [{ digest, mediaType }, ...dependents]) {
    deps.events.emit({ type: 'artifact.deleted', operator: actor.name, projectId, repository, digest: gone.digest, mediaType: gone.mediaType, at });
  }
}

/** `surface` says how a tag an immutable rule protects is refused: DENIED on /v2, 412 on /api. */
export async function deleteManifest(deps: Deps, actor: Operator, repository: string, reference: string, surface: Surface = 'registry'): Promise<void> {
  if (!isDigestReference(reference)) return deleteByTag(deps, actor, repository, reference, surface);
  checkDigestReference(reference);
  return deleteByDigest(deps, actor, repository, reference, surface);
}

/**
 * DELETE …/artifacts/{reference} through the API (artifact:delete): the artifact a digest or a
 * tag names goes with all its tags, as a client's DELETE by digest; refused (412) while an index
 * lists it.
 */
export async function deleteArtifactAs(deps: Deps, actor: Actor, names: { project: string; repository: string; reference: string }) {
  const { repository, artifact } = await artifactFor(deps.db, actor, names, 'artifact', 'delete');
  await deleteByDigest(deps, operatorOf(actor), repository.name, artifact.digest, 'api');
}
