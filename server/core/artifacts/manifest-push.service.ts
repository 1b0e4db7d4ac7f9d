/**
 * Pushing a manifest (spec, "Pushing Manifests"): stored byte for byte once every blob and child
 * manifest it names is in the repository (else MANIFEST_BLOB_UNKNOWN); a `subject` may name a
 * manifest that is not there yet. The artifact, its tag and the audit row commit together, and
 * only when the project's storage quota holds them (quotas/quota-guard.ts).
 */
import { inTransaction } from '../../db/transaction.js';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { sha256Digest } from '../../lib/digest.js';
import { AppError } from '../../lib/errors.js';
import { isTag, projectOf } from '../../lib/reference.js';
import { isoNow } from '../../lib/time.js';
import { claimBlobs, findRepositoryBlobs } from '../blobs/blob.repository.js';
import type { CoreContext } from '../context.js';
import { findProjectByName } from '../projects/project.repository.js';
import { announceExceeded, announceWarning, crossesWarning, openCharge, QuotaExceededError, settleCharge } from '../quotas/quota-guard.js';
import { bytesAddedByArtifact } from '../quotas/quota.repository.js';
import type { Operator } from '../security/actor.js';
import { digestInvalid, manifestBlobUnknown, projectUnknown, referenceInvalid } from '../registry/registry-errors.js';
import { ensureRepository } from '../repositories/repository.repository.js';
import { insertLayerChains } from '../layers/layer-chain.repository.js';
import { artifactKind, extraAttributes, harborMediaType, MAX_CONFIG_BYTES, wantsConfig } from './artifact-metadata.js';
import {
  findArtifactsByDigest,
  insertArtifactBlobs,
  insertArtifactReferences,
  upsertArtifact,
  type ChildReference,
} from './artifact.repository.js';
import { COSIGN_SIGNATURE_TYPE, cosignTagSubject, MAX_MANIFEST_BYTES, parseManifest, referrerArtifactType, requiredBlobs, type ParsedManifest } from './manifest.js';
import { isDigestReference } from './references.js';
import { upsertTag } from './tag.repository.js';
import { refuseTagMoves } from '../immutable/immutable-guard.js';

type Deps = Pick<CoreContext, 'db' | 'blobs' | 'registry' | 'events' | 'audit'>;

export interface PushedManifest {
  digest: string;
  /** The subject's digest, when the manifest has one (the OCI-Subject header). */
  subject: string | undefined;
}

interface Content {
  size: number;
  blobIds: number[];
  children: ChildReference[];
}

const unique = (digests: string[]) => [...new Set(digests)];

/** What the manifest names, found in the repository; MANIFEST_BLOB_UNKNOWN for anything missing. */
async function contentOf(trx: Transaction<Database>, repositoryId: number, manifest: ParsedManifest, ownSize: number): Promise<Content> {
  if (manifest.kind === 'index') {
    const found = await findArtifactsByDigest(trx, repositoryId, unique(manifest.manifests.map((m) => m.digest)));
    const byDigest = new Map(found.map((a) => [a.digest, a]));
    const missing = manifest.manifests.filter((m) => !byDigest.has(m.digest)).map((m) => m.digest);
    if (missing.length) throw manifestBlobUnknown(unique(missing));
    const children = manifest.manifests.map((m) => ({
      childId: byDigest.get(m.digest)!.artifactId,
      childDigest: m.digest,
      platform: m.platform,
      annotations: m.annotations,
      urls: m.urls,
    }));
    return { size: ownSize + found.reduce((sum, a) => sum + a.size, 0), blobIds: [], children };
  }
  const required = requiredBlobs(manifest);
  const found = await findRepositoryBlobs(trx, repositoryId, unique(required.map((d) => d.digest)));
  const have = new Set(found.map((b) => b.digest));
  const missing = required.filter((d) => !have.has(d.digest)).map((d) => d.digest);
  if (missing.length) throw manifestBlobUnknown(unique(missing));
  const foreign = manifest.layers.filter((layer) => layer.urls?.length).reduce((sum, layer) => sum + layer.size, 0);
  const size = ownSize + foreign + found.reduce((sum, b) => sum + b.size, 0);
  return { size, blobIds: found.map((b) => b.blobId), children: [] };
}

