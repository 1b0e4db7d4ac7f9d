/**
 * Berth's layer insight (not in Harbor's API, so under /berth): which artifacts use a blob (the
 * layer reverse index), and an image's lineage, the image it is built on and those built on it.
 * "Built on" means layers: image B is the base of image X when B's layers are the first layers of
 * X, and X has more. Lists hold only the artifacts the caller may read.
 */
import { z } from 'zod';
import { errorResponses, LIST_HEADERS, pagingQuery } from './common.js';
import { operation } from './operation.js';
import { repositoryParams } from './repositories.js';

export const ArtifactSummary = z
  .object({
    artifact_id: z.int(),
    project_id: z.int(),
    project_name: z.string(),
    repository_name: z.string().describe('The full name, <project>/<name>, as Harbor\'s Artifact names it.'),
    digest: z.string(),
    tags: z.array(z.string()).describe('The artifact\'s tags, newest first.'),
    push_time: z.string(),
    layers: z.int().describe('How many layers the image has; 0 for an index or an artifact without layers.'),
  })
  .meta({ id: 'ArtifactSummary', description: 'Berth: an artifact as the layer insight lists show it.' });

export const ArtifactLineage = z
  .object({
    layers: z.int().describe('How many layers the image has.'),
    base: ArtifactSummary.nullable().describe(
      'The image it is built on (whose layers are all its first layers), or null. Of several: the one with the most layers, then a tagged one, then the most recently pushed.',
    ),
    used_by_count: z.int().describe('How many images the caller may read are built on it (…/dependents lists them).'),
  })
  .meta({ id: 'ArtifactLineage', description: 'Berth: what an image is built on and how many images are built on it.' });

const listQuery = pagingQuery.extend({
  q: pagingQuery.shape.q.describe('Filters on id, project_id, repository_name (repository_name=~part), digest and push_time. Other keys are ignored.'),
  sort: pagingQuery.shape.sort.describe('push_time, repository_name or id; the default is -push_time. Other keys are ignored.'),
});

const READERS = 'anyone: only artifacts of projects where the caller holds artifact:read (public projects for anonymous callers)';

const artifactParams = repositoryParams.extend({ reference: z.string().min(1).describe('A digest or a tag.') });
const ARTIFACT_PATH = '/berth/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}';

export const layerOperations = {
  listBlobArtifacts: operation({
    id: 'listBlobArtifacts',
    method: 'get',
    path: '/berth/blobs/{digest}/artifacts',
    summary: 'Berth: the artifacts that use a blob (a layer, a config, any blob a manifest names), across the registry, newest first.',
    tag: 'artifact',
    access: READERS,
    params: z.object({ digest: z.string().min(1).describe('The blob\'s digest, such as sha256:<64 hex digits>.') }),
    query: listQuery,
    responses: {
      200: { description: 'The artifacts; none when no readable artifact uses the blob.', body: z.array(ArtifactSummary), headers: LIST_HEADERS },
      ...errorResponses(400),
    },
  }),
  getArtifactLineage: operation({
    id: 'getArtifactLineage',
    method: 'get',
    path: `${ARTIFACT_PATH}/lineage`,
    summary: 'Berth: the image an image is built on, and how many images are built on it.',
    tag: 'artifact',
    access: 'artifact:read',
    params: artifactParams,
    responses: { 200: { description: 'The lineage.', body: ArtifactLineage }, ...errorResponses(400, 401, 403, 404) },
  }),
  listArtifactDependents: operation({
    id: 'listArtifactDependents',
    method: 'get',
    path: `${ARTIFACT_PATH}/dependents`,
    summary: 'Berth: the images built on an image (its layers are their first layers), newest first.',
    tag: 'artifact',
    access: `artifact:read on the image; ${READERS}`,
    params: artifactParams,
    query: listQuery,
    responses: { 200: { description: 'The images.', body: z.array(ArtifactSummary), headers: LIST_HEADERS }, ...errorResponses(400, 401, 403, 404) },
  }),
};
