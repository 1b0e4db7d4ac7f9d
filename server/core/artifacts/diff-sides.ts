/**
 * The two images a diff compares, found the way the API names them: the path's artifact, and
 * `with`, which is a tag or digest of the same repository or `<project>/<repository>:<tag>` /
 * `<project>/<repository>@<digest>` anywhere the caller may read. Either may be an index: the
 * diff compares its child for `platform` (default the first linux/amd64 child, else the first).
 * Both need artifact-addition:read, the permission that shows an image's layers and history.
 */
import { invalid, notFound } from '../../lib/errors.js';
import { splitArtifactName } from '../../lib/reference.js';
import type { CoreContext } from '../context.js';
import type { Actor } from '../security/actor.js';
import { imageConfigOf } from './additions.service.js';
import { artifactFor, parseReference } from './artifact-access.js';
import { findArtifactRecord, referencesOf, type ArtifactRecord } from './artifact-list.repository.js';
import { isImageConfig } from './artifact-metadata.js';
import { findManifest } from './artifact.repository.js';
import { parseManifest, type Descriptor } from './manifest.js';

type Deps = Pick<CoreContext, 'db' | 'blobs'>;

export interface ArtifactNames {
  project: string;
  repository: string;
  reference: string;
}

export interface DiffSide {
  /** The full repository name, `<project>/<name>`. */
  repository: string;
  /** The image manifest compared. */
  digest: string;
  /** The index it was chosen from, when the reference named one. */
  indexDigest: string | null;
  /** os/architecture[/variant] of the image's config. */
  platform: string | null;
  layers: Descriptor[];
  /** The parsed image config. */
  config: unknown;
}

/** `with` as the names of an artifact; a bare tag or digest is in the path's repository. */
export function parseWith(value: string, here: { project: string; repository: string }): ArtifactNames {
  if (!value.includes('/')) {
    parseReference(value, 'with');
    return { ...here, reference: value };
  }
  const other = splitArtifactName(value);
  if (!other) {
    throw invalid(`with must be a tag, a digest, <project>/<repository>:<tag> or <project>/<repository>@<digest>, not "${value}".`, 'with');
  }
  parseReference(other.reference, 'with');
  return other;
}

const PLATFORM = /^[a-z0-9._-]+\/[a-z0-9._-]+(\/[a-z0-9._-]+)?$/i;

/** `platform` checked: os/architecture or os/architecture/variant. */
export function parsePlatform(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!PLATFORM.test(value)) throw invalid(`platform must be os/architecture or os/architecture/variant (such as linux/amd64), not "${value}".`, 'platform');
  return value.toLowerCase();
}

const platformText = (p: Record<string, unknown> | null) =>
  p ? [p.os, p.architecture, p.variant].filter((part): part is string => typeof part === 'string' && part !== '').join('/') : '';

const matches = (candidate: string, wanted: string) => candidate === wanted || (wanted.split('/').length === 2 && candidate.startsWith(`${wanted}/`));

/** The child of the index to compare. */
async function childFor(deps: Deps, index: ArtifactRecord, repositoryName: string, platform: string | undefined, field: string): Promise<ArtifactRecord> {
  const children = await referencesOf(deps.db, [index.id]);
  const named = children.map((c) => ({ ...c, text: platformText(c.platform) }));
  const chosen = platform
    ? named.find((c) => matches(c.text.toLowerCase(), platform))
    : (named.find((c) => c.text === 'linux/amd64') ?? named[0]);
  if (!chosen) {
    const offered = named.map((c) => c.text || 'unknown').join(', ') || 'none';
    throw invalid(
      platform
        ? `platform ${platform} is not in the index ${repositoryName}@${index.digest} (${field}); it has ${offered}.`
        : `The index ${repositoryName}@${index.digest} (${field}) has no images to compare.`,
      'platform',
    );
  }
  const child = await findArtifactRecord(deps.db, index.repositoryId, { digest: chosen.childDigest });
  if (!child) throw notFound(`artifact ${repositoryName}@${chosen.childDigest} not found`);
  return child;
}

/** One side of the diff, checked to be an image the caller may read. */
export async function resolveSide(deps: Deps, actor: Actor, names: ArtifactNames, platform: string | undefined, field: string): Promise<DiffSide> {
  const { repository, artifact } = await artifactFor(deps.db, actor, names, 'artifact-addition', 'read');
  const stored = await findManifest(deps.db, repository.name, artifact.digest);
  if (!stored) throw notFound(`artifact ${repository.name}@${artifact.digest} not found`);
  let image = artifact;
  let manifest = parseManifest(stored.bytes, stored.mediaType);
  if (manifest.kind === 'index') {
    image = await childFor(deps, artifact, repository.name, platform, field);
    const child = await findManifest(deps.db, repository.name, image.digest);
    if (!child) throw notFound(`artifact ${repository.name}@${image.digest} not found`);
    manifest = parseManifest(child.bytes, child.mediaType);
  }
  if (manifest.kind !== 'image' || !isImageConfig(image.mediaType)) {
    throw invalid(
      `${field} names ${repository.name}@${image.digest}, which is not a container image (its type is ${image.type}); only images can be compared.`,
      field,
    );
  }
  const config = await imageConfigOf(deps, image);
  const top = (typeof config === 'object' && config !== null ? config : {}) as Record<string, unknown>;
  return {
    repository: repository.name,
    digest: image.digest,
    indexDigest: image === artifact ? null : artifact.digest,
    platform: platformText(top) || null,
    layers: manifest.layers,
    config,
  };
}
