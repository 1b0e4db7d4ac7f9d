/** A registry endpoint in Harbor's JSON: the secret shown as "*****" when one is stored, never itself. */
import type { z } from 'zod';
import type { RegistryEndpointRow } from '../core/registries/registry.repository.js';
import { MASKED_SECRET } from '../core/registries/registry.service.js';
import type { Registry } from './contracts/registries.js';

export const registryJson = (r: RegistryEndpointRow): z.output<typeof Registry> => ({
  id: r.id,
  name: r.name,
  url: r.url,
  type: r.type,
  insecure: r.insecure === 1,
  description: r.description,
  status: r.status,
  creation_time: r.creation_time,
  update_time: r.update_time,
  ...(r.ca_certificate ? { ca_certificate: r.ca_certificate } : {}),
  credential: {
    type: r.credential_type,
    access_key: r.access_key,
    ...(r.access_secret ? { access_secret: MASKED_SECRET } : {}),
  },
});
