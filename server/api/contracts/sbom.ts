/**
 * Berth's SBOM operations, under /berth/ since Harbor has no such paths:
 * generating an artifact's SBOM on demand (Harbor starts it with POST …/scan {"scan_type":
 * "sbom"} and a scanner; Berth reads the layers itself), the packages an SBOM lists, and the
 * registry-wide package search. The SBOM document itself is the artifact's harbor.sbom accessory,
 * pulled like any manifest.
 */
import { z } from 'zod';
import { errorResponses, LIST_HEADERS } from './common.js';
import { operation } from './operation.js';
import { repositoryParams } from './repositories.js';

const referenceParams = repositoryParams.extend({ reference: z.string().min(1).describe('A digest or a tag.') });

const paging = {
  page: z.coerce.number().int().min(1).default(1).describe('The page number, from 1.'),
  page_size: z.coerce.number().int().min(1).max(100).default(10).describe('The size of a page, at most 100.'),
};

export const SbomPackage = z
  .object({
    name: z.string(),
    version: z.string(),
    type: z.string().describe('deb, apk, npm, pypi or golang: the purl type.'),
    purl: z.string().describe('The package URL.'),
    license: z.string().describe('As the package declares it; empty when it does not.'),
  })
  .meta({ id: 'SbomPackage', description: 'Berth: a package an artifact\'s SBOM lists.' });

export const PackageUse = SbomPackage.extend({
  project_id: z.int(),
  project_name: z.string(),
  repository_name: z.string().describe('The full name, project first.'),
  artifact_id: z.int(),
  digest: z.string(),
  push_time: z.string(),
}).meta({ id: 'PackageUse', description: 'Berth: an artifact whose SBOM lists the package searched for.' });

export const SbomRequested = z
  .object({ report_id: z.string().describe('The id the artifact\'s sbom_overview carries while this generation runs and once it ended.') })
  .meta({ id: 'SbomRequested' });

export const sbomOperations = {
  generateSbom: operation({
    id: 'generateSbom',
    method: 'post',
    path: '/berth/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/sbom',
    summary:
      'Berth: generate the image\'s SBOM (CycloneDX 1.5) from its layers, as a job; the result replaces the previous one as the artifact\'s harbor.sbom accessory, and with_sbom_overview=true follows its progress.',
    tag: 'artifact',
    access: 'sbom:create (developers and above)',
    params: referenceParams,
    responses: { 202: { description: 'Queued.', body: SbomRequested }, ...errorResponses(400, 401, 403, 404) },
  }),
  listSbomPackages: operation({
    id: 'listSbomPackages',
    method: 'get',
    path: '/berth/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/sbom/packages',
    summary: 'Berth: the packages of the artifact\'s latest SBOM, by type then name; empty before one was generated.',
    tag: 'artifact',
    access: 'sbom:read',
    params: referenceParams,
    query: z.object({ ...paging, q: z.string().max(255).optional().describe('A part of the package name.') }),
    responses: { 200: { description: 'The packages.', body: z.array(SbomPackage), headers: LIST_HEADERS }, ...errorResponses(400, 401, 403, 404) },
  }),
  searchPackages: operation({
    id: 'searchPackages',
    method: 'get',
    path: '/berth/packages',
    summary: 'Berth: the artifacts whose SBOM lists a package, newest push first, in the projects where the caller may read SBOMs.',
    tag: 'search',
    access: 'sbom:read in each project listed',
    query: z.object({
      ...paging,
      name: z.string().min(1, { error: 'name is required: the package name to look for.' }).max(255).describe('The package name, exactly (case-insensitive).'),
      version: z
        .string()
        .max(255)
        .optional()
        .describe(
          'A version range: comparators such as ">=3.0.0 <3.1.0" (space: and; ||: or) or a bare version for an exact match, compared by dpkg\'s rules for deb and apk packages and for versions that are not semantic; any semver range (^1.2, 1.x) for semantic versions.',
        ),
      type: z.string().optional().describe('deb, apk, npm, pypi or golang.'),
    }),
    responses: { 200: { description: 'The artifacts and the version they hold.', body: z.array(PackageUse), headers: LIST_HEADERS }, ...errorResponses(400, 401) },
  }),
};
