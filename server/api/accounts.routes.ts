/** /c/sign_up, /c/userExists, /c/send_reset_email, /c/reset: accounts without signing in first. */
import type { Request, Router } from 'express';
import { sameOrigin } from '../auth/csrf.js';
import { NEUTRAL_ANSWER, requestPasswordReset } from '../auth/password-reset.js';
import type { CoreContext } from '../core/context.js';
import { checkResetToken, resetPasswordWithToken } from '../core/users/password-reset.service.js';
import { signUp, userExists } from '../core/users/self-registration.service.js';
import { externalUrl } from '../http/external-url.js';
import { denied } from '../lib/errors.js';
import { ResetCheckForm, ResetForm, ResetRequestForm, SignUpForm, UserExistsForm } from './contracts/session.js';
import { parsePart } from './validation.js';
import { clientIp } from '../http/client-ip.js';

export function accountRoutes(router: Router, ctx: CoreContext): void {
  /** These forms are Berth's own pages' business: refuse posts from other sites. */
  const fromOwnPages = (req: Request) => {
    const ownHosts = [new URL(externalUrl(ctx.config, req)).host, req.get('host') ?? ''];
    if (!sameOrigin(req.get('origin'), ownHosts)) throw denied("This form is accepted only from Berth's own pages.");
  };

  router.post('/sign_up', async (req, res) => {
    fromOwnPages(req);
    const form = parsePart(SignUpForm, req.body ?? {}, 'body');
    const user = await signUp(ctx, form, clientIp(req));
    res.location(`/api/v2.0/users/${user.id}`).status(201).end();
  });

  router.post('/userExists', async (req, res) => {
    const form = parsePart(UserExistsForm, req.body ?? {}, 'body');
    res.json(await userExists(ctx, form.target, form.value));
  });

  router.post('/send_reset_email', async (req, res) => {
    fromOwnPages(req);
    const form = parsePart(ResetRequestForm, req.body ?? {}, 'body');
    await requestPasswordReset({ ...ctx, logger: ctx.loggers.core }, form.email, clientIp(req));
    res.json({ message: NEUTRAL_ANSWER });
  });

  router.post('/reset/check', async (req, res) => {
    fromOwnPages(req);
    await checkResetToken(ctx.db, parsePart(ResetCheckForm, req.body ?? {}, 'body').token);
    res.status(200).end();
  });

  router.post('/reset', async (req, res) => {
    fromOwnPages(req);
    const form = parsePart(ResetForm, req.body ?? {}, 'body');
    await resetPasswordWithToken(ctx, (form.token ?? form.reset_uuid)!, form.password, clientIp(req));
    res.status(200).end();
  });
}
