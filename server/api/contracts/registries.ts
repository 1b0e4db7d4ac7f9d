/** Registry endpoints for replication: Harbor's Registry, RegistryUpdate, RegistryPing, RegistryInfo and the adapters. */
import { z } from 'zod';
import { MAX_ROW_ID } from '../../lib/row-id.js';
import { created, errorResponses, LIST_HEADERS, ok, pagingQuery, rowIdParam } from './common.js';
import { operation } from './operation.js';

/** Harbor uses one Registry schema for requests and responses; OpenAPI here names the request's apart (zod's output adds additionalProperties). */
const registrySchemas = (suffix: string) => {
  const credential = z
    .object({
      type: z.string().optional().describe("Credential type: 'basic'."),
      access_key: z.string().optional().describe('The user name.'),
      access_secret: z.string().optional().describe('The password or token. Answers show "*****" when one is stored, never the secret.'),
    })
    .meta({ id: `RegistryCredential${suffix}` });
  const registry = z
    .object({
      id: z.int().optional(),
      url: z.string().optional(),
      name: z.string().optional(),
      credential: credential.optional(),
      type: z.string().optional().describe("The adapter: 'harbor' (Harbor or Berth), 'docker-registry' (CNCF Distribution) or 'oci' (any OCI registry; no catalog)."),
      insecure: z.boolean().optional().describe('true: the certificate is not verified.'),
      ca_certificate: z.string().nullable().optional(),
      description: z.string().optional(),
      status: z.string().optional().describe('healthy or unhealthy after the last check.'),
      creation_time: z.string().optional(),
      update_time: z.string().optional(),
    })
    .meta({ id: `Registry${suffix}` });
  return { credential, registry };
};

export const { credential: RegistryCredential, registry: Registry } = registrySchemas('');
const { registry: RegistryRequest } = registrySchemas('Request');

const nullableString = () => z.string().nullable().optional();

export const RegistryUpdate = z
  .object({
    name: nullableString(),
    description: nullableString(),
    url: nullableString(),
    credential_type: nullableString(),
    access_key: nullableString(),
    access_secret: nullableString().describe('Omitted (or "*****"): the stored secret is kept, unless the URL changes.'),
    insecure: z.boolean().nullable().optional(),
    ca_certificate: nullableString(),
  })
  .meta({ id: 'RegistryUpdate' });

export const RegistryPing = z
  .object({
    id: z.int().min(1).max(MAX_ROW_ID).nullable().optional().describe('A stored registry: its URL and TLS settings are used; credentials may be overridden.'),
    type: nullableString(),
    url: nullableString(),
    credential_type: nullableString(),
    access_key: nullableString(),
    access_secret: nullableString(),
    insecure: z.boolean().nullable().optional(),
    ca_certificate: nullableString(),
  })
  .meta({ id: 'RegistryPing' });

export const FilterStyle = z.object({ type: z.string(), style: z.string(), values: z.array(z.string()).optional() }).meta({ id: 'FilterStyle' });

export const RegistryInfo = z
  .object({
    type: z.string(),
    description: z.string(),
    supported_resource_filters: z.array(FilterStyle),
    supported_triggers: z.array(z.string()),
    supported_copy_by_chunk: z.boolean().optional(),
  })
  .meta({ id: 'RegistryInfo' });

export const RegistryProviderInfo = z
  .object({
    endpoint_pattern: z.object({ endpoint_type: z.string(), endpoints: z.array(z.object({ key: z.string(), value: z.string() })) }).optional(),
    credential_pattern: z
      .object({ access_key_type: z.string(), access_key_data: z.string(), access_secret_type: z.string(), access_secret_data: z.string() })
      .optional(),
  })
  .meta({ id: 'RegistryProviderInfo' });

const idParams = z.object({ id: rowIdParam('The registry id.') });
const ADMINS = 'system admins';

