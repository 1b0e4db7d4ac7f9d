/**
 * Harbor's two clean-up jobs as the API sees them (the `gc` and `purge` tags): executions of one
 * vendor type with one task each, run now or on one saved schedule (vendor id 0). System admins
 * only (garbage-collection and purge-audit in the permission table).
 */
import { conflict, invalid, notFound } from '../../lib/errors.js';
import type { CoreContext } from '../context.js';
import type { ExecutionRow, PageRequest, ScheduleRow, Trigger } from '../jobs/job-types.js';
import { requireSystemPermission, type Actor } from '../security/actor.js';

type Deps = Pick<CoreContext, 'jobs'>;

export interface CleanupKind {
  vendorType: 'GARBAGE_COLLECTION' | 'PURGE_AUDIT_LOG';
  /** The permission table's resource. */
  resource: 'garbage-collection' | 'purge-audit';
  /** In messages: "garbage collection", "audit log purge". */
  label: string;
  /** Checks and completes the parameters (INVALID naming the field). */
  parameters(raw: Record<string, unknown>): object;
}

/** Harbor's schedule types and the crons they stand for (Custom and Schedule carry their own). */
const PRESET_CRONS: Record<string, string> = { Hourly: '0 0 * * * *', Daily: '0 0 0 * * *', Weekly: '0 0 0 * * 0' };
export const SCHEDULE_TYPES = ['Hourly', 'Daily', 'Weekly', 'Custom', 'Manual', 'None', 'Schedule'] as const;
export type ScheduleType = (typeof SCHEDULE_TYPES)[number];

/** What a saved schedule keeps: its type and the job's parameters. */
export interface SavedSchedule {
  schedule_type: string;
  parameters: Record<string, unknown>;
}

const can = (actor: Actor, kind: CleanupKind, action: string) => requireSystemPermission(actor, kind.resource, action);

/** One execution with one task carrying the checked parameters; refused while another is unfinished. */
export async function startCleanup(deps: Deps, kind: CleanupKind, raw: Record<string, unknown>, trigger: Trigger): Promise<number> {
  const parameters = kind.parameters(raw);
  for (const status of ['Running', 'Pending']) {
    const busy = await deps.jobs.listExecutions({ vendorType: kind.vendorType, status }, { page: 1, pageSize: 1 });
    if (busy.total > 0) throw conflict(`A ${kind.label} (${busy.rows[0]!.id}) is still running; wait for it to end or stop it first.`);
  }
  const id = await deps.jobs.createExecution({ vendorType: kind.vendorType, vendorId: 0, trigger, extraAttrs: { ...parameters } });
  await deps.jobs.addTasks(id, [{ jobType: kind.vendorType, params: { ...parameters } }]);
  await deps.jobs.sealExecution(id);
  return id;
}

/**
 * POST and PUT …/schedule, as Harbor's kick(): Manual runs now (answers the execution id), None
 * removes the schedule, the others save it with the parameters.
 */
export async function applySchedule(
  deps: Deps,
  actor: Actor,
  kind: CleanupKind,
  body: { schedule?: { type?: string; cron?: string }; parameters?: Record<string, unknown> },
  action: 'create' | 'update',
): Promise<number | undefined> {
  can(actor, kind, action);
  const type = body.schedule?.type;
  const raw = body.parameters ?? {};
  if (type === 'Manual') return startCleanup(deps, kind, raw, 'MANUAL');
  if (type === 'None') {
    await deps.jobs.deleteSchedule(kind.vendorType, 0);
    return undefined;
  }
  if (!type || !(SCHEDULE_TYPES as readonly string[]).includes(type)) {
    throw invalid(`Schedule type must be one of ${SCHEDULE_TYPES.join(', ')}.`, 'schedule.type');
  }
  const cron = PRESET_CRONS[type] ?? body.schedule?.cron?.trim() ?? '';
  if (!cron) throw invalid('Cron is required for a custom schedule.', 'schedule.cron');
  const saved: SavedSchedule = { schedule_type: type, parameters: { ...kind.parameters(raw) } };
  await deps.jobs.upsertSchedule({ vendorType: kind.vendorType, vendorId: 0, cron, params: { ...saved }, field: 'schedule.cron' });
  return undefined;
}

/** A schedule firing: a run with the saved parameters (skipped, logged, while one is unfinished). */
export async function fireCleanup(deps: Deps, kind: CleanupKind, params: Record<string, unknown>): Promise<void> {
  const saved = params as Partial<SavedSchedule>;
  await startCleanup(deps, kind, saved.parameters ?? {}, 'SCHEDULE');
}

export async function getCleanupSchedule(deps: Deps, actor: Actor, kind: CleanupKind): Promise<ScheduleRow | undefined> {
  can(actor, kind, 'read');
  return deps.jobs.getSchedule(kind.vendorType, 0);
}

export async function listCleanups(deps: Deps, actor: Actor, kind: CleanupKind, page: PageRequest) {
  can(actor, kind, 'list');
  return deps.jobs.listExecutions({ vendorType: kind.vendorType }, page);
}

export async function getCleanup(deps: Deps, actor: Actor, kind: CleanupKind, id: number): Promise<ExecutionRow> {
  can(actor, kind, 'read');
  const row = await deps.jobs.getExecution(id);
  if (!row || row.vendor_type !== kind.vendorType) throw notFound(`No ${kind.label} has the id ${id}.`);
  return row;
}

export async function stopCleanup(deps: Deps, actor: Actor, kind: CleanupKind, id: number): Promise<void> {
  await getCleanup(deps, actor, kind, id);
  can(actor, kind, 'stop');
  await deps.jobs.stopExecution(id);
}

/** The log of the run's task (Harbor: the first task's). */
export async function cleanupLog(deps: Deps, actor: Actor, kind: CleanupKind, id: number): Promise<string> {
  await getCleanup(deps, actor, kind, id);
  const tasks = await deps.jobs.listTasks(id, {}, { page: 1, pageSize: 1, sort: 'id' });
  if (tasks.rows.length === 0) throw notFound(`The ${kind.label} ${id} has no log.`);
  return deps.jobs.readTaskLog(tasks.rows[0]!.id);
}
