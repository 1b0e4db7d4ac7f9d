/**
 * CSRF as Harbor does it: a request that carries a live session cookie and may change state
 * must send the session's token in X-Harbor-CSRF-Token. Requests without the cookie (Basic-auth
 * tools) need no token: a browser never adds an Authorization header on another site's behalf.
 */
import { timingSafeEqual } from 'node:crypto';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const CSRF_FAILURE = 'CSRF token invalid';

export function csrfTokenAccepted(method: string, sessionToken: string | null, sentToken: string | undefined): boolean {
  if (SAFE_METHODS.has(method.toUpperCase()) || sessionToken === null) return true;
  if (!sentToken) return false;
  const expected = Buffer.from(sessionToken);
  const actual = Buffer.from(sentToken);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * Whether a sign-in form post comes from Berth's own pages. Browsers send Origin on POST; a
 * different origin is another site signing the visitor into an account of its choosing.
 * Requests without Origin (scripts, old clients) are let through.
 */
export function sameOrigin(origin: string | undefined, ownHosts: string[]): boolean {
  if (!origin) return true;
  try {
    return ownHosts.includes(new URL(origin).host);
  } catch {
    return false;
  }
}
