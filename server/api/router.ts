/**
 * /api/v2.0: Harbor's REST surface. Every operation in contracts/operations.ts is mounted here
 * with its validation, and openapi.json describes the same list.
 */
import express, { type Router } from 'express';
import type { CoreContext } from '../core/context.js';
import { artifactDiffHandlers } from './artifact-diff.routes.js';
import { artifactHandlers } from './artifacts.routes.js';
import { auditLogHandlers } from './audit-logs.routes.js';
import { configurationHandlers } from './configurations.routes.js';
import { authentication } from './authentication.js';
import { bodyDeadline } from './body-deadline.js';
import { API_OPERATIONS, type ApiOperations } from './contracts/operations.js';
import { apiErrorHandler, apiNotFound } from './error-handler.js';
import { jobserviceHandlers } from './jobservice.routes.js';
import { labelHandlers } from './labels.routes.js';
import { gcHandlers, purgeHandlers } from './gc.routes.js';
import { memberHandlers } from './members.routes.js';
import { buildOpenApi } from './openapi.js';
import { projectHandlers } from './projects.routes.js';
import { quotaHandlers } from './quotas.routes.js';
import { replicationExecutionHandlers } from './replication-executions.routes.js';
import { replicationPolicyHandlers } from './replication-policies.routes.js';
import { registryHandlers } from './registries.routes.js';
import { repositoryHandlers } from './repositories.routes.js';
import { robotHandlers } from './robots.routes.js';
import { methodNotAllowed, mountOperations, type HandlersOf } from './route.js';
import { sbomHandlers } from './sbom.routes.js';
import { searchHandlers } from './search.routes.js';
import { storageHandlers } from './storage.routes.js';
import { systemHandlers } from './system.routes.js';
import { userGroupHandlers } from './usergroups.routes.js';
import { userHandlers } from './users.routes.js';
import { webhookHandlers } from './webhooks.routes.js';
import { immutableHandlers, retentionHandlers } from './retention.routes.js';
import { oidcPingHandlers } from './oidc-ping.routes.js';
import { layerHandlers } from './layers.routes.js';
import { scannerHandlers } from './scanners.routes.js';
import { scanHandlers } from './scans.routes.js';
import { readOnlyGuard } from '../http/read-only.js';
import { refuseDeepJson } from './validation.js';
import '../http/locals.js';
import { nulQueryGuard } from '../http/query-guard.js';

export function apiRouter(ctx: CoreContext): Router {
  const router = express.Router();
  router.use(nulQueryGuard, bodyDeadline(ctx.config.http.body_timeout), express.json({ limit: '1mb', verify: refuseDeepJson }));
  router.use(authentication(ctx));
  // Changing the configuration stays open, so read_only can be turned off again.
  router.use(readOnlyGuard(ctx, (req) => req.method === 'PUT' && req.path === '/configurations'));

  const openapi = buildOpenApi(API_OPERATIONS, ctx.version);
  router.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });

  const handlers: HandlersOf<ApiOperations> = {
    ...systemHandlers(ctx),
    ...projectHandlers(ctx),
    ...memberHandlers(ctx),
    ...repositoryHandlers(ctx),
    ...artifactHandlers(ctx),
    ...artifactDiffHandlers(ctx),
    ...userHandlers(ctx),
    ...userGroupHandlers(ctx),
    ...searchHandlers(ctx),
    ...auditLogHandlers(ctx),
    ...configurationHandlers(ctx),
    ...replicationPolicyHandlers(ctx),
    ...replicationExecutionHandlers(ctx),
    ...jobserviceHandlers(ctx),
    ...registryHandlers(ctx),
    ...quotaHandlers(ctx),
    ...webhookHandlers(ctx),
    ...labelHandlers(ctx),
    ...robotHandlers(ctx),
    ...retentionHandlers(ctx),
    ...immutableHandlers(ctx),
    ...oidcPingHandlers(ctx),
    ...gcHandlers(ctx),
    ...purgeHandlers(ctx),
    ...storageHandlers(ctx),
    ...layerHandlers(ctx),
    ...sbomHandlers(ctx),
    ...scannerHandlers(ctx),
    ...scanHandlers(ctx),
  };
  mountOperations(router, API_OPERATIONS, handlers);
  router.use(methodNotAllowed(API_OPERATIONS));
  router.use(apiNotFound);
  router.use(apiErrorHandler(ctx.loggers.core));
  return router;
}
