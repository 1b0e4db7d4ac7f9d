/**
 * /c: the console's sign-in and sign-out (Harbor's paths, outside /api/v2.0). See
 * contracts/session.ts for the flow the console follows.
 */
import express, { type Router } from 'express';
import { sameOrigin } from '../auth/csrf.js';
import { accountRoutes } from './accounts.routes.js';
import { oidcRoutes } from './oidc.routes.js';
import { bodyDeadline } from './body-deadline.js';
import { directoryCheckFor } from '../auth/directory.js';
import type { CoreContext } from '../core/context.js';
import { isBuiltInAdmin, signIn, signOut } from '../core/sessions/login.service.js';
import { externalUrl } from '../http/external-url.js';
import { denied, unauthorized } from '../lib/errors.js';
import { isRobotName } from '../core/robots/robot-auth.js';
import { authentication, sendSession, secureCookies } from './authentication.js';
import { LoginForm } from './contracts/session.js';
import { userJson } from './presenters.js';
import { apiErrorHandler, apiNotFound } from './error-handler.js';
import { clearedSessionCookie, readSessionCookie } from './session-cookie.js';
import { parsePart, refuseDeepJson } from './validation.js';
import '../http/locals.js';
import { clientIp } from '../http/client-ip.js';
import { readOnlyGuard } from '../http/read-only.js';
import { nulQueryGuard } from '../http/query-guard.js';

export function consoleSessionRouter(ctx: CoreContext): Router {
  const router = express.Router();
  router.use(nulQueryGuard, bodyDeadline(ctx.config.http.body_timeout), express.urlencoded({ extended: false, limit: '16kb' }), express.json({ limit: '16kb', verify: refuseDeepJson }));
  // Signing in (and asking whether a name is taken) stays open while read-only, as in Harbor.
  router.use(readOnlyGuard(ctx, (req) => req.path === '/login' || req.path === '/userExists'));

  router.post('/login', async (req, res) => {
    const ownHosts = [new URL(externalUrl(ctx.config, req)).host, req.get('host') ?? ''];
    if (!sameOrigin(req.get('origin'), ownHosts)) throw denied('Sign-in is accepted only from Berth\'s own pages.');
    const form = parsePart(LoginForm, req.body ?? {}, 'body');
    // With OpenID Connect only the built-in admin signs in here; everyone else goes to the
    // provider (Harbor answers 403 with where to go: the console cannot follow a redirect).
    // A CLI secret is for docker and tools, never for a console session.
    if ((await ctx.settings.get('auth_mode')) === 'oidc_auth' && !(await isBuiltInAdmin(ctx.db, form.principal))) {
      res.status(403).json({ redirect_location: `${externalUrl(ctx.config, req)}/c/oidc/login` });
      return;
    }
    // Robots work with docker and the API only; their secret never opens a console session.
    if (await isRobotName(ctx, form.principal)) throw unauthorized('Robot accounts cannot sign in to the console; use them with docker, skopeo or the API.');
    const { user, session } = await signIn(ctx, { ...form, clientIp: clientIp(req) }, await directoryCheckFor(ctx));
    res.locals.subject = { kind: 'user', user, via: 'session' };
    sendSession(ctx, req, res, session);
    res.status(200).end();
  });

  // Who is signed in, for the console's first check: the user as GET /api/v2.0/users/current
  // gives it, or null. Always a 200, so a visitor's browser logs no 401 on every public page.
  router.get('/session', authentication(ctx), (_req, res) => {
    const subject = res.locals.subject;
    res.json(subject?.kind === 'user' ? userJson(subject.user) : null);
  });

  router.get('/log_out', async (req, res) => {
    const cookieValue = readSessionCookie(req.get('cookie'));
    if (cookieValue) await signOut(ctx, cookieValue, clientIp(req));
    res.append('Set-Cookie', clearedSessionCookie(secureCookies(ctx, req)));
    res.status(200).end();
  });

  accountRoutes(router, ctx);
  oidcRoutes(router, ctx);
  router.use(apiNotFound);
  router.use(apiErrorHandler(ctx.loggers.core));
  return router;
}
