/**
 * The console's session, outside /api/v2.0 (Harbor's /c/ paths):
 *
 *   POST /c/login (form: principal, password) -> 200, Set-Cookie sid (HttpOnly, SameSite=Lax),
 *        and the CSRF token in the X-Harbor-CSRF-Token response header; 401 wrong credentials;
 *        429 with Retry-After after too many failures.
 *   GET /c/log_out -> 200; the session ends and the cookie is cleared.
 *
 * Every /api response to a request with a live session repeats X-Harbor-CSRF-Token. Requests
 * with the session cookie that change state (POST, PUT, PATCH, DELETE) must send it back in the
 * X-Harbor-CSRF-Token header, else 403 "CSRF token invalid". Background polls send
 * X-Harbor-No-Session-Renewal: true so they do not keep an idle session alive.
 */
import { z } from 'zod';

export const SESSION_COOKIE = 'sid';
export const CSRF_HEADER = 'X-Harbor-CSRF-Token';
export const NO_SESSION_RENEWAL_HEADER = 'X-Harbor-No-Session-Renewal';

export const LoginForm = z.object({
  principal: z.string().min(1).max(255).describe('A username or an e-mail address.'),
  password: z.string().min(1).max(1024),
});
export type LoginForm = z.infer<typeof LoginForm>;
