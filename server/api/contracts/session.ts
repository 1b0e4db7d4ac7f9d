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

/*
 * Accounts, also under /c (issue: self-registration and password reset by e-mail):
 *
 *   POST /c/sign_up (SignUpForm) -> 201; 403 when self-registration is closed or the auth mode
 *        is ldap_auth; 409 when the username or e-mail is taken; 429 after too many attempts.
 *   POST /c/userExists (form: target=username|email, value) -> true | false (Harbor's), while
 *        self-registration is open; 412 otherwise.
 *   POST /c/send_reset_email (form: email) -> 200 {message} whatever the address; 429 after
 *        too many requests. Database users get a link to /reset-password?token=...
 *   POST /c/reset (form: token (or Harbor's reset_uuid), password) -> 200; 400 naming the field.
 *   GET /c/session -> 200 with the signed-in user (as GET /api/v2.0/users/current) or null:
 *        the console's first check, which never logs a 401 in a visitor's browser.
 *   POST /c/reset/check (form: token) -> 200 while the link works; 400 (field token) saying why
 *        not, so the page says so when the link is opened (Berth's; the token stays out of URLs).
 */
export const SignUpForm = z.object({
  username: z.string().min(1).max(255),
  email: z.string().min(3).max(255),
  realname: z.string().max(255).optional(),
  comment: z.string().max(30).optional(),
  password: z.string().min(1).max(128),
});
export type SignUpForm = z.infer<typeof SignUpForm>;

export const UserExistsForm = z.object({ target: z.enum(['username', 'email']), value: z.string().min(1).max(255) });

export const ResetRequestForm = z.object({ email: z.string().min(1).max(255) });

export const ResetForm = z
  .object({
    token: z.string().min(1).max(256).optional(),
    reset_uuid: z.string().min(1).max(256).optional().describe("Harbor 1.x's name for the token."),
    password: z.string().min(1).max(128),
  })
  .refine((form) => form.token ?? form.reset_uuid, { message: 'the token from the e-mailed link is missing', path: ['token'] });

export const ResetCheckForm = z.object({ token: z.string().min(1).max(256) });

export const RESET_PASSWORD_PATH = '/reset-password';
