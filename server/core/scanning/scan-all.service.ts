/**
 * Scan all (Harbor's scanAll tag): one SCAN_ALL execution with a scan task per image of every
 * project, each by its project's scanner; run now (schedule type Manual) or on a saved schedule
 * (vendor id 0). Its metrics are the newest execution's task counts. System admins only
 * (scan-all in the permission table).
 */
import { conflict, invalid } from '../../lib/errors.js';
import type { CoreContext } from '../context.js';
import type { ScheduleRow, Trigger } from '../jobs/job-types.js';
import { requireSystemPermission, type Actor } from '../security/actor.js';
import { effectiveScanner } from './project-scanner.service.js';
import { scannableArtifacts } from './scan-all.repository.js';
import { queueScans, SCAN_ALL_VENDOR, type ScanTarget } from './scan-queue.js';

type Deps = Pick<CoreContext, 'db' | 'jobs'>;

const PRESET_CRONS: Record<string, string> = { Hourly: '0 0 * * * *', Daily: '0 0 0 * * *', Weekly: '0 0 0 * * 0' };
const SCHEDULE_TYPES = ['Hourly', 'Daily', 'Weekly', 'Custom', 'Manual', 'None', 'Schedule'];
const PAGE = 1000;

/** Queues the scans of every image whose project has a scanner; refused while another scan all runs. */
export async function startScanAll(deps: Deps, trigger: Trigger): Promise<number> {
  for (const status of ['Running', 'Pending']) {
    const busy = await deps.jobs.listExecutions({ vendorType: SCAN_ALL_VENDOR, status }, { page: 1, pageSize: 1 });
    if (busy.total > 0) throw conflict(`A scan all (${busy.rows[0]!.id}) is still running; wait for it to end or stop it first.`);
  }
  const targets: ScanTarget[] = [];
  const scanners = new Map<number, number | undefined>();
  for (let after = 0; ; ) {
    const page = await scannableArtifacts(deps.db, after, PAGE);
    for (const a of page) {
      if (!scanners.has(a.projectId)) scanners.set(a.projectId, (await effectiveScanner(deps.db, a.projectId))?.id);
      const scannerId = scanners.get(a.projectId);
      if (scannerId !== undefined) targets.push({ artifactId: a.artifactId, repository: a.repository, digest: a.digest, manifestMediaType: a.manifestMediaType, scannerId });
    }
    if (page.length < PAGE) break;
    after = page.at(-1)!.artifactId;
  }
  return queueScans(deps, { type: SCAN_ALL_VENDOR, id: 0 }, trigger, targets, { total: targets.length });
}

/** POST and PUT /system/scanAll/schedule: Manual runs now (the execution id), None removes the schedule, the others save it. */
export async function applyScanAllSchedule(deps: Deps, actor: Actor, body: { schedule?: { type?: string; cron?: string } }, action: 'create' | 'update'): Promise<number | undefined> {
  requireSystemPermission(actor, 'scan-all', action);
  const type = body.schedule?.type;
  if (type === 'Manual') return startScanAll(deps, 'MANUAL');
  if (type === 'None') {
    await deps.jobs.deleteSchedule(SCAN_ALL_VENDOR, 0);
    return undefined;
  }
  if (!type || !SCHEDULE_TYPES.includes(type)) throw invalid(`Schedule type must be one of ${SCHEDULE_TYPES.join(', ')}.`, 'schedule.type');
  const cron = PRESET_CRONS[type] ?? body.schedule?.cron?.trim() ?? '';
  if (!cron) throw invalid('Cron is required for a custom schedule.', 'schedule.cron');
  await deps.jobs.upsertSchedule({ vendorType: SCAN_ALL_VENDOR, vendorId: 0, cron, params: { schedule_type: type }, field: 'schedule.cron' });
  return undefined;
}

export async function getScanAllScheduleAs(deps: Deps, actor: Actor): Promise<ScheduleRow | undefined> {
  requireSystemPermission(actor, 'scan-all', 'read');
  return deps.jobs.getSchedule(SCAN_ALL_VENDOR, 0);
}

export async function stopScanAllAs(deps: Deps, actor: Actor): Promise<void> {
  requireSystemPermission(actor, 'scan-all', 'stop');
  const running = await deps.jobs.listExecutions({ vendorType: SCAN_ALL_VENDOR, status: 'Running' }, { page: 1, pageSize: 1 });
  const pending = running.total ? running : await deps.jobs.listExecutions({ vendorType: SCAN_ALL_VENDOR, status: 'Pending' }, { page: 1, pageSize: 1 });
  const execution = pending.rows[0];
  if (!execution) throw invalid('No scan all is running.');
  await deps.jobs.stopExecution(execution.id);
}

/** Harbor's Stats of the newest scan all (by its trigger when asked for the scheduled one). */
export async function scanAllMetricsAs(deps: Deps, actor: Actor, scheduledOnly: boolean) {
  requireSystemPermission(actor, 'scan-all', 'read');
  const filter = { vendorType: SCAN_ALL_VENDOR, ...(scheduledOnly ? { trigger: 'SCHEDULE' } : {}) };
  const newest = (await deps.jobs.listExecutions(filter, { page: 1, pageSize: 1, sort: '-start_time' })).rows[0];
  if (!newest) return { total: 0, completed: 0, metrics: {}, ongoing: false, trigger: '' };
  const counts = await deps.jobs.taskCounts(newest.id);
  const metrics: Record<string, number> = {};
  const put = (k: string, n: number) => n && (metrics[k] = n);
  put('Success', counts.succeed);
  put('Error', counts.failed);
  put('Stopped', counts.stopped);
  put('Running', counts.in_progress);
  return {
    total: counts.total,
    completed: counts.succeed + counts.failed + counts.stopped,
    metrics,
    ongoing: !['Success', 'Error', 'Stopped'].includes(newest.status),
    trigger: newest.trigger === 'SCHEDULE' ? 'Schedule' : newest.trigger === 'MANUAL' ? 'Manual' : 'Event',
  };
}
