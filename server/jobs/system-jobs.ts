/**
 * Berth's own periodic jobs, run through the job service so they show in /schedules with their
 * last execution and outcome, and run once per firing however many processes share the database:
 *
 *   HOUSEKEEPING     hourly, and soon after start: expired sessions and reset tokens, forgotten
 *                    sign-in failures (the session clean-up Harbor leaves to Redis expiry)
 *   PURGE_AUDIT_LOG  registered with GC (server/core/gc/cleanup-kinds.ts); its schedule is the
 *                    operator's (/system/purgeaudit/schedule). When none is saved, the default
 *                    is saved here: hourly by audit_log_retention_days, and soon after start
 *   EXECUTION_SWEEP  daily: ended executions beyond the newest KEEP_EXECUTIONS of each vendor,
 *                    with their task logs (Harbor's execution sweep)
 *   UPLOAD_PURGE     every upload_purging.interval, first within a minute of start: abandoned
 *                    uploads (distribution's upload purging, which Harbor configures the same way)
 *   DEMO             no schedule: waits params.seconds (at most 600) and succeeds, honouring a
 *                    stop. Harbor's jobservice has the same harmless job under this name (its
 *                    SampleJob), to check that workers claim and finish tasks; the multi-process
 *                    tests queue it because it is harmless and lasts as long as they need.
 */
import type { Config } from '../config/load.js';
import type { CoreContext } from '../core/context.js';
import { runHousekeeping } from '../core/system/housekeeping.js';
import { purgeUploads } from '../core/uploads/upload-purge.js';
import { DEFAULT_PURGE_SCHEDULE, PURGE_KIND } from '../core/gc/cleanup-kinds.js';
import { cronEvery } from './cron.js';
import type { JobService } from '../core/jobs/job-service.js';
import type { TaskRun } from '../core/jobs/job-types.js';

export const HOUSEKEEPING = 'HOUSEKEEPING';
export const EXECUTION_SWEEP = 'EXECUTION_SWEEP';
export const UPLOAD_PURGE = 'UPLOAD_PURGE';
export const DEMO = 'DEMO';

export const HOUSEKEEPING_CRON = '0 0 * * * *';
export const EXECUTION_SWEEP_CRON = '0 30 0 * * *';
const KEEP_EXECUTIONS = 50;
const DEMO_MAX_SECONDS = 600;

type Deps = Pick<CoreContext, 'db' | 'settings' | 'loggers' | 'blobs'> & { config: Pick<Config, 'upload_purging'> };

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

async function demo(run: TaskRun): Promise<void> {
  const seconds = Math.min(Math.max(Number(run.params.seconds) || 0, 0), DEMO_MAX_SECONDS);
  run.log.info(`demo job: waiting ${seconds} s`);
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) await sleep(Math.min(1000, end - Date.now()), run.signal);
}

/** One execution with one task of the same name. */
async function fire(jobs: JobService, vendorType: string): Promise<void> {
  const id = await jobs.createExecution({ vendorType, vendorId: 0, trigger: 'SCHEDULE' });
  await jobs.addTasks(id, [{ jobType: vendorType, params: {} }]);
  await jobs.sealExecution(id);
}

/** Registers the job types (every process); schedules are saved by scheduleSystemJobs. */
export function registerSystemJobs(jobs: JobService, deps: Deps): void {
  jobs.register({
    name: HOUSEKEEPING,
    // The next firing tries again; retrying sooner would only repeat an hourly job.
    maxAttempts: 1,
    run: async (run) => {
      const r = await runHousekeeping(deps);
      run.log.info(`expired ${r.sessions} sessions; forgot ${r.failures} sign-in failures`);
      await run.setExtraAttrs({ sessions_expired: r.sessions });
    },
  });
  jobs.register({
    name: EXECUTION_SWEEP,
    maxAttempts: 1,
    run: async (run) => {
      const purged = await jobs.purgeExecutions(KEEP_EXECUTIONS);
      run.log.info(`removed ${purged} ended executions beyond the newest ${KEEP_EXECUTIONS} of each policy`);
    },
  });
  jobs.register({
    name: UPLOAD_PURGE,
    maxAttempts: 1,
    run: async (run) => {
      const { age, dryrun } = deps.config.upload_purging;
      const r = await purgeUploads(deps, { age, dryrun });
      run.log.info(`${dryrun ? 'would purge' : 'purged'} ${r.sessions.length} abandoned uploads and ${r.orphanFiles.length} orphan upload files`);
      await run.setExtraAttrs({ uploads: r.sessions.length, orphan_files: r.orphanFiles.length, dryrun });
    },
  });
  jobs.register({ name: DEMO, maxAttempts: 3, run: demo });
  for (const vendorType of [HOUSEKEEPING, EXECUTION_SWEEP, UPLOAD_PURGE]) {
    jobs.registerScheduleCallback(vendorType, () => fire(jobs, vendorType));
  }
}

/** Saves the system schedules from the configuration; call at start-up, before jobs.start(). */
export async function scheduleSystemJobs(jobs: JobService, config: Pick<Config, 'upload_purging'>): Promise<void> {
  await jobs.upsertSchedule({ vendorType: HOUSEKEEPING, vendorId: 0, cron: HOUSEKEEPING_CRON });
  await jobs.fireScheduleWithin(HOUSEKEEPING, 0, 0);
  const purge = await jobs.getSchedule(PURGE_KIND.vendorType, 0);
  if (!purge) await jobs.upsertSchedule({ vendorType: PURGE_KIND.vendorType, vendorId: 0, ...DEFAULT_PURGE_SCHEDULE });
  // The default's retention applies at start too (a server restarted more often than hourly still purges).
  if (!purge || (JSON.parse(purge.params) as { default?: boolean }).default) await jobs.fireScheduleWithin(PURGE_KIND.vendorType, 0, 0);
  await jobs.upsertSchedule({ vendorType: EXECUTION_SWEEP, vendorId: 0, cron: EXECUTION_SWEEP_CRON });
  const purging = config.upload_purging;
  if (purging.enabled) {
    await jobs.upsertSchedule({ vendorType: UPLOAD_PURGE, vendorId: 0, cron: cronEvery(purging.interval) });
    await jobs.fireScheduleWithin(UPLOAD_PURGE, 0, Math.min(purging.interval, 60_000));
  } else {
    await jobs.deleteSchedule(UPLOAD_PURGE, 0);
  }
}
