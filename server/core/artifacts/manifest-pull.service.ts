/**
 * Serving manifests: the hot path of every pull. A tag resolves to a digest and a digest to the
 * stored bytes through brief caches (LOOKUP_TTL_MS), so repeated pulls do not touch the
 * database; a GET (never a HEAD) is then recorded by the pull recorder's batched writes.
 */
import { isTag } from '../../lib/reference.js';
import { isoNow } from '../../lib/time.js';
import type { CoreContext } from '../context.js';
import type { Operator } from '../security/actor.js';
import { manifestUnknown } from '../registry/registry-errors.js';
import { MAX_CACHED_MANIFEST_BYTES } from '../registry/runtime.js';
import { findManifest, type StoredManifest } from './artifact.repository.js';
import { checkDigestReference, isDigestReference } from './references.js';
import { findTag } from './tag.repository.js';

type Deps = Pick<CoreContext, 'db' | 'registry' | 'events'>;

export interface ResolvedManifest {
  manifest: StoredManifest;
  /** The tag the client asked for, when it asked by tag. */
  tag: { name: string; id: number } | undefined;
  /** When the pull began, for the rest of its lookups (RegistryRuntime.mark()). */
  mark: number;
}

async function byDigest(deps: Deps, repository: string, digest: string, mark: number): Promise<StoredManifest> {
  const key = `${repository}@${digest}`;
  const cached = await deps.registry.lookup(deps.registry.manifests, key, mark);
  if (cached) return cached;
  const before = deps.registry.beforeRead();
  const found = await findManifest(deps.db, repository, digest);
  if (!found) throw manifestUnknown(digest);
  if (found.bytes.length <= MAX_CACHED_MANIFEST_BYTES) deps.registry.keep(deps.registry.manifests, key, found, before);
  return found;
}

export async function resolveManifest(deps: Deps, repository: string, reference: string): Promise<ResolvedManifest> {
  const mark = deps.registry.mark();
  if (isDigestReference(reference)) {
    checkDigestReference(reference);
    return { manifest: await byDigest(deps, repository, reference, mark), tag: undefined, mark };
  }
  if (!isTag(reference)) throw manifestUnknown(reference);
  const key = `${repository}:${reference}`;
  let target = await deps.registry.lookup(deps.registry.tags, key, mark);
  if (!target) {
    const before = deps.registry.beforeRead();
    target = await findTag(deps.db, repository, reference);
    if (!target) throw manifestUnknown(reference);
    deps.registry.keep(deps.registry.tags, key, target, before);
  }
  return { manifest: await byDigest(deps, repository, target.digest, mark), tag: { name: reference, id: target.tagId }, mark };
}

/**
 * Records a served GET: the audit row, the pull counts and times (batched), and the event. Best
 * effort: the audit row is awaited (while the database takes it, a pull served has its row), but
 * a failed write (a full disk) is logged by the recorder and never fails the pull.
 */
export async function recordPull(deps: Deps, actor: Operator, repository: string, resolved: ResolvedManifest): Promise<void> {
  const { manifest, tag } = resolved;
  const at = isoNow();
  const recorded = deps.registry.pulls.record({
    repositoryId: manifest.repositoryId,
    artifactId: manifest.artifactId,
    tagId: tag?.id,
    at,
    audit: {
      projectId: manifest.projectId,
      operation: 'pull',
      resourceType: 'artifact',
      resource: tag ? `${repository}:${tag.name}` : `${repository}@${manifest.digest}`,
      username: actor.name,
      clientIp: actor.clientIp,
      at,
    },
  });
  // The recorder logs a failed write; the pull goes on.
  await recorded.catch(() => undefined);
  deps.events.emit({
    type: 'artifact.pulled',
    operator: actor.name,
    projectId: manifest.projectId,
    repository,
    digest: manifest.digest,
    ...(tag ? { tag: tag.name } : {}),
    mediaType: manifest.mediaType,
    at,
  });
}
