/**
 * Opens a registry endpoint for the copy engine: a stored one by id (credentials unsealed in
 * memory only), or this Berth itself for id null/0.
 *
 * This Berth is reached by loopback over its own /v2 rather than by writing the database and
 * blob store directly, so replicated content goes through exactly what a push goes through:
 * manifest checks, blob verification, quotas, immutability, audit rows and push/delete events
 * (which feed event-based replication and webhooks). The token is minted in-process for the
 * system operator (auth/system-token.ts), for whatever scope each request needs, so no password exists for it.
 */
import { RemoteError } from '../../remote/remote-error.js';
import { openRemote } from '../../remote/open-remote.js';
import type { RegistryEndpoint, RegistryType, RemoteRegistry } from '../../remote/types.js';
import type { CoreContext } from '../context.js';
import { findRegistryById, type RegistryEndpointRow } from './registry.repository.js';

/** A stored endpoint as the remote client takes it, its secret unsealed. */
export function endpointOf(ctx: Pick<CoreContext, 'secretBox'>, row: RegistryEndpointRow): RegistryEndpoint {
  const endpoint: RegistryEndpoint = { type: row.type as RegistryType, url: row.url, insecure: row.insecure === 1 };
  if (row.ca_certificate) endpoint.caCertificate = row.ca_certificate;
  if (row.access_key || row.access_secret) {
    endpoint.credential = {
      type: 'basic',
      accessKey: row.access_key,
      accessSecret: row.access_secret ? ctx.secretBox.open(row.access_secret) : '',
    };
  }
  return endpoint;
}

/** registryId null (or 0) = this Berth (loopback over /v2 with an internal system token). */
export async function openRegistry(ctx: CoreContext, registryId: number | null): Promise<RemoteRegistry> {
  if (!registryId) return openLocalRegistry(ctx);
  const row = await findRegistryById(ctx.db, registryId);
  if (!row) throw new RemoteError('not-found', `the registry endpoint ${registryId} does not exist`, { transient: false });
  return openRemote(endpointOf(ctx, row));
}

export function openLocalRegistry(ctx: Pick<CoreContext, 'loopback'>): RemoteRegistry {
  if (!ctx.loopback) throw new RemoteError('unreachable', 'this Berth is not listening yet', { transient: true });
  // Lists through /v2/_catalog: the /api would need a password this actor does not have.
  return openRemote({ type: 'harbor', url: ctx.loopback.url, insecure: false }, { listing: 'catalog', tokenMinter: ctx.loopback.mintToken });
}
