/**
 * GET /service/token (docker/distribution docs/spec/auth/token.md, Harbor's token service):
 * Basic credentials or none, any number of `scope` parameters, `service=harbor-registry`.
 * Answers {token, access_token, expires_in, issued_at}; the token lives `token_expiration`
 * minutes (a runtime setting). Without credentials and without a scope there is nothing to
 * grant: 401, as `docker login` expects for a bad password.
 */
import express, { type ErrorRequestHandler, type Request, type Router } from 'express';
import type { Logger } from 'pino';
import { subjectFromBasic } from '../auth/basic.js';
import { issueRegistryToken, TOKEN_SERVICE } from '../auth/registry-token.js';
import { parseScopes } from '../auth/scope.js';
import type { CoreContext } from '../core/context.js';
import { AppError, isAppError, unauthorized } from '../lib/errors.js';
import { grantScopes } from './grant.js';
import { subjectName } from '../core/security/subject.js';
import '../http/locals.js';
import { clientIp } from '../http/client-ip.js';
import { HARBOR_ERRORS } from '../http/harbor-errors.js';
import { nulQueryGuard } from '../http/query-guard.js';


const values = (req: Request, name: string): string[] => {
  const value = req.query[name];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
};

export function tokenErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const known = isAppError(err) ? HARBOR_ERRORS[err.kind] : undefined;
    if (!known) logger.error({ err, reqId: res.locals.requestId, path: req.path }, 'unhandled error');
    // A service this one depends on failed (the directory): the client gets the plain message, the log the cause.
    else if (known.status >= 500) logger.warn({ err, reqId: res.locals.requestId }, 'request failed');
    const { status, code } = known ?? { status: 500, code: 'UNKNOWN' };
    if (status === 401) res.setHeader('WWW-Authenticate', 'Basic realm="harbor"');
    const retryAfter = isAppError(err) ? err.retryAfter : undefined;
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    res.status(status).json({ errors: [{ code, message: known ? (err as AppError).message : 'internal server error' }] });
  };
}

export function tokenRouter(ctx: CoreContext): Router {
  const router = express.Router();
  router.use(nulQueryGuard);
  router.get('/', async (req, res) => {
    const service = values(req, 'service')[0];
    if (service !== TOKEN_SERVICE) throw new AppError('INVALID', `Unable to handle service: ${service ?? ''}`);
    const requested = parseScopes(values(req, 'scope'));
    // A request for no scope is a docker login: a sign-in, which asks the directory anew (groups too).
    const subject = await subjectFromBasic(ctx, req.headers.authorization, clientIp(req), { fresh: requested.length === 0 });
    if (!subject) throw unauthorized('The user name or password is not correct.');
    res.locals.subject = subject;
    if (subject.kind === 'anonymous' && requested.length === 0) throw unauthorized('Authentication is required.');
    const access = await grantScopes(ctx.db, subject, requested);
    const minutes = await ctx.settings.get('token_expiration');
    const name = subject.kind === 'anonymous' ? '' : subjectName(subject);
    const issued = issueRegistryToken(ctx.tokenKey, name, access, minutes * 60);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ token: issued.token, access_token: issued.token, expires_in: issued.expiresIn, issued_at: issued.issuedAt });
  });
  router.use(tokenErrorHandler(ctx.loggers.token));
  return router;
}
