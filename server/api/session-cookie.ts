/**
 * The console's session cookie, `sid` as in Harbor: HttpOnly (scripts never see it),
 * SameSite=Lax (other sites' forms and scripts do not send it), Secure when Berth is reached
 * over https, Path=/. No Max-Age: the browser forgets it when it closes, and the server decides
 * expiry (session_timeout).
 */
import { SESSION_COOKIE } from './contracts/session.js';

/** The sid cookie's value from a Cookie header, or null. */
export function readSessionCookie(cookieHeader: string | undefined): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{16,128}$/.test(value) ? value : null;
    }
  }
  return null;
}

const attributes = (secure: boolean) => `Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;

export const sessionCookie = (value: string, secure: boolean) => `${SESSION_COOKIE}=${value}; ${attributes(secure)}`;

export const clearedSessionCookie = (secure: boolean) =>
  `${SESSION_COOKIE}=; ${attributes(secure)}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;
