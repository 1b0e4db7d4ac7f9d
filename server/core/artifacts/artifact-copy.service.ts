/**
 * POST /projects/{p}/repositories/{r}/artifacts?from=<project>/<repository>(:<tag>|@<digest>):
 * Harbor's copy (retag across repositories). The caller needs pull on the source and push on the
 * target, as a client copying through /v2 would. The artifact lands in the target repository
 * (created when absent) with an index's children, linked to the same blobs — no bytes are
 * copied — and carrying the source's tags, which move there when the target had them elsewhere.
 * One audit row (create artifact) commits with the copy, and only when the target project's
 * storage quota holds it (quotas/quota-guard.ts: a copy into another project adds its blobs there).
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { invalid } from '../../lib/errors.js';
import { splitArtifactName } from '../../lib/reference.js';
import { isoNow } from '../../lib/time.js';
import type { CoreContext } from '../context.js';
import { repositoryFor, repositoryNameFor } from '../repositories/repository-access.js';
import { announceExceeded, announceWarning, crossesWarning, openCharge, QuotaExceededError, settleCharge } from '../quotas/quota-guard.js';
import { ensureRepository } from '../repositories/repository.repository.js';
import { actorName, auditedBy, type Actor } from '../security/actor.js';
import { artifactIn, parseReference } from './artifact-access.js';
import { copyArtifactRow, copyBlobLinks, copyReferences, type CopyTarget } from './artifact-copy.repository.js';
import { accessoriesOf, findArtifactRecord, referencesOf, type ArtifactRecord } from './artifact-list.repository.js';
import { tagNamesOf, upsertTag } from './tag.repository.js';
import { copyLayerChains } from '../layers/layer-chain.repository.js';
import { refuseTagMoves } from '../immutable/immutable-guard.js';

type Deps = Pick<CoreContext, 'db' | 'registry' | 'events' | 'audit'>;

/** `from` split into the source repository's project, name within it, and reference; INVALID naming `from` otherwise. */
export function parseCopySource(from: string): { project: string; repository: string; reference: string } {
  const source = splitArtifactName(from);
  if (!source) throw invalid(`from must be <project>/<repository>:<tag> or <project>/<repository>@<digest>, not "${from}".`, 'from');
  parseReference(source.reference, 'from');
  return source;
}

/** Gives the copy the source's tags (moving them there if the target had them elsewhere); returns their names. */
async function copyTags(trx: Transaction<Database>, sourceId: number, copyId: number, target: CopyTarget): Promise<string[]> {
  const names = await tagNamesOf(trx, sourceId);
  for (const name of names) await upsertTag(trx, target.repositoryId, copyId, name, target.at);
  return names;
}

/**
 * Copies the artifact, an index's children first, then its accessories (signatures, SBOMs) with
 * their tags, as Harbor does, so a signed image stays signed where it is copied to (cosign finds
 * a tag-based signature by its sha256-<hex>.sig tag). Returns the copy's id; `tagged` collects
 * the accessories' tag names.
 */
async function copyDeep(
  trx: Transaction<Database>,
  sourceRepositoryId: number,
  artifact: ArtifactRecord,
  target: CopyTarget,
  tagged: string[],
): Promise<number> {
  const children = await referencesOf(trx, [artifact.id]);
  for (const child of children) {
    const found = await findArtifactRecord(trx, sourceRepositoryId, { digest: child.childDigest });
    if (found) await copyDeep(trx, sourceRepositoryId, found, target, tagged);
  }
  const copy = await copyArtifactRow(trx, artifact.id, target);
  if (copy.created) {
    await copyBlobLinks(trx, artifact.id, copy.id, target);
    await copyReferences(trx, artifact.id, copy.id, target);
    await copyLayerChains(trx, artifact.id, copy.id);
  }
  for (const accessory of await accessoriesOf(trx, sourceRepositoryId, [artifact.digest])) {
    const accessoryCopy = await copyDeep(trx, sourceRepositoryId, accessory, target, tagged);
    tagged.push(...(await copyTags(trx, accessory.id, accessoryCopy, target)));
  }
  return copy.id;
}

export async function copyArtifactAs(deps: Deps, actor: Actor, target: { project: string; repository: string }, from: string) {
  const source = parseCopySource(from);
  const into = await repositoryNameFor(deps.db, actor, target, 'repository', 'push');
  const { repository: sourceRepository } = await repositoryFor(deps.db, actor, source, 'repository', 'pull');
  const artifact = await artifactIn(deps.db, sourceRepository, source.reference);
  const tags = await tagNamesOf(deps.db, artifact.id);
  await refuseTagMoves(deps.db, 'api', { projectId: into.project.id, repository: into.name, tags, digest: artifact.digest });
  const at = isoNow();
  const quotaSubject = { operator: actorName(actor), projectId: into.project.id, project: into.project.name, repository: into.name, digest: artifact.digest };
  const { tags: copied, charged } = await inTransaction(deps.db, async (trx) => {
    const charge = await openCharge(trx, into.project.id);
    const repositoryId = await ensureRepository(trx, into.project.id, into.name, at);
    const target = { projectId: into.project.id, repositoryId, at };
    const tagged: string[] = [];
    const copyId = await copyDeep(trx, sourceRepository.id, artifact, target, tagged);
    tagged.push(...(await copyTags(trx, artifact.id, copyId, target)));
    await deps.audit.write(trx, {
      projectId: into.project.id,
      operation: 'create',
      resourceType: 'artifact',
      resource: `${into.name}@${artifact.digest}`,
      description: `copy artifact: ${sourceRepository.name}@${artifact.digest} to ${into.name}`,
      at,
      ...auditedBy(actor),
    });
    return { tags: tagged, charged: charge && (await settleCharge(trx, into.project.id, into.project.name, charge)) };
  }).catch((err: unknown) => {
    if (err instanceof QuotaExceededError) announceExceeded(deps.events, quotaSubject, err);
    throw err;
  });
  if (charged && crossesWarning(charged.before, charged.after, charged.limit)) announceWarning(deps.events, quotaSubject, charged.after, charged.limit);
  // Every tag the copy set, the accessories' too, may be cached pointing at what it named before.
  await deps.registry.forget(...copied.map((tag) => ({ repository: into.name, tag })));
  deps.events.emit({
    type: 'artifact.pushed',
    operator: actorName(actor),
    projectId: into.project.id,
    repository: into.name,
    digest: artifact.digest,
    mediaType: artifact.manifestMediaType,
    at,
  });
  return { reference: source.reference };
}
