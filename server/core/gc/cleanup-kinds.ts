/** The two clean-ups (vendor types as Harbor names them) and their job types on the job service. */
import { purgeAudit, purgeParameters } from '../audit/audit-purge.js';
import type { CoreContext } from '../context.js';
import { fireCleanup, type CleanupKind } from './cleanup.service.js';
import { collectGarbage } from './gc.js';
import { gcParameters } from './gc-parameters.js';

export const GC_KIND: CleanupKind = {
  vendorType: 'GARBAGE_COLLECTION',
  resource: 'garbage-collection',
  label: 'garbage collection',
  parameters: gcParameters,
};

export const PURGE_KIND: CleanupKind = {
  vendorType: 'PURGE_AUDIT_LOG',
  resource: 'purge-audit',
  label: 'audit log purge',
  parameters: purgeParameters,
};

/** The default purge schedule, saved at start when none is: hourly, by the retention setting. */
export const DEFAULT_PURGE_SCHEDULE = { cron: '0 0 * * * *', params: { schedule_type: 'Hourly', parameters: {}, default: true } };

export function registerCleanups(ctx: Pick<CoreContext, 'db' | 'blobs' | 'registry' | 'events' | 'jobs' | 'settings' | 'loggers' | 'audit'>): void {
  ctx.jobs.register({
    name: GC_KIND.vendorType,
    // Killed midway (a crash), the run is taken back and runs again: every step is idempotent.
    maxAttempts: 2,
    run: async (run) => {
      const params = gcParameters(run.params);
      const result = await collectGarbage(ctx, params, run, async (progress) => {
        await run.setExtraAttrs({ ...progress });
        await ctx.jobs.updateExecutionExtraAttrs(run.executionId, { ...progress });
      });
      await run.setExtraAttrs({ ...result });
      await ctx.jobs.updateExecutionExtraAttrs(run.executionId, { ...result });
    },
  });
  ctx.jobs.register({
    name: PURGE_KIND.vendorType,
    // The next firing tries again; retrying sooner would only repeat it.
    maxAttempts: 1,
    run: async (run) => {
      const r = await purgeAudit(ctx, purgeParameters(run.params), run.log);
      await run.setExtraAttrs({ purged: r.purged });
      await ctx.jobs.updateExecutionExtraAttrs(run.executionId, { purged: r.purged });
    },
  });
  for (const kind of [GC_KIND, PURGE_KIND]) {
    ctx.jobs.registerScheduleCallback(kind.vendorType, (_vendorId, params) =>
      fireCleanup(ctx, kind, params).catch((err: Error) => ctx.loggers.jobservice.warn({ err: err.message }, `scheduled ${kind.label} skipped`)),
    );
  }
}
