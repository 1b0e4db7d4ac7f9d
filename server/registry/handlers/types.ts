/** What every /v2 handler receives. Handlers parse the request, call core once, and shape the answer. */
import type { Request, Response } from 'express';
import type { CoreContext } from '../../core/context.js';
import type { RegistryCaller } from '../auth.js';

/** The parts of the path the route table captured. */
export interface RouteParams {
  name: string;
  reference: string;
  digest: string;
  id: string;
}

export type Handler = (ctx: CoreContext, req: Request, res: Response, params: RouteParams, caller: RegistryCaller) => Promise<void>;
