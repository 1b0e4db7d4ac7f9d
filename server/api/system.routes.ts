/** ping, health, systeminfo: what load balancers, monitors and the sign-in page ask first. */
import type { CoreContext } from '../core/context.js';
import { checkHealth } from '../core/system/health.js';
import { systemInfo } from '../core/system/system-info.js';
import { externalUrl } from '../http/external-url.js';
import type { systemOperations } from './contracts/system.js';
import type { HandlersOf } from './route.js';

export function systemHandlers(ctx: CoreContext): HandlersOf<typeof systemOperations> {
  return {
    getPing: (_input, _req, res) => {
      res.type('text/plain').send('Pong');
    },
    getHealth: async (_input, _req, res) => {
      const health = await checkHealth(ctx);
      res.status(health.status === 'healthy' ? 200 : 503).json(health);
    },
    getSystemInfo: async (_input, req, res) => {
      res.json(await systemInfo(ctx, res.locals.subject, externalUrl(ctx.config, req)));
    },
  };
}
