/**
 * Who is calling /api, and whether a browser request is genuine. In order:
 *
 * 1. A `sid` cookie naming a live session is resumed (and its expiry slides, unless the request
 *    says X-Harbor-No-Session-Renewal). A cookie naming no live session is cleared and ignored.
 * 2. With a live session, the CSRF token goes out in X-Harbor-CSRF-Token, and a state-changing
 *    request must bring it back in that header (403 "CSRF token invalid" otherwise), even when
 *    it also sends Basic credentials.
 * 3. An Authorization header means Basic (wrong credentials: 401; a locked account or address:
 *    429), else the session's user, else anonymous.
 */
import type { Request, RequestHandler, Response } from 'express';
import { subjectFromBasic } from '../auth/basic.js';
import { userFromIdToken } from '../auth/oidc-id-token.js';
import { CSRF_FAILURE, csrfTokenAccepted } from '../auth/csrf.js';
import type { CoreContext } from '../core/context.js';
import type { Actor } from '../core/security/actor.js';
import { ANONYMOUS } from '../core/security/subject.js';
import { resumeSession, type StartedSession } from '../core/sessions/session.service.js';
import { externalUrl } from '../http/external-url.js';
import { denied, unauthorized } from '../lib/errors.js';
import { CSRF_HEADER, NO_SESSION_RENEWAL_HEADER } from './contracts/session.js';
import { clearedSessionCookie, readSessionCookie, sessionCookie } from './session-cookie.js';
import '../http/locals.js';
import { clientIp } from '../http/client-ip.js';

/** Cookies are Secure when clients reach Berth over https (directly or through a proxy). */
export const secureCookies = (ctx: CoreContext, req: Request) => externalUrl(ctx.config, req).startsWith('https:');

export const actorOf = (req: Request, res: Response): Actor => ({ subject: res.locals.subject, clientIp: clientIp(req) });

/** Hands a new session to the client: the cookie and the CSRF token. */
export function sendSession(ctx: CoreContext, req: Request, res: Response, session: StartedSession): void {
  res.append('Set-Cookie', sessionCookie(session.cookieValue, secureCookies(ctx, req)));
  res.setHeader(CSRF_HEADER, session.csrfToken);
}

export function authentication(ctx: CoreContext): RequestHandler {
  return async (req, res, next) => {
    const cookieValue = readSessionCookie(req.get('cookie'));
    const renew = !req.get(NO_SESSION_RENEWAL_HEADER);
    const session = cookieValue ? await resumeSession(ctx, cookieValue, renew) : null;
    if (cookieValue && !session) res.append('Set-Cookie', clearedSessionCookie(secureCookies(ctx, req)));
    if (session) res.setHeader(CSRF_HEADER, session.csrfToken);
    if (!csrfTokenAccepted(req.method, session?.csrfToken ?? null, req.get(CSRF_HEADER))) throw denied(CSRF_FAILURE);

    const authorization = req.get('authorization');
    const bearer = authorization && /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
    if (bearer) {
      // An ID token from the OpenID Connect provider, as Harbor accepts one (oidc_auth only).
      const user = await userFromIdToken(ctx, bearer);
      if (!user) throw unauthorized('The bearer token is not a valid ID token of a known user.');
      res.locals.subject = { kind: 'user', user, via: 'token' };
    } else if (authorization) {
      const subject = await subjectFromBasic(ctx, authorization, clientIp(req));
      if (!subject) throw unauthorized('The user name or password is not correct.');
      res.locals.subject = subject;
    } else {
      res.locals.subject = session ? { kind: 'user', user: session.user, via: 'session' } : ANONYMOUS;
    }
    next();
  };
}
