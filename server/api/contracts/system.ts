/** ping, health and systeminfo: what monitors and the sign-in page ask first. */
import { z } from 'zod';
import { errorResponses } from './common.js';
import { operation } from './operation.js';

export const OverallHealthStatus = z
  .object({
    status: z.enum(['healthy', 'unhealthy']),
    components: z.array(z.object({ name: z.string(), status: z.enum(['healthy', 'unhealthy']), error: z.string().optional() })),
  })
  .meta({ id: 'OverallHealthStatus' });

export const GeneralInfo = z
  .object({
    auth_mode: z.string(),
    primary_auth_mode: z.boolean(),
    self_registration: z.boolean(),
    banner_message: z.string(),
    harbor_version: z.string().optional(),
    external_url: z.string().optional(),
    registry_url: z.string().optional(),
    current_time: z.string().optional(),
    project_creation_restriction: z.string().optional(),
    has_ca_root: z.boolean().optional(),
    read_only: z.boolean().optional(),
    registry_storage_provider_name: z.string().optional(),
    notification_enable: z.boolean().optional(),
    oidc_provider_name: z.string().describe('Empty: OIDC sign-in does not exist yet.'),
    password_reset_by_email: z.boolean().describe('Berth: whether a password reset link can be mailed (an SMTP server is set); for everyone.'),
  })
  .meta({ id: 'GeneralInfo', description: 'The optional fields are for signed-in callers only.' });

export const SystemInfo = z
  .object({
    storage: z.array(z.object({ total: z.number().describe('Bytes.'), free: z.number().describe('Bytes left to write.') })),
  })
  .meta({ id: 'SystemInfo', description: 'The data volume\'s size and free space.' });

export const systemOperations = {
  getPing: operation({
    id: 'getPing',
    method: 'get',
    path: '/ping',
    summary: 'Answers "Pong" (text/plain) while the server runs.',
    tag: 'ping',
    access: 'anyone',
    responses: { 200: { description: 'Pong, as text/plain.' } },
  }),
  getHealth: operation({
    id: 'getHealth',
    method: 'get',
    path: '/health',
    summary: 'The health of core, database and storage (503 when one is unhealthy).',
    tag: 'health',
    access: 'anyone',
    responses: {
      200: { description: 'All healthy.', body: OverallHealthStatus },
      503: { description: 'A component is unhealthy.', body: OverallHealthStatus },
    },
  }),
  getSystemInfo: operation({
    id: 'getSystemInfo',
    method: 'get',
    path: '/systeminfo',
    summary: 'General information for the console.',
    tag: 'systeminfo',
    access: 'anyone (more for signed-in callers)',
    responses: { 200: { description: 'The information.', body: GeneralInfo } },
  }),
  getVolumes: operation({
    id: 'getVolumes',
    method: 'get',
    path: '/systeminfo/volumes',
    summary: 'The size and free space of the data volume.',
    tag: 'systeminfo',
    access: 'system admins',
    responses: { 200: { description: 'The volume.', body: SystemInfo }, ...errorResponses(401, 403) },
  }),
  getCert: operation({
    id: 'getCert',
    method: 'get',
    path: '/systeminfo/getcert',
    summary: 'Download the registry\'s root certificate (ca.crt), as application/octet-stream.',
    tag: 'systeminfo',
    access: 'anyone',
    responses: { 200: { description: 'The certificate, PEM.' }, ...errorResponses(404) },
  }),
};
