/**
 * Checking a registry endpoint (POST /registries/ping) and describing what replication can do
 * with each type (GET /registries/{id}/info, /replication/adapters, /replication/adapterinfos).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { invalid, notFound } from '../../lib/errors.js';
import { openRemote } from '../../remote/open-remote.js';
import { isRemoteError } from '../../remote/remote-error.js';
import { REGISTRY_TYPES, type RegistryEndpoint, type RegistryType } from '../../remote/types.js';
import type { CoreContext } from '../context.js';
import { endpointOf } from './registry-client.js';
import { findRegistryById, setRegistryStatus } from './registry.repository.js';
import { requireSystemPermission } from '../security/actor.js';
import { checkCaCertificate, checkType, MASKED_SECRET, normalizeUrl } from './registry.service.js';
import type { Actor } from '../security/actor.js';

export interface PingInput {
  id?: number | null;
  type?: string | null;
  url?: string | null;
  credentialType?: string | null;
  accessKey?: string | null;
  accessSecret?: string | null;
  insecure?: boolean | null;
  caCertificate?: string | null;
}

/**
 * With an id: the stored endpoint, its URL and TLS settings authoritative (so saved credentials
 * are never sent elsewhere), credentials overridable. Without: the given endpoint. Fails with
 * a 400 whose message is the plain reason (unreachable, TLS error, wrong credentials, not a registry).
 */
export async function pingRegistryAs(ctx: Pick<CoreContext, 'db' | 'secretBox'>, actor: Actor, input: PingInput): Promise<void> {
  requireSystemPermission(actor, 'registry', 'read');
  let endpoint: RegistryEndpoint;
  if (input.id) {
    const row = await findRegistryById(ctx.db, input.id);
    if (!row) throw notFound(`registry ${input.id} not found`);
    endpoint = endpointOf(ctx, row);
    if (input.type) endpoint.type = checkType(input.type);
  } else {
    if (!input.type || !input.url) throw invalid('type or url cannot be empty', input.url ? 'type' : 'url');
    endpoint = { type: checkType(input.type), url: normalizeUrl(input.url), insecure: input.insecure ?? false };
    const ca = checkCaCertificate(input.caCertificate);
    if (ca) endpoint.caCertificate = ca;
  }
  const accessKey = input.accessKey ?? endpoint.credential?.accessKey ?? '';
  const given = input.accessSecret != null && input.accessSecret !== MASKED_SECRET;
  const accessSecret = given ? input.accessSecret! : (endpoint.credential?.accessSecret ?? '');
  endpoint.credential = accessKey || accessSecret ? { type: 'basic', accessKey, accessSecret } : undefined;
  try {
    await openRemote(endpoint).ping();
    if (input.id) await setRegistryStatus(ctx.db, input.id, 'healthy');
  } catch (err) {
    if (!isRemoteError(err)) throw err;
    if (input.id) await setRegistryStatus(ctx.db, input.id, 'unhealthy');
    throw invalid(`the registry is unhealthy: ${err.message}`);
  }
}

export interface FilterStyle {
  type: string;
  style: string;
  values?: string[];
}

export interface RegistryInfo {
  type: RegistryType;
  description: string;
  supported_resource_filters: FilterStyle[];
  supported_triggers: string[];
  supported_copy_by_chunk: boolean;
}

/** As Harbor's adapters declare themselves (src/pkg/reg/adapter/*): the filters a rule may use with the type. */
export function registryInfo(type: RegistryType): RegistryInfo {
  const nameAndTag: FilterStyle[] = [
    { type: 'name', style: 'input' },
    { type: 'tag', style: 'input' },
  ];
  if (type === 'harbor') {
    return {
      type,
      description: '',
      supported_resource_filters: [...nameAndTag, { type: 'label', style: 'list' }, { type: 'resource', style: 'radio', values: ['image', 'artifact'] }],
      supported_triggers: ['manual', 'scheduled', 'event_based'],
      supported_copy_by_chunk: true,
    };
  }
  return {
    type,
    description: type === 'oci' ? 'an OCI registry without a catalog: name the repositories in the rule' : '',
    supported_resource_filters: nameAndTag,
    supported_triggers: ['manual', 'scheduled'],
    supported_copy_by_chunk: true,
  };
}

/** id 0 is this Berth itself (Harbor's "local" registry). */
export async function getRegistryInfoAs(db: Kysely<Database>, actor: Actor, id: number): Promise<RegistryInfo> {
  requireSystemPermission(actor, 'registry', 'read');
  if (id === 0) return registryInfo('harbor');
  const row = await findRegistryById(db, id);
  if (!row) throw notFound(`registry ${id} not found`);
  return registryInfo(checkType(row.type));
}

export function listAdapterTypesAs(actor: Actor): RegistryType[] {
  requireSystemPermission(actor, 'replication-adapter', 'list');
  return [...REGISTRY_TYPES];
}

/** Harbor lists endpoint and credential patterns only for cloud adapters; these types have none. */
export function listAdapterInfosAs(actor: Actor): Record<string, object> {
  requireSystemPermission(actor, 'replication-adapter', 'list');
  return Object.fromEntries(REGISTRY_TYPES.map((type) => [type, {}]));
}
