/** Harbor's `oidc` tag: checking an OpenID Connect provider before saving it. */
import { z } from 'zod';
import { errorResponses, ok } from './common.js';
import { operation } from './operation.js';

export const OidcEndpoint = z
  .object({
    url: z.string().max(1024).describe('The OIDC endpoint: the issuer URL, whose /.well-known/openid-configuration is read.'),
    verify_cert: z.boolean().optional().describe('Whether the provider\'s certificate is checked (default true).'),
  })
  .meta({ id: 'OidcEndpoint' });

export const oidcOperations = {
  pingOIDC: operation({
    id: 'pingOIDC',
    method: 'post',
    path: '/system/oidc/ping',
    summary: 'Test the OIDC endpoint: reads its discovery document; a failure says why.',
    tag: 'oidc',
    access: 'system admins',
    body: OidcEndpoint,
    responses: { ...ok, ...errorResponses(400, 401, 403) },
  }),
};
