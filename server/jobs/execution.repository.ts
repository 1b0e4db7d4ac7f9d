/** Data access for executions (one run of a policy or a system job). */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ExecutionRow } from '../db/schema-jobs.js';
import { deriveExecutionStatus, type StatusCounts } from './execution-status.js';
import type { ExecutionFilter, JobStatus, Page, PageRequest, Trigger } from '../core/jobs/job-types.js';

type Db = Kysely<Database>;

const SORTABLE = new Set(['id', 'start_time', 'end_time', 'status', 'update_time']);

export async function insertExecution(
  db: Db,
  e: { vendorType: string; vendorId: number; trigger: Trigger; extraAttrs: Record<string, unknown>; status: JobStatus; now: string },
): Promise<number> {
  const row = await db
    .insertInto('executions')
    .values({
      vendor_type: e.vendorType,
      vendor_id: e.vendorId,
      trigger: e.trigger,
      status: e.status,
      extra_attrs: JSON.stringify(e.extraAttrs),
      start_time: e.now,
      update_time: e.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findExecution(db: Db, id: number): Promise<ExecutionRow | undefined> {
  return db.selectFrom('executions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listExecutions(db: Db, filter: ExecutionFilter, page: PageRequest): Promise<Page<ExecutionRow>> {
  let q = db.selectFrom('executions').where('vendor_type', '=', filter.vendorType);
  if (filter.vendorId !== undefined) q = q.where('vendor_id', '=', filter.vendorId);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.trigger) q = q.where('trigger', '=', filter.trigger);
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const sort = page.sort ?? '-start_time';
  const column = sort.replace(/^-/, '');
  const by = SORTABLE.has(column) ? (column as 'id') : 'start_time';
  const direction = sort.startsWith('-') ? 'desc' : 'asc';
  const rows = await q
    .selectAll()
    .orderBy(by, direction)
    .orderBy('id', direction)
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  return { total: Number(total), rows };
}

export async function statusCounts(db: Db, executionId: number): Promise<StatusCounts> {
  const rows = await db
    .selectFrom('tasks')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('execution_id', '=', executionId)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/**
 * Sets the status its tasks give it. Answers true when this call ended the execution, so that
 * exactly one caller announces it; an execution that has ended never changes again.
 */
export async function refreshExecution(db: Db, id: number, now: string): Promise<{ ended: boolean; row?: ExecutionRow }> {
  const row = await findExecution(db, id);
  if (!row || row.end_time) return { ended: false, row };
  const derived = deriveExecutionStatus(await statusCounts(db, id), {
    sealed: row.sealed === 1,
    stopRequested: row.stop_requested === 1,
    current: row.status,
  });
  if (!derived.final && derived.status === row.status) return { ended: false, row };
  const result = await db
    .updateTable('executions')
    .set({ status: derived.status, update_time: now, ...(derived.final ? { end_time: now } : {}) })
    .where('id', '=', id)
    .where('end_time', 'is', null)
    .executeTakeFirst();
  return { ended: derived.final && result.numUpdatedRows > 0n, row: { ...row, status: derived.status } };
}

export async function sealExecution(db: Db, id: number, now: string): Promise<void> {
  await db.updateTable('executions').set({ sealed: 1, update_time: now }).where('id', '=', id).execute();
}

export async function markExecutionStopping(db: Db, id: number, now: string): Promise<void> {
  await db.updateTable('executions').set({ sealed: 1, stop_requested: 1, update_time: now }).where('id', '=', id).execute();
}

export async function updateExecutionExtraAttrs(db: Db, id: number, attrs: Record<string, unknown>, now: string): Promise<void> {
  const row = await findExecution(db, id);
  if (!row) return;
  const merged = { ...(JSON.parse(row.extra_attrs) as Record<string, unknown>), ...attrs };
  await db.updateTable('executions').set({ extra_attrs: JSON.stringify(merged), update_time: now }).where('id', '=', id).execute();
}

/** Ended executions of one vendor beyond the newest `keep`: Harbor's execution sweep. */
export async function endedExecutionsBeyond(db: Db, vendorType: string, vendorId: number, keep: number): Promise<number[]> {
  const rows = await db
    .selectFrom('executions')
    .select('id')
    .where('vendor_type', '=', vendorType)
    .where('vendor_id', '=', vendorId)
    .where('end_time', 'is not', null)
    .orderBy('start_time', 'desc')
    .orderBy('id', 'desc')
    .offset(keep)
    .limit(10_000)
    .execute();
  return rows.map((r) => r.id);
}

export async function vendorsWithExecutions(db: Db): Promise<{ vendor_type: string; vendor_id: number }[]> {
  return db.selectFrom('executions').select(['vendor_type', 'vendor_id']).distinct().execute();
}

export async function deleteExecutionRows(db: Db, id: number): Promise<void> {
  // Tasks go with it (foreign key on delete cascade); deleted explicitly too, for SQLite files
  // opened without foreign keys.
  await db.deleteFrom('tasks').where('execution_id', '=', id).execute();
  await db.deleteFrom('executions').where('id', '=', id).execute();
}

/** The newest execution of a vendor (the schedule list's last run). */
export function latestExecution(db: Db, vendorType: string, vendorId: number): Promise<ExecutionRow | undefined> {
  return db
    .selectFrom('executions')
    .selectAll()
    .where('vendor_type', '=', vendorType)
    .where('vendor_id', '=', vendorId)
    .orderBy('start_time', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
