/** ping, health, systeminfo: what load balancers, monitors and the sign-in page ask first. */
import type { CoreContext } from '../core/context.js';
import { checkHealth } from '../core/system/health.js';
import { systemInfo } from '../core/system/system-info.js';
import { rootCertificate, volumesAs } from '../core/system/volumes.js';
import { actorOf } from './authentication.js';
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
    getVolumes: async (_input, req, res) => {
      res.json({ storage: await volumesAs(ctx, actorOf(req, res)) });
    },
    getCert: async (_input, _req, res) => {
      const cert = await rootCertificate(ctx);
      // Harbor's header, unquoted.
      res.type('application/octet-stream').setHeader('Content-Disposition', 'attachment; filename=ca.crt');
      res.send(cert);
    },
  };
}
