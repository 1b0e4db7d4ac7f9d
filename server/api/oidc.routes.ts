/**
 * /c/oidc: signing in through the OpenID Connect provider (Harbor's paths).
 *
 *   GET /c/oidc/login?redirect_url=/path -> 302 to the provider (state, nonce, PKCE); 412 unless
 *       auth_mode is oidc_auth.
 *   GET /c/oidc/callback -> 302 to redirect_url with a session; or, for a new user while
 *       oidc_auto_onboard is off, to /oidc-onboard?username=...&redirect_url=...; 400 when the
 *       state, nonce, code or ID token does not check out.
 *   POST /c/oidc/onboard {username} -> 200 with a session; 409 when the name is taken.
 *
 * What must survive between the steps (state, nonce, PKCE verifier; then the validated identity
 * waiting for a username) travels in short-lived cookies sealed with the secret key, so any
 * Berth process behind a load balancer can take the next step.
 */
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { sameOrigin } from '../auth/csrf.js';
import { beginLogin, finishLogin, type OidcIdentity, type OidcTokens, type PendingLogin } from '../auth/oidc-client.js';
import type { CoreContext } from '../core/context.js';
import { onboardAndSignIn, signInWithProvider, type OidcSignIn } from '../core/oidc/oidc-login.service.js';
import { clientIp } from '../http/client-ip.js';
import { externalUrl } from '../http/external-url.js';
import { denied, invalid, precondition } from '../lib/errors.js';
import { secureCookies, sendSession } from './authentication.js';
import { parsePart } from './validation.js';

const LOGIN_COOKIE = 'berth_oidc_login';
const ONBOARD_COOKIE = 'berth_oidc_onboard';
/** How long a sign-in at the provider, or choosing a username, may take. */
const STEP_TTL_MS = 10 * 60_000;

const OnboardForm = z.object({ username: z.string().min(1).max(255) });

interface LoginStep extends PendingLogin {
  redirect: string;
  exp: number;
}
interface OnboardStep {
  identity: OidcIdentity;
  tokens: OidcTokens;
  redirect: string;
  exp: number;
}

/** Only a path on this site (Harbor's IsLocalPath): never another host. */
const localPath = (value: unknown): string => (typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/');

export function oidcRoutes(router: Router, ctx: CoreContext): void {
  const requireOidc = async () => {
    const mode = await ctx.settings.get('auth_mode');
    if (mode !== 'oidc_auth') throw precondition(`The auth mode is ${mode}, not OpenID Connect.`);
    return ctx.settings.all();
  };
  const callbackUri = (req: Request) => `${externalUrl(ctx.config, req)}/c/oidc/callback`;

  const setStep = (req: Request, res: Response, name: string, value: object) => {
    const sealed = Buffer.from(ctx.secretBox.seal(JSON.stringify(value))).toString('base64url');
    res.append('Set-Cookie', `${name}=${sealed}; Path=/c/oidc; HttpOnly; SameSite=Lax; Max-Age=${STEP_TTL_MS / 1000}${secureCookies(ctx, req) ? '; Secure' : ''}`);
  };
  const takeStep = <T extends { exp: number }>(req: Request, res: Response, name: string): T | null => {
    res.append('Set-Cookie', `${name}=; Path=/c/oidc; HttpOnly; SameSite=Lax; Max-Age=0`);
    const raw = readCookie(req.get('cookie'), name);
    if (!raw) return null;
    try {
      const step = JSON.parse(ctx.secretBox.open(Buffer.from(raw, 'base64url').toString())) as T;
      return step.exp > Date.now() ? step : null;
    } catch {
      return null;
    }
  };

  const finish = (req: Request, res: Response, outcome: OidcSignIn & { kind: 'signed-in' }) => {
    res.locals.subject = { kind: 'user', user: outcome.user, via: 'session' };
    sendSession(ctx, req, res, outcome.session);
  };

  router.get('/oidc/login', async (req, res) => {
    const settings = await requireOidc();
    const { url, pending } = await beginLogin(settings, callbackUri(req));
    setStep(req, res, LOGIN_COOKIE, { ...pending, redirect: localPath(req.query.redirect_url), exp: Date.now() + STEP_TTL_MS } satisfies LoginStep);
    res.redirect(302, url);
  });

  router.get('/oidc/callback', async (req, res) => {
    const settings = await requireOidc();
    const step = takeStep<LoginStep>(req, res, LOGIN_COOKIE);
    if (!step || req.query.state !== step.state) throw invalid('The sign-in answer does not match a sign-in begun here (state mismatch). Start again from the sign-in page.', 'state');
    if (typeof req.query.error === 'string') throw invalid(`The OpenID Connect provider refused the sign-in: ${req.query.error} ${String(req.query.error_description ?? '')}`.trim());
    const currentUrl = new URL(`${callbackUri(req)}?${new URLSearchParams(req.query as Record<string, string>).toString()}`);
    const { identity, tokens } = await finishLogin(settings, currentUrl, step);
    const outcome = await signInWithProvider(ctx, identity, JSON.stringify(tokens), clientIp(req));
    if (outcome.kind === 'onboard') {
      setStep(req, res, ONBOARD_COOKIE, { identity, tokens, redirect: step.redirect, exp: Date.now() + STEP_TTL_MS } satisfies OnboardStep);
      res.redirect(302, `/oidc-onboard?${new URLSearchParams({ username: outcome.username, redirect_url: step.redirect }).toString()}`);
      return;
    }
    finish(req, res, outcome);
    res.redirect(302, step.redirect);
  });

  router.post('/oidc/onboard', async (req, res) => {
    const ownHosts = [new URL(externalUrl(ctx.config, req)).host, req.get('host') ?? ''];
    if (!sameOrigin(req.get('origin'), ownHosts)) throw denied('Onboarding is accepted only from Berth\'s own pages.');
    await requireOidc();
    const form = parsePart(OnboardForm, req.body ?? {}, 'body');
    const raw = readCookie(req.get('cookie'), ONBOARD_COOKIE);
    const step = raw ? takeStep<OnboardStep>(req, res, ONBOARD_COOKIE) : null;
    if (!step) throw invalid('The sign-in through the provider has expired. Sign in again to choose a username.');
    try {
      const outcome = await onboardAndSignIn(ctx, step.identity, form.username, JSON.stringify(step.tokens), clientIp(req));
      if (outcome.kind === 'signed-in') finish(req, res, outcome);
      res.status(200).json({ redirect_url: step.redirect });
    } catch (err) {
      // A taken name: the person may try another without signing in at the provider again.
      setStep(req, res, ONBOARD_COOKIE, step);
      throw err;
    }
  });
}

function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}
