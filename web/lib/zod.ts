/**
 * zod for the console's forms. Berth's Content-Security-Policy forbids eval, and zod would probe
 * for it (new Function) and log a CSP violation: jitless mode skips the probe and the fast path
 * that needs it, which forms of a few fields never miss.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
