/** POST /system/oidc/ping: a thin handler over the OpenID Connect client. */
import { pingProvider } from '../auth/oidc-client.js';
import type { CoreContext } from '../core/context.js';
import { requireSystemPermission } from '../core/security/actor.js';
import { actorOf } from './authentication.js';
import type { oidcOperations } from './contracts/oidc.js';
import type { HandlersOf } from './route.js';

export function oidcPingHandlers(_ctx: CoreContext): HandlersOf<typeof oidcOperations> {
  return {
    pingOIDC: async ({ body }, req, res) => {
      requireSystemPermission(actorOf(req, res), 'configuration', 'update');
      await pingProvider(body.url, body.verify_cert ?? true);
      res.status(200).end();
    },
  };
}
