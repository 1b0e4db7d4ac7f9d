/**
 * Periodic clean-up inside each Berth process: audit rows past audit_log_retention_days (the
 * purge is itself audited), expired sessions, and sign-in failures nobody counts any more. Each
 * step is idempotent, so processes sharing a database may run it at the same time.
 */
import { runPeriodically, type Periodic } from '../../lib/periodic.js';
import { isoNow } from '../../lib/time.js';
import { purgeAuditLogs } from '../audit/audit.service.js';
import type { CoreContext } from '../context.js';
import { FORGET_AFTER_MS } from '../sessions/login-throttle.js';
import { deleteStaleFailures } from '../sessions/login-throttle.repository.js';
import { deleteExpiredSessions } from '../sessions/session.repository.js';
import { deleteExpiredResetTokens } from '../users/password-reset.repository.js';

export const HOUSEKEEPING_EVERY_MS = 60 * 60_000;

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

/** Runs housekeeping now and then every `everyMs`; stop() waits for a run in progress. */
export function startHousekeeping(ctx: Pick<CoreContext, 'db' | 'settings' | 'loggers'>, everyMs = HOUSEKEEPING_EVERY_MS): Periodic {
  return runPeriodically(everyMs, () => runHousekeeping(ctx), {
    onError: (err) => ctx.loggers.core.error({ err }, 'housekeeping failed'),
  });
}
