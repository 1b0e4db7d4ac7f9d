/**
 * The referrers API (spec, "Listing Referrers"): the manifests whose `subject` is a digest, as
 * an image index. An unknown subject, or repository, gives an empty index, never a 404.
 */
import type { CoreContext } from '../context.js';
import { isDigest } from '../../lib/digest.js';
import { digestInvalid } from '../registry/registry-errors.js';
import { listReferrers } from './artifact.repository.js';
import { MEDIA_TYPES } from './manifest.js';

export interface ReferrersIndex {
  schemaVersion: 2;
  mediaType: string;
  manifests: object[];
}

export async function referrersOf(
  deps: Pick<CoreContext, 'db'>,
  repository: string,
  digest: string,
  artifactType: string | undefined,
): Promise<ReferrersIndex> {
  if (!isDigest(digest)) throw digestInvalid(`invalid digest ${digest}`, { digest });
  const referrers = await listReferrers(deps.db, repository, digest, artifactType);
  return {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociIndex,
    manifests: referrers.map((r) => ({
      mediaType: r.mediaType,
      digest: r.digest,
      size: r.size,
      // Spec: an index without artifactType has none in its descriptor.
      ...(r.artifactType ? { artifactType: r.artifactType } : {}),
      ...(Object.keys(r.annotations).length ? { annotations: r.annotations } : {}),
    })),
  };
}