export const registryOperations = {
  listRegistryProviderTypes: operation({
    id: 'listRegistryProviderTypes',
    method: 'get',
    path: '/replication/adapters',
    summary: 'List registry adapters.',
    tag: 'registry',
    access: ADMINS,
    responses: { 200: { description: 'The adapter types.', body: z.array(z.string()) }, ...errorResponses(401, 403) },
  }),
  listRegistryProviderInfos: operation({
    id: 'listRegistryProviderInfos',
    method: 'get',
    path: '/replication/adapterinfos',
    summary: 'List all registered registry provider information.',
    tag: 'registry',
    access: ADMINS,
    responses: { 200: { description: 'Per adapter type.', body: z.record(z.string(), RegistryProviderInfo) }, ...errorResponses(401, 403) },
  }),
  listRegistries: operation({
    id: 'listRegistries',
    method: 'get',
    path: '/registries',
    summary: 'List the registries.',
    tag: 'registry',
    access: ADMINS,
    query: pagingQuery.extend({ name: z.string().optional().describe('Deprecated, use q instead: names containing this.') }),
    responses: { 200: { description: 'The registries.', body: z.array(Registry), headers: LIST_HEADERS }, ...errorResponses(400, 401, 403) },
  }),
  createRegistry: operation({
    id: 'createRegistry',
    method: 'post',
    path: '/registries',
    summary: 'Create a registry.',
    tag: 'registry',
    access: ADMINS,
    body: RegistryRequest,
    responses: { ...created, ...errorResponses(400, 401, 403, 409) },
  }),
  pingRegistry: operation({
    id: 'pingRegistry',
    method: 'post',
    path: '/registries/ping',
    summary: 'Check status of a registry; a 400 names the reason (unreachable, TLS error, wrong credentials, not a registry).',
    tag: 'registry',
    access: ADMINS,
    body: RegistryPing,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404) },
  }),
  getRegistry: operation({
    id: 'getRegistry',
    method: 'get',
    path: '/registries/{id}',
    summary: 'Get the specific registry.',
    tag: 'registry',
    access: ADMINS,
    params: idParams,
    responses: { 200: { description: 'The registry.', body: Registry }, ...errorResponses(401, 403, 404) },
  }),
  updateRegistry: operation({
    id: 'updateRegistry',
    method: 'put',
    path: '/registries/{id}',
    summary: 'Update the registry.',
    tag: 'registry',
    access: ADMINS,
    params: idParams,
    body: RegistryUpdate,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404, 409) },
  }),
  deleteRegistry: operation({
    id: 'deleteRegistry',
    method: 'delete',
    path: '/registries/{id}',
    summary: 'Delete the specific registry; 412 while replication policies use it.',
    tag: 'registry',
    access: ADMINS,
    params: idParams,
    responses: { ...ok, ...errorResponses(401, 403, 404, 412) },
  }),
  getRegistryInfo: operation({
    id: 'getRegistryInfo',
    method: 'get',
    path: '/registries/{id}/info',
    summary: 'Get the registry info (id 0: this Berth).',
    tag: 'registry',
    access: ADMINS,
    params: z.object({ id: z.coerce.number().int().min(0).max(MAX_ROW_ID).describe('The registry id; 0 is this Berth.') }),
    responses: { 200: { description: 'What replication can do with it.', body: RegistryInfo }, ...errorResponses(401, 403, 404) },
  }),
  listRemoteRepositories: operation({
    id: 'listRemoteRepositories',
    method: 'get',
    path: '/berth/registries/{id}/repositories',
    summary: 'Berth: the remote repositories a name filter selects (the rule form\'s preview of a pull rule); at most 100 names, with the total.',
    tag: 'registry',
    access: ADMINS,
    params: idParams,
    query: z.object({ name: z.string().max(1024).optional().describe('A doublestar pattern, as a replication name filter; empty selects all.') }),
    responses: {
      200: {
        description: 'The matching names, or why the remote could not be listed.',
        body: z
          .object({
            repositories: z.array(z.string()),
            total: z.number().int(),
            catalog: z.boolean().describe('False when the registry has no catalog: the names are those the pattern spells out.'),
            problem: z.string().optional(),
          })
          .meta({ id: 'RemoteRepositoryPreview' }),
      },
      ...errorResponses(401, 403, 404),
    },
  }),
};
