/** /api/v2.0: Harbor's REST surface. Each resource module adds its routes to one router. */
import express, { type Router } from 'express';
import { subjectFromBasic } from '../auth/basic.js';
import type { CoreContext } from '../core/context.js';
import { unauthorized } from '../lib/errors.js';
import { apiErrorHandler, apiNotFound } from './error-handler.js';
import { systemRoutes } from './system.routes.js';
import '../http/locals.js';

export function apiRouter(ctx: CoreContext): Router {
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));
  router.use(async (req, res, next) => {
    const subject = await subjectFromBasic(ctx.db, req.get('authorization'));
    if (!subject) throw unauthorized('The user name or password is not correct.');
    res.locals.subject = subject;
    next();
  });
  systemRoutes(router, ctx);
  router.use(apiNotFound);
  router.use(apiErrorHandler(ctx.loggers.core));
  return router;
}
