/** /system/gc and /system/purgeaudit: thin handlers over core/gc/cleanup.service.ts. */
import type { Request, Response } from 'express';
import type { CoreContext } from '../core/context.js';
import { GC_KIND, PURGE_KIND } from '../core/gc/cleanup-kinds.js';
import { applySchedule, cleanupLog, getCleanup, getCleanupSchedule, listCleanups, stopCleanup, type CleanupKind } from '../core/gc/cleanup.service.js';
import type { ExecutionRow, ScheduleRow } from '../core/jobs/job-types.js';
import { actorOf } from './authentication.js';
import type { gcOperations, purgeOperations } from './contracts/gc.js';
import { sendPage } from './paging.js';
import type { HandlersOf } from './route.js';

/** Harbor's GCHistory / ExecHistory of an execution (model.GCHistory.ToSwagger). */
export const historyJson = (e: ExecutionRow) => ({
  id: e.id,
  job_name: e.vendor_type,
  job_kind: e.trigger,
  job_parameters: e.extra_attrs,
  schedule: { type: e.trigger },
  job_status: e.status,
  deleted: false,
  creation_time: e.start_time,
  update_time: e.end_time ?? e.update_time,
});

/** Harbor's model.NewGCSchedule(...).ToSwagger(): the schedule as a history item. */
function scheduleJson(s: ScheduleRow | undefined) {
  if (!s) return { schedule: { type: 'None', cron: '' }, job_parameters: '{}' };
  const saved = JSON.parse(s.params) as { schedule_type?: string; parameters?: unknown };
  const type = saved.schedule_type ?? 'Custom';
  return {
    id: s.id,
    job_name: '',
    job_kind: type,
    job_parameters: JSON.stringify(saved.parameters ?? {}),
    schedule: { type, cron: s.cron, next_scheduled_time: s.next_fire_at },
    job_status: '',
    deleted: false,
    creation_time: s.creation_time,
    update_time: s.update_time,
  };
}

type Body = { schedule?: { type?: string; cron?: string }; parameters?: Record<string, unknown> };

function handlersFor(ctx: CoreContext, kind: CleanupKind) {
  const idOf = (params: Record<string, number>) => Object.values(params)[0]!;
  return {
    list: async ({ query }: { query: { page: number; page_size: number; sort?: string } }, req: Request, res: Response) => {
      const page = { page: Math.max(query.page, 1), pageSize: query.page_size || 100, sort: query.sort };
      const result = await listCleanups(ctx, actorOf(req, res), kind, page);
      sendPage(req, res, { total: result.total, page: page.page, pageSize: page.pageSize, items: result.rows }, historyJson);
    },
    get: async ({ params }: { params: Record<string, number> }, req: Request, res: Response) => {
      res.json(historyJson(await getCleanup(ctx, actorOf(req, res), kind, idOf(params))));
    },
    stop: async ({ params }: { params: Record<string, number> }, req: Request, res: Response) => {
      await stopCleanup(ctx, actorOf(req, res), kind, idOf(params));
      res.status(200).end();
    },
    log: async ({ params }: { params: Record<string, number> }, req: Request, res: Response) => {
      res.type('text/plain').send(await cleanupLog(ctx, actorOf(req, res), kind, idOf(params)));
    },
    getSchedule: async (_input: unknown, req: Request, res: Response) => {
      res.json(scheduleJson(await getCleanupSchedule(ctx, actorOf(req, res), kind)));
    },
    createSchedule: async ({ body }: { body: Body }, req: Request, res: Response) => {
      const id = await applySchedule(ctx, actorOf(req, res), kind, body, 'create');
      // Harbor: the run's own path, /system/gc/{id}, for a run started now.
      if (id !== undefined) res.setHeader('Location', `${req.baseUrl}${req.path.replace(/\/schedule\/?$/, '')}/${id}`);
      res.status(201).end();
    },
    updateSchedule: async ({ body }: { body: Body }, req: Request, res: Response) => {
      await applySchedule(ctx, actorOf(req, res), kind, body, 'update');
      res.status(200).end();
    },
  };
}

export function gcHandlers(ctx: CoreContext): HandlersOf<typeof gcOperations> {
  const h = handlersFor(ctx, GC_KIND);
  return {
    getGCHistory: h.list,
    getGC: h.get,
    stopGC: h.stop,
    getGCLog: h.log,
    getGCSchedule: h.getSchedule,
    createGCSchedule: h.createSchedule,
    updateGCSchedule: h.updateSchedule,
  };
}

export function purgeHandlers(ctx: CoreContext): HandlersOf<typeof purgeOperations> {
  const h = handlersFor(ctx, PURGE_KIND);
  return {
    getPurgeHistory: h.list,
    getPurgeJob: h.get,
    stopPurge: h.stop,
    getPurgeJobLog: h.log,
    getPurgeSchedule: h.getSchedule,
    createPurgeSchedule: h.createSchedule,
    updatePurgeSchedule: h.updateSchedule,
  };
}
