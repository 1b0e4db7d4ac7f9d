/**
 * The SBOM stored the way Harbor 2.11 stores the SBOMs it generates: an OCI image manifest in the
 * image's own repository whose `subject` is the image, config media type (and artifactType)
 * application/vnd.goharbor.harbor.sbom.v1, and one layer holding the document, here CycloneDX JSON.
 * It goes in through the same upload and manifest-push code as a client's push, so quotas, the
 * referrers API, accessories (Harbor's harbor.sbom type), replication and GC treat it like any
 * other referrer. A regenerated SBOM replaces the previous one, as Harbor deletes its old SBOM
 * accessory first.
 */
import { Readable } from 'node:stream';
import { sha256Digest } from '../../lib/digest.js';
import { isoNow } from '../../lib/time.js';
import { accessoriesOf } from '../artifacts/artifact-list.repository.js';
import { deleteByDigest } from '../artifacts/manifest-delete.service.js';
import { pushManifest } from '../artifacts/manifest-push.service.js';
import { MEDIA_TYPES } from '../artifacts/manifest.js';
import type { CoreContext } from '../context.js';
import type { Operator } from '../security/actor.js';
import { uploadWhole } from '../uploads/upload.service.js';
import { CYCLONEDX_MEDIA_TYPE } from './cyclonedx.js';

export const HARBOR_SBOM_TYPE = 'application/vnd.goharbor.harbor.sbom.v1';

type Deps = Pick<CoreContext, 'db' | 'blobs' | 'registry' | 'events' | 'audit'>;

async function putBlob(deps: Deps, repository: string, bytes: Buffer, operator: string) {
  const digest = sha256Digest(bytes);
  await uploadWhole(deps, repository, digest, { body: Readable.from([bytes]), length: bytes.length }, operator);
  return { digest, size: bytes.length };
}

/** Pushes the document as the subject's SBOM accessory and removes the SBOMs Berth made for it before; answers the new manifest's digest. */
export async function storeSbomAccessory(
  deps: Deps,
  actor: Operator,
  target: { repository: string; repositoryId: number; subject: { digest: string; mediaType: string; size: number } },
  document: Buffer,
): Promise<string> {
  const config = await putBlob(deps, target.repository, Buffer.from('{}'), actor.name);
  const layer = await putBlob(deps, target.repository, document, actor.name);
  const manifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    artifactType: HARBOR_SBOM_TYPE,
    config: { mediaType: HARBOR_SBOM_TYPE, digest: config.digest, size: config.size },
    layers: [{ mediaType: CYCLONEDX_MEDIA_TYPE, digest: layer.digest, size: layer.size }],
    subject: target.subject,
    annotations: {
      'created-by': 'Berth',
      'org.opencontainers.artifact.created': isoNow(),
      'org.opencontainers.artifact.description': 'CycloneDX JSON SBOM',
    },
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  const previous = (await accessoriesOf(deps.db, target.repositoryId, [target.subject.digest])).filter(
    (a) => a.artifactType === HARBOR_SBOM_TYPE && a.annotations['created-by'] === 'Berth',
  );
  const pushed = await pushManifest(deps, actor, target.repository, sha256Digest(bytes), MEDIA_TYPES.ociManifest, bytes);
  for (const old of previous) {
    if (old.digest !== pushed.digest) await deleteByDigest(deps, actor, target.repository, old.digest, 'registry');
  }
  return pushed.digest;
}
