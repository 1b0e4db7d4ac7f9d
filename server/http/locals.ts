/** What every request carries through the middleware chain (Express res.locals). */
import type { Subject } from '../core/security/subject.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      requestId: string;
      /** Set by the authentication middleware; anonymous until then. */
      subject: Subject;
      /** Who the access line names when there is no full subject (a registry token's `sub`). */
      username?: string;
    }
  }
}

export {};
