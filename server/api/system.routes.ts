/** ping, health, systeminfo: what load balancers, monitors and the sign-in page ask first. */
import type { Router } from 'express';
import type { CoreContext } from '../core/context.js';
import { checkHealth } from '../core/system/health.js';
import { systemInfo } from '../core/system/system-info.js';
import { externalUrl } from '../http/external-url.js';

export function systemRoutes(router: Router, ctx: CoreContext): void {
  router.get('/ping', (_req, res) => {
    res.type('text/plain').send('Pong');
  });

  router.get('/health', async (_req, res) => {
    const health = await checkHealth(ctx);
    res.status(health.status === 'healthy' ? 200 : 503).json(health);
  });

  router.get('/systeminfo', async (req, res) => {
    res.json(await systemInfo(ctx, res.locals.subject, externalUrl(ctx.config, req)));
  });
}
