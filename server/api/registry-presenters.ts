/**
 * Repositories, artifacts and tags in Harbor's JSON. Each returns the contract's output type, so
 * the compiler keeps these in step with openapi.json.
 */
import type { z } from 'zod';
import { labelJson } from './label-presenters.js';
import type { LayerView } from '../core/artifacts/additions.service.js';
import type { TagRecord } from '../core/artifacts/artifact-list.repository.js';
import type { AccessoryView, ArtifactView } from '../core/artifacts/artifact-views.js';
import type { FoundRepository, RepositoryWithCount } from '../core/repositories/repository-list.repository.js';
import { ZERO_TIME } from './contracts/common.js';
import type { Accessory, Artifact, Layer, Platform, Tag } from './contracts/artifacts.js';
import type { Repository } from './contracts/repositories.js';
import { RawJson } from '../lib/raw-json.js';
import { reportSummaryJson } from './scan-presenters.js';
import { VULNERABILITY_REPORT_MIME } from '../core/scanning/severity.js';
import type { SearchRepository } from './contracts/search.js';

type Out<S extends z.ZodType> = z.output<S>;

export const repositoryJson = (r: RepositoryWithCount): Out<typeof Repository> => ({
  id: r.id,
  project_id: r.projectId,
  name: r.name,
  description: r.description,
  artifact_count: r.artifactCount,
  pull_count: r.pullCount,
  creation_time: r.creationTime,
  update_time: r.updateTime,
});

export const searchRepositoryJson = (r: FoundRepository): Out<typeof SearchRepository> => ({
  project_id: r.projectId,
  project_name: r.projectName,
  project_public: r.projectPublic,
  repository_name: r.name,
  pull_count: r.pullCount,
  artifact_count: r.artifactCount,
});

export const tagJson = (t: TagRecord): Out<typeof Tag> => ({
  id: t.id,
  repository_id: t.repositoryId,
  artifact_id: t.artifactId,
  name: t.name,
  push_time: t.pushTime,
  pull_time: t.pullTime ?? ZERO_TIME,
  immutable: t.immutable ?? false,
  pull_count: t.pullCount,
});

export const accessoryJson = (a: AccessoryView): Out<typeof Accessory> => ({
  id: a.id,
  artifact_id: a.id,
  subject_artifact_id: a.subjectArtifactId,
  subject_artifact_digest: a.subjectDigest ?? '',
  subject_artifact_repo: a.repositoryName,
  size: a.size,
  digest: a.digest,
  type: a.accessoryType,
  icon: '',
  creation_time: a.pushTime,
  artifact_type: a.artifactType,
});

/** Harbor's path to an artifact: the repository's name within its project, encoded twice. */
const artifactPath = (repositoryName: string, digest: string) => {
  const slash = repositoryName.indexOf('/');
  const inProject = encodeURIComponent(encodeURIComponent(repositoryName.slice(slash + 1)));
  return `/api/v2.0/projects/${repositoryName.slice(0, slash)}/repositories/${inProject}/artifacts/${digest}`;
};

const platformOf = (platform: Record<string, unknown> | null) => (platform ? (platform as Out<typeof Platform>) : undefined);

/** Harbor names the scanner that made an SBOM; Berth made it from the layers itself. */
const SBOM_SCANNER = { name: 'Berth', vendor: 'Berth', version: '1' };

/** Harbor's artifact, its tags perhaps as JSON text the database wrote: send it with stringifyWithRaw. */
export type ArtifactJson = Omit<Out<typeof Artifact>, 'tags'> & { tags?: Out<typeof Artifact>['tags'] | RawJson };

export const artifactJson = (a: ArtifactView): ArtifactJson => ({
  id: a.id,
  type: a.type,
  media_type: a.mediaType,
  manifest_media_type: a.manifestMediaType,
  ...(a.artifactType ? { artifact_type: a.artifactType } : {}),
  project_id: a.projectId,
  repository_id: a.repositoryId,
  repository_name: a.repositoryName,
  digest: a.digest,
  size: a.size,
  push_time: a.pushTime,
  pull_time: a.pullTime ?? ZERO_TIME,
  pull_count: a.pullCount,
  extra_attrs: a.extraAttrs,
  annotations: a.annotations,
  references: a.references.map((r) => ({
    parent_id: r.parentId,
    child_id: r.childId,
    child_digest: r.childDigest,
    ...(r.platform ? { platform: platformOf(r.platform) } : {}),
    annotations: r.annotations,
    ...(r.urls ? { urls: r.urls } : {}),
  })),
  ...(a.tags ? { tags: a.tags instanceof RawJson ? a.tags : a.tags.map(tagJson) } : {}),
  addition_links: Object.fromEntries(
    a.additions.map((name) => [name, { href: `${artifactPath(a.repositoryName, a.digest)}/additions/${name}`, absolute: false }]),
  ),
  labels: a.labels.map(labelJson),
  ...(a.accessories ? { accessories: a.accessories.map(accessoryJson) } : {}),
  accessory_count: a.accessoryCount,
  ...(a.sbomOverview ? { sbom_overview: { ...a.sbomOverview, scanner: SBOM_SCANNER } } : {}),
  // Harbor: an empty overview until a scan is asked; then the report's summary under its MIME type.
  ...(a.scanOverview !== undefined ? { scan_overview: a.scanOverview ? { [VULNERABILITY_REPORT_MIME]: reportSummaryJson(a.scanOverview) } : {} } : {}),
});

export const layerJson = (l: LayerView): Out<typeof Layer> => ({
  digest: l.digest,
  size: l.size,
  media_type: l.mediaType,
  created_by: l.createdBy,
  created: l.created,
  ...(l.urls ? { urls: l.urls } : {}),
  ...(l.annotations ? { annotations: l.annotations } : {}),
});
