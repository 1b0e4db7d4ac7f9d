/**
 * Scanner registrations (Harbor's scanner tag) and a project's scanner (the project tag's
 * /projects/{p}/scanner operations): Harbor's ScannerRegistration, ScannerRegistrationReq,
 * ScannerRegistrationSettings, IsDefault, ProjectScanner and ScannerAdapterMetadata.
 */
import { z } from 'zod';
import { errorResponses, isResourceNameHeader, LIST_HEADERS, ok, pagingQuery, projectNameOrId } from './common.js';
import { operation } from './operation.js';

const AUTH = 'Empty, Basic (the credential is user:password), Bearer (a token) or X-ScannerAdapter-API-Key (an API key), as Harbor sends them.';

export const Scanner = z
  .object({ name: z.string().optional(), vendor: z.string().optional(), version: z.string().optional() })
  .meta({ id: 'Scanner' });

export const ScannerRegistration = z
  .object({
    uuid: z.string(),
    name: z.string(),
    description: z.string(),
    url: z.string(),
    disabled: z.boolean(),
    is_default: z.boolean(),
    auth: z.string().describe(AUTH),
    access_credential: z.string().describe('"*****" when one is stored; the credential itself is never shown.'),
    skip_certVerify: z.boolean(),
    use_internal_addr: z.boolean().describe('true: the adapter pulls from this Berth\'s own listener rather than its external URL.'),
    create_time: z.string(),
    update_time: z.string(),
    adapter: z.string().optional(),
    vendor: z.string().optional(),
    version: z.string().optional(),
    health: z.string().describe('healthy when the adapter answered its metadata just now, else unhealthy.'),
    capabilities: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'ScannerRegistration' });

export const ScannerRegistrationReq = z
  .object({
    name: z.string(),
    description: z.string().optional(),
    url: z.string(),
    auth: z.string().optional().describe(AUTH),
    access_credential: z.string().optional().describe('Omitted, empty or "*****" on update: the stored credential is kept while auth needs one and the URL stays.'),
    skip_certVerify: z.boolean().optional(),
    use_internal_addr: z.boolean().optional(),
    disabled: z.boolean().optional(),
  })
  .meta({ id: 'ScannerRegistrationReq' });

export const ScannerRegistrationSettings = z
  .object({ name: z.string(), url: z.string(), auth: z.string().optional(), access_credential: z.string().optional() })
  .meta({ id: 'ScannerRegistrationSettings' });

export const ScannerCapability = z
  .object({ type: z.string().optional(), consumes_mime_types: z.array(z.string()), produces_mime_types: z.array(z.string()) })
  .meta({ id: 'ScannerCapability' });

export const ScannerAdapterMetadata = z
  .object({ scanner: Scanner, capabilities: z.array(ScannerCapability), properties: z.record(z.string(), z.string()).optional() })
  .meta({ id: 'ScannerAdapterMetadata' });

const idParams = z.object({ registration_id: z.string().min(1).max(64).describe('The registration\'s uuid.') });
const projectParams = z.object({ project_name_or_id: projectNameOrId });
const ADMINS = 'system admins';

