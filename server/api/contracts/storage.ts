/**
 * Berth: dedup-aware storage. Figures maintained as data changes, so each is
 * one row's read. Total is every distinct blob a scope's artifacts name plus their manifests;
 * unique is what no other scope of the same kind (project, repository) names, manifests
 * included: exactly what deleting the scope and collecting garbage frees; shared is the rest.
 */
import { z } from 'zod';
import { errorResponses, isResourceNameHeader, projectNameOrId } from './common.js';
import { operation } from './operation.js';
import { repositoryParams } from './repositories.js';

const bytes = (description: string) => z.number().int().min(0).describe(description);

export const ScopeStorage = z
  .object({
    total: bytes('Bytes its artifacts use: each blob once, plus every manifest.'),
    unique: bytes('Bytes nothing outside it uses (manifests included): what deleting it, then GC, frees.'),
    shared: bytes('Bytes of blobs other projects (for a project) or repositories (for a repository) use too.'),
    artifact_count: z.int(),
    manifest_bytes: bytes('Of the total, the manifests.'),
  })
  .meta({ id: 'BerthScopeStorage' });

export const ArtifactStorage = z
  .object({
    frees: bytes('Bytes deleting it (with the index children and accessories that go with it), then GC, frees: blobs only they name, and their manifests.'),
    stays: bytes('Bytes of its blobs that other artifacts keep.'),
    shared_with: z.int().describe('How many other artifacts name those blobs (counted up to 1,000: 1000 means 1,000 or more).'),
    artifact_count: z.int().describe('The artifacts deleting it removes: itself and what goes with it.'),
  })
  .meta({ id: 'BerthArtifactStorage' });

export const SystemStorage = z
  .object({
    total_storage_consumption: bytes('Bytes the store holds: every blob (unreferenced ones until GC) and manifest, as /statistics.'),
    physical: bytes('Bytes artifacts use, each blob stored once.'),
    logical: bytes('Bytes artifacts would use if each stored its own blobs.'),
    dedup_ratio: z.number().describe('logical / physical; 1 when nothing is stored.'),
    artifact_count: z.int(),
  })
  .meta({ id: 'BerthSystemStorage' });

export const storageOperations = {
  getProjectStorage: operation({
    id: 'getProjectStorage',
    method: 'get',
    path: '/berth/projects/{project_name_or_id}/storage',
    summary: 'Berth: the project\'s total, unique and shared bytes.',
    tag: 'project',
    access: 'quota:read in the project',
    params: z.object({ project_name_or_id: projectNameOrId }),
    headers: isResourceNameHeader,
    responses: { 200: { description: 'The figures.', body: ScopeStorage }, ...errorResponses(400, 401, 403, 404) },
  }),
  getRepositoryStorage: operation({
    id: 'getRepositoryStorage',
    method: 'get',
    path: '/berth/projects/{project_name}/repositories/{repository_name}/storage',
    summary: 'Berth: the repository\'s total, unique and shared bytes.',
    tag: 'repository',
    access: 'quota:read in the project',
    params: repositoryParams,
    responses: { 200: { description: 'The figures.', body: ScopeStorage }, ...errorResponses(400, 401, 403, 404) },
  }),
  getArtifactStorage: operation({
    id: 'getArtifactStorage',
    method: 'get',
    path: '/berth/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/storage',
    summary: 'Berth: what deleting the artifact would free, and what stays because other artifacts share it.',
    tag: 'artifact',
    access: 'quota:read in the project',
    params: repositoryParams.extend({ reference: z.string().min(1).describe('A digest or a tag.') }),
    responses: { 200: { description: 'The figures.', body: ArtifactStorage }, ...errorResponses(400, 401, 403, 404) },
  }),
  getSystemStorage: operation({
    id: 'getSystemStorage',
    method: 'get',
    path: '/berth/statistics/storage',
    summary: 'Berth: the store\'s size and the system-wide deduplication ratio.',
    tag: 'statistic',
    access: 'system admins (quota:read at system level)',
    responses: { 200: { description: 'The figures.', body: SystemStorage }, ...errorResponses(401, 403) },
  }),
};
