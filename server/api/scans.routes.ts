/** Scans, scan all and the vulnerabilities addition: thin handlers over core/scanning. */
import type { CoreContext } from '../core/context.js';
import type { ScheduleRow } from '../core/jobs/job-types.js';
import { applyScanAllSchedule, getScanAllScheduleAs, scanAllMetricsAs, stopScanAllAs } from '../core/scanning/scan-all.service.js';
import { scanArtifactAs, scanLogAs, stopScanAs, vulnerabilitiesAs } from '../core/scanning/scan.service.js';
import { actorOf } from './authentication.js';
import type { scanOperations } from './contracts/scans.js';
import { pathNames as names } from './refs.js';
import type { HandlersOf } from './route.js';

/** Harbor's Schedule of scan all; schedule.type None when none is saved. */
function scheduleJson(s: ScheduleRow | undefined) {
  if (!s) return { schedule: { type: 'None', cron: '' } };
  const saved = JSON.parse(s.params) as { schedule_type?: string };
  return {
    id: s.id,
    status: '',
    creation_time: s.creation_time,
    update_time: s.update_time,
    schedule: { type: saved.schedule_type ?? 'Custom', cron: s.cron, next_scheduled_time: s.next_fire_at },
  };
}

export function scanHandlers(ctx: CoreContext): HandlersOf<typeof scanOperations> {
  return {
    scanArtifact: async ({ params, body }, req, res) => {
      await scanArtifactAs(ctx, actorOf(req, res), names(params), body?.scan_type);
      res.status(202).end();
    },
    stopScanArtifact: async ({ params, body }, req, res) => {
      await stopScanAs(ctx, actorOf(req, res), names(params), body?.scan_type);
      res.status(202).end();
    },
    getReportLog: async ({ params }, req, res) => {
      res.type('text/plain').send(await scanLogAs(ctx, actorOf(req, res), names(params), params.report_id));
    },
    getVulnerabilitiesAddition: async ({ params }, req, res) => {
      res.json(await vulnerabilitiesAs(ctx, actorOf(req, res), names(params)));
    },
    getScanAllSchedule: async (_input, req, res) => {
      res.json(scheduleJson(await getScanAllScheduleAs(ctx, actorOf(req, res))));
    },
    updateScanAllSchedule: async ({ body }, req, res) => {
      await applyScanAllSchedule(ctx, actorOf(req, res), body, 'update');
      res.status(200).end();
    },
    createScanAllSchedule: async ({ body }, req, res) => {
      await applyScanAllSchedule(ctx, actorOf(req, res), body, 'create');
      res.status(201).end();
    },
    stopScanAll: async (_input, req, res) => {
      await stopScanAllAs(ctx, actorOf(req, res));
      res.status(202).end();
    },
    getLatestScanAllMetrics: async (_input, req, res) => {
      res.json(await scanAllMetricsAs(ctx, actorOf(req, res), false));
    },
    getLatestScheduledScanAllMetrics: async (_input, req, res) => {
      res.json(await scanAllMetricsAs(ctx, actorOf(req, res), true));
    },
  };
}