export async function pushManifest(
  deps: Deps,
  actor: Operator,
  repository: string,
  reference: string,
  contentType: string | undefined,
  bytes: Buffer,
): Promise<PushedManifest> {
  if (bytes.length > MAX_MANIFEST_BYTES) throw new AppError('TOO_LARGE', `manifest larger than ${MAX_MANIFEST_BYTES} bytes`);
  const digest = sha256Digest(bytes);
  const tag = isDigestReference(reference) ? undefined : reference;
  if (tag === undefined && reference !== digest) {
    throw digestInvalid(`the manifest's digest is ${digest}, not ${reference}`, { digest: reference });
  }
  if (tag !== undefined && !isTag(tag)) throw referenceInvalid(tag);
  const manifest = parseManifest(bytes, contentType);
  const project = await findProjectByName(deps.db, projectOf(repository));
  if (!project) throw projectUnknown(projectOf(repository));
  // Read outside the transaction: a transaction holds SQLite's only connection.
  const config = manifest.kind === 'image' && wantsConfig(manifest) ? await deps.blobs.readSmall(manifest.config.digest, MAX_CONFIG_BYTES) : null;
  const now = isoNow();
  const signs = cosignTagSubject(manifest, tag);
  if (tag !== undefined) await refuseTagMoves(deps.db, 'registry', { projectId: project.id, repository, tags: [tag], digest });

  const quotaSubject = { operator: actor.name, projectId: project.id, project: project.name, repository, digest };
  const charged = await inTransaction(deps.db, async (trx) => {
    const charge = await openCharge(trx, project.id, { measure: false });
    const repositoryId = await ensureRepository(trx, project.id, repository, now);
    const content = await contentOf(trx, repositoryId, manifest, bytes.length);
    // Under the blobs' row locks: a garbage collection either finished deleting one first (then
    // the push fails here, naming it) or sees it referenced and leaves it.
    if (!(await claimBlobs(trx, content.blobIds))) throw manifestBlobUnknown(unique(requiredBlobs(manifest).map((d) => d.digest)));
    const artifact = await upsertArtifact(trx, {
      project_id: project.id,
      repository_id: repositoryId,
      digest,
      type: artifactKind(manifest),
      manifest_media_type: manifest.mediaType,
      media_type: harborMediaType(manifest),
      artifact_type: signs ? COSIGN_SIGNATURE_TYPE : referrerArtifactType(manifest),
      manifest: bytes,
      manifest_size: bytes.length,
      size: content.size,
      config_digest: manifest.kind === 'image' ? manifest.config.digest : null,
      subject_digest: manifest.subject?.digest ?? signs ?? null,
      extra_attrs: JSON.stringify(extraAttributes(manifest, config)),
      annotations: JSON.stringify(manifest.annotations),
      push_time: now,
    });
    if (artifact.created) {
      await insertArtifactBlobs(trx, artifact.id, content.blobIds);
      await insertArtifactReferences(trx, artifact.id, content.children);
      // The layer-prefix chains that base images and their dependents are found by.
      if (manifest.kind === 'image') await insertLayerChains(trx, artifact.id, manifest.layers.map((l) => l.digest));
    }
    if (tag !== undefined) await upsertTag(trx, repositoryId, artifact.id, tag, now);
    await deps.audit.write(trx, {
      projectId: project.id,
      operation: 'create',
      resourceType: 'artifact',
      resource: tag !== undefined ? `${repository}:${tag}` : `${repository}@${digest}`,
      username: actor.name,
      clientIp: actor.clientIp,
      at: now,
    });
    if (!charge) return null;
    const added = artifact.created ? await bytesAddedByArtifact(trx, project.id, artifact.id, bytes.length) : 0;
    return settleCharge(trx, project.id, project.name, charge, added);
  }).catch((err: unknown) => {
    if (err instanceof QuotaExceededError) announceExceeded(deps.events, quotaSubject, err);
    throw err;
  });

  if (charged && crossesWarning(charged.before, charged.after, charged.limit)) announceWarning(deps.events, quotaSubject, charged.after, charged.limit);
  if (tag !== undefined) await deps.registry.forget({ repository, tag });
  deps.events.emit({
    type: 'artifact.pushed',
    operator: actor.name,
    projectId: project.id,
    repository,
    digest,
    ...(tag !== undefined ? { tag } : {}),
    mediaType: manifest.mediaType,
    at: now,
  });
  return { digest, subject: manifest.subject?.digest };
}
