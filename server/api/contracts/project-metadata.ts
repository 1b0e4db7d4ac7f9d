/**
 * Harbor's `projectMetadata` tag (/projects/{p}/metadatas) and `SystemCVEAllowlist` tag
 * (/system/CVEAllowlist). Metadata values are strings, one key per request, as Harbor takes them.
 */
import { z } from 'zod';
import { errorResponses, isResourceNameHeader, ok, projectNameOrId } from './common.js';
import { operation } from './operation.js';
import { CveAllowlist, CveAllowlistReq } from './projects.js';

const StringMap = z.record(z.string(), z.string());

const projectParams = z.object({ project_name_or_id: projectNameOrId });
const metaParams = projectParams.extend({ meta_name: z.string().min(1).describe('The name of the metadata.') });

const KEYS =
  'public, enable_content_trust, enable_content_trust_cosign, prevent_vul, auto_scan, auto_sbom_generation and reuse_sys_cve_allowlist (true or false), severity (none, low, medium, high, critical)';

export const projectMetadataOperations = {
  listProjectMetadatas: operation({
    id: 'listProjectMetadatas',
    method: 'get',
    path: '/projects/{project_name_or_id}/metadatas/',
    summary: 'The project\'s metadata: every key with its string value.',
    tag: 'projectMetadata',
    access: 'metadata:read (maintainers and project admins)',
    params: projectParams,
    headers: isResourceNameHeader,
    responses: { 200: { description: 'The metadata.', body: StringMap }, ...errorResponses(400, 401, 403, 404) },
  }),
  addProjectMetadatas: operation({
    id: 'addProjectMetadatas',
    method: 'post',
    path: '/projects/{project_name_or_id}/metadatas/',
    summary: `Add one metadata key the project does not have yet (409 when it has): ${KEYS}.`,
    tag: 'projectMetadata',
    access: 'metadata:create (project admins)',
    params: projectParams,
    headers: isResourceNameHeader,
    body: StringMap,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404, 409) },
  }),
  getProjectMetadata: operation({
    id: 'getProjectMetadata',
    method: 'get',
    path: '/projects/{project_name_or_id}/metadatas/{meta_name}',
    summary: 'One metadata key, as {key: value}; {} when the project does not have it (Harbor\'s answer).',
    tag: 'projectMetadata',
    access: 'metadata:read (maintainers and project admins)',
    params: metaParams,
    headers: isResourceNameHeader,
    responses: { 200: { description: 'The metadata.', body: StringMap }, ...errorResponses(400, 401, 403, 404) },
  }),
  updateProjectMetadata: operation({
    id: 'updateProjectMetadata',
    method: 'put',
    path: '/projects/{project_name_or_id}/metadatas/{meta_name}',
    summary: 'Set one metadata key: the body is {meta_name: value}.',
    tag: 'projectMetadata',
    access: 'metadata:update (project admins)',
    params: metaParams,
    headers: isResourceNameHeader,
    body: StringMap,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404, 409) },
  }),
  deleteProjectMetadata: operation({
    id: 'deleteProjectMetadata',
    method: 'delete',
    path: '/projects/{project_name_or_id}/metadatas/{meta_name}',
    summary: 'Remove one metadata key (public goes back to false, every switch to its default).',
    tag: 'projectMetadata',
    access: 'metadata:delete (project admins)',
    params: metaParams,
    headers: isResourceNameHeader,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404) },
  }),
};

export const systemAllowlistOperations = {
  getSystemCVEAllowlist: operation({
    id: 'getSystemCVEAllowlist',
    method: 'get',
    path: '/system/CVEAllowlist',
    summary: 'The system CVE allowlist (project_id 0), which projects with reuse_sys_cve_allowlist use.',
    tag: 'SystemCVEAllowlist',
    access: 'signed-in users',
    responses: { 200: { description: 'The allowlist.', body: CveAllowlist }, ...errorResponses(401) },
  }),
  putSystemCVEAllowlist: operation({
    id: 'putSystemCVEAllowlist',
    method: 'put',
    path: '/system/CVEAllowlist',
    summary: 'Replace the system CVE allowlist with the body\'s items and expiry.',
    tag: 'SystemCVEAllowlist',
    access: 'system admins',
    body: CveAllowlistReq,
    responses: { ...ok, ...errorResponses(400, 401, 403) },
  }),
};
