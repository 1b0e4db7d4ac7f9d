/** The read-only guard each surface mounts ahead of its routes, so its own error handler answers. */
import type { Request, RequestHandler } from 'express';
import type { CoreContext } from '../core/context.js';
import { refuseWhileReadOnly } from '../core/settings/read-only.js';

/** `exempt`: the requests Harbor lets through while read-only (sign-in, changing the configuration). */
export function readOnlyGuard(ctx: Pick<CoreContext, 'settings'>, exempt: (req: Request) => boolean = () => false): RequestHandler {
  return async (req, _res, next) => {
    if (!exempt(req)) await refuseWhileReadOnly(ctx.settings, req.method);
    next();
  };
}
