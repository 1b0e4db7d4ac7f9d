/**
 * The two ends of a rule as Harbor shows them in a policy (its Registry model): a registry
 * endpoint from the `registries` table, or this Berth itself as id 0, "Local", as Harbor's
 * registry manager answers for id 0. The secret never leaves: only whether there is one.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { findRegistryById } from '../registries/registry.repository.js';

export interface RegistryRef {
  id: number;
  name: string;
  url: string;
  type: string;
  insecure: boolean;
  description: string;
  status: string;
  credentialType: string;
  accessKey: string;
  hasSecret: boolean;
  caCertificate: string | null;
  creationTime: string;
  updateTime: string;
}

/** A registry endpoint by id; undefined when there is none. */
export async function findRegistryRef(db: Kysely<Database>, id: number): Promise<RegistryRef | undefined> {
  const row = await findRegistryById(db, id);
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    type: row.type,
    insecure: row.insecure === 1,
    description: row.description,
    status: row.status,
    credentialType: row.credential_type,
    accessKey: row.access_key,
    hasSecret: row.access_secret !== '',
    caCertificate: row.ca_certificate,
    creationTime: row.creation_time,
    updateTime: row.update_time,
  };
}

/** This Berth as the local end of a rule (Harbor's registry 0). */
export function localRegistryRef(externalUrl: string): RegistryRef {
  const epoch = '0001-01-01T00:00:00.000Z';
  return {
    id: 0,
    name: 'Local',
    url: externalUrl,
    type: 'harbor',
    insecure: true,
    description: '',
    status: 'healthy',
    credentialType: '',
    accessKey: '',
    hasSecret: false,
    caCertificate: null,
    creationTime: epoch,
    updateTime: epoch,
  };
}
