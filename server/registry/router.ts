/**
 * The /v2 surface: every response says `Docker-Distribution-API-Version: registry/2.0`; a
 * request is matched in the route table, its repository name checked against the spec's
 * grammar, its caller authorized, and handed to one thin handler. Errors become OCI bodies in
 * one place; a failure that is not the client's is logged and answered without details.
 */
import express, { type ErrorRequestHandler, type Router } from 'express';
import type { Logger } from 'pino';
import type { CoreContext } from '../core/context.js';
import { nameInvalid } from '../core/registry/registry-errors.js';
import { AppError, isAppError } from '../lib/errors.js';
import { isRepositoryName } from '../lib/reference.js';
import { RegistryAuth } from './auth.js';
import { faultOf, OCI_FAULTS, sendOciError } from './oci-errors.js';
import { matchRoute, needOf, type Method } from './routes.js';
import { readOnlyGuard } from '../http/read-only.js';
import '../http/locals.js';
import { refuseNulInQuery } from '../http/query-guard.js';

/** The client went away mid-request: there is nobody to answer. */
const CLIENT_GONE = new Set(['ECONNRESET', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'EPIPE']);

export function registryErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const code = (err as NodeJS.ErrnoException | null)?.code;
    // Not req.destroyed: a request whose body was read to the end is destroyed too. Not
    // !res.socket either: Node gives a response its socket only once the one before it on the
    // connection has ended, so a pipelined request has none yet, and still needs its answer
    // (RFC 9112 §9.3.2). The connection itself says whether the client is gone.
    const gone = req.socket?.destroyed === true || (code !== undefined && CLIENT_GONE.has(code));
    if (res.headersSent || gone) {
      logger.debug({ err, reqId: res.locals.requestId }, 'request ended early');
      res.destroy();
      return;
    }
    // A body left unread (an upload refused midway, on a full disk) is read and dropped: the
    // answer then reaches the client and the connection stays usable.
    if (!req.complete) req.resume();
    if (!isAppError(err)) {
      logger.error({ err, reqId: res.locals.requestId, method: req.method, path: req.path }, 'unhandled error');
      sendOciError(res, 'UNKNOWN');
      return;
    }
    const fault = faultOf(err);
    if (err.retryAfter !== undefined) res.setHeader('Retry-After', String(err.retryAfter));
    // A 503 is not the client's doing: the log keeps its cause (a directory that is down, say).
    if (OCI_FAULTS[fault].status >= 500) logger.warn({ err, reqId: res.locals.requestId, fault }, 'request failed');
    else logger.debug({ reqId: res.locals.requestId, fault, message: err.message }, 'request refused');
    sendOciError(res, fault, err.message, err.detail);
  };
}

export function registryRouter(ctx: CoreContext): Router {
  const router = express.Router();
  const auth = new RegistryAuth(ctx);
  // Every answer says which API this is, the read-only refusal included.
  router.use((_req, res, next) => {
    res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
    next();
  });
  router.use(readOnlyGuard(ctx));
  router.use(async (req, res) => {
    refuseNulInQuery(req);
    const match = matchRoute(req.path);
    if (!match) throw new AppError('NOT_FOUND', `no registry endpoint at ${req.path}`);
    const endpoint = match.route.methods[req.method as Method];
    if (!endpoint) {
      res.setHeader('Allow', Object.keys(match.route.methods).join(', '));
      throw new AppError('UNSUPPORTED', `${req.method} is not supported on this endpoint`);
    }
    const { name } = match.params;
    if (match.route.name !== 'base' && match.route.name !== 'catalog' && !isRepositoryName(name)) throw nameInvalid(name);
    const caller = await auth.authorize(req, res, needOf(endpoint, match.params));
    await endpoint.handle(ctx, req, res, match.params, caller);
  });
  router.use(registryErrorHandler(ctx.loggers.registry));
  return router;
}
