/**
 * Periodic clean-up: expired sessions and reset tokens, and sign-in failures nobody counts any
 * more. The job service runs it hourly (HOUSEKEEPING in server/jobs/system-jobs.ts); the audit
 * log purge is its own job with Harbor's parameters (core/audit/audit-purge.ts). Idempotent.
 */
import { isoNow } from '../../lib/time.js';
import type { CoreContext } from '../context.js';
import { FORGET_AFTER_MS } from '../sessions/login-throttle.js';
import { deleteStaleFailures } from '../sessions/login-throttle.repository.js';
import { deleteExpiredSessions } from '../sessions/session.repository.js';
import { deleteExpiredResetTokens } from '../users/password-reset.repository.js';

export async function runHousekeeping(ctx: Pick<CoreContext, 'db' | 'settings' | 'loggers'>, now: () => number = Date.now) {
  const sessions = await deleteExpiredSessions(ctx.db, isoNow(now));
  const failures = await deleteStaleFailures(ctx.db, new Date(now() - FORGET_AFTER_MS).toISOString(), isoNow(now));
  await deleteExpiredResetTokens(ctx.db, isoNow(now));
  if (sessions || failures) ctx.loggers.core.info({ sessionsExpired: sessions, signInFailuresForgotten: failures }, 'housekeeping');
  return { sessions, failures };
}
