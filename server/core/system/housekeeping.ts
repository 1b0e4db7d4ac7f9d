/**
 * Periodic clean-up: audit rows past audit_log_retention_days (the purge is itself audited),
 * expired sessions, and sign-in failures nobody counts any more. The job service runs it hourly
 * (PURGE_AUDIT_LOG in server/jobs/system-jobs.ts). Each step is idempotent.
 */
import { isoNow } from '../../lib/time.js';
import { purgeAuditLogs } from '../audit/audit.service.js';
import type { CoreContext } from '../context.js';
import { FORGET_AFTER_MS } from '../sessions/login-throttle.js';
import { deleteStaleFailures } from '../sessions/login-throttle.repository.js';
import { deleteExpiredSessions } from '../sessions/session.repository.js';
import { deleteExpiredResetTokens } from '../users/password-reset.repository.js';

export async function runHousekeeping(ctx: Pick<CoreContext, 'db' | 'settings' | 'loggers'>, now: () => number = Date.now) {
  const purged = await purgeAuditLogs(ctx, now);
  const sessions = await deleteExpiredSessions(ctx.db, isoNow(now));
  const failures = await deleteStaleFailures(ctx.db, new Date(now() - FORGET_AFTER_MS).toISOString(), isoNow(now));
  await deleteExpiredResetTokens(ctx.db, isoNow(now));
  if (purged || sessions || failures) {
    ctx.loggers.core.info({ auditRowsPurged: purged, sessionsExpired: sessions, signInFailuresForgotten: failures }, 'housekeeping');
  }
  return { purged, sessions, failures };
}