export const scannerOperations = {
  listScanners: operation({
    id: 'listScanners',
    method: 'get',
    path: '/scanners',
    summary: 'List scanner registrations, each with what its adapter says of itself.',
    tag: 'scanner',
    access: ADMINS,
    query: pagingQuery,
    responses: { 200: { description: 'The registrations.', body: z.array(ScannerRegistration), headers: LIST_HEADERS }, ...errorResponses(400, 401, 403) },
  }),
  createScanner: operation({
    id: 'createScanner',
    method: 'post',
    path: '/scanners',
    summary: 'Create a scanner registration (the first one becomes the default).',
    tag: 'scanner',
    access: ADMINS,
    body: ScannerRegistrationReq,
    responses: { 201: { description: 'Created.', headers: ['Location'] }, ...errorResponses(400, 401, 403, 409) },
  }),
  pingScanner: operation({
    id: 'pingScanner',
    method: 'post',
    path: '/scanners/ping',
    summary: 'Check an adapter: it must answer its metadata and scan images into Harbor\'s vulnerability report; a 400 says why not.',
    tag: 'scanner',
    access: ADMINS,
    body: ScannerRegistrationSettings,
    responses: { ...ok, ...errorResponses(400, 401, 403) },
  }),
  getScanner: operation({
    id: 'getScanner',
    method: 'get',
    path: '/scanners/{registration_id}',
    summary: 'Get a scanner registration.',
    tag: 'scanner',
    access: ADMINS,
    params: idParams,
    responses: { 200: { description: 'The registration.', body: ScannerRegistration }, ...errorResponses(401, 403, 404) },
  }),
  updateScanner: operation({
    id: 'updateScanner',
    method: 'put',
    path: '/scanners/{registration_id}',
    summary: 'Update a scanner registration.',
    tag: 'scanner',
    access: ADMINS,
    params: idParams,
    body: ScannerRegistrationReq,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404, 409) },
  }),
  deleteScanner: operation({
    id: 'deleteScanner',
    method: 'delete',
    path: '/scanners/{registration_id}',
    summary: 'Delete a scanner registration with its reports; answers the deleted registration.',
    tag: 'scanner',
    access: ADMINS,
    params: idParams,
    responses: { 200: { description: 'The deleted registration.', body: ScannerRegistration }, ...errorResponses(401, 403, 404) },
  }),
  setScannerAsDefault: operation({
    id: 'setScannerAsDefault',
    method: 'patch',
    path: '/scanners/{registration_id}',
    summary: 'Make a registration the system default.',
    tag: 'scanner',
    access: ADMINS,
    params: idParams,
    body: z.object({ is_default: z.boolean().optional() }).meta({ id: 'IsDefault' }),
    responses: { ...ok, ...errorResponses(400, 401, 403, 404) },
  }),
  getScannerMetadata: operation({
    id: 'getScannerMetadata',
    method: 'get',
    path: '/scanners/{registration_id}/metadata',
    summary: 'The adapter\'s metadata (its GET /api/v1/metadata); 503 when it does not answer.',
    tag: 'scanner',
    access: ADMINS,
    params: idParams,
    responses: { 200: { description: 'The metadata.', body: ScannerAdapterMetadata }, ...errorResponses(401, 403, 404, 503) },
  }),
  getScannerOfProject: operation({
    id: 'getScannerOfProject',
    method: 'get',
    path: '/projects/{project_name_or_id}/scanner',
    summary: 'The project\'s scanner: its own choice, else the system default.',
    tag: 'project',
    access: 'scanner:read in the project',
    params: projectParams,
    headers: isResourceNameHeader,
    responses: { 200: { description: 'The registration.', body: ScannerRegistration }, ...errorResponses(400, 401, 403, 404) },
  }),
  setScannerOfProject: operation({
    id: 'setScannerOfProject',
    method: 'put',
    path: '/projects/{project_name_or_id}/scanner',
    summary: 'Choose the project\'s scanner among the registrations.',
    tag: 'project',
    access: 'scanner:create in the project (project admins)',
    params: projectParams,
    headers: isResourceNameHeader,
    body: z.object({ uuid: z.string().min(1) }).meta({ id: 'ProjectScanner' }),
    responses: { ...ok, ...errorResponses(400, 401, 403, 404) },
  }),
  listScannerCandidatesOfProject: operation({
    id: 'listScannerCandidatesOfProject',
    method: 'get',
    path: '/projects/{project_name_or_id}/scanner/candidates',
    summary: 'The enabled registrations a project may choose.',
    tag: 'project',
    access: 'scanner:create in the project (project admins)',
    params: projectParams,
    headers: isResourceNameHeader,
    query: pagingQuery,
    responses: { 200: { description: 'The registrations.', body: z.array(ScannerRegistration), headers: LIST_HEADERS }, ...errorResponses(400, 401, 403, 404) },
  }),
};
