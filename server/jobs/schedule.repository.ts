/** Data access for cron schedules. A firing is claimed by moving next_fire_at on from the value read. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ScheduleRow } from '../db/schema-jobs.js';

type Db = Kysely<Database>;

export function findSchedule(db: Db, vendorType: string, vendorId: number): Promise<ScheduleRow | undefined> {
  return db.selectFrom('schedules').selectAll().where('vendor_type', '=', vendorType).where('vendor_id', '=', vendorId).executeTakeFirst();
}

/** Creates or updates a schedule; next_fire_at changes only when the cron does (or it is new). */
export async function saveSchedule(
  db: Db,
  s: { vendorType: string; vendorId: number; cron: string; params: Record<string, unknown>; nextFireAt: string; now: string },
): Promise<void> {
  const params = JSON.stringify(s.params);
  const existing = await findSchedule(db, s.vendorType, s.vendorId);
  if (!existing) {
    await db
      .insertInto('schedules')
      .values({
        vendor_type: s.vendorType,
        vendor_id: s.vendorId,
        cron: s.cron,
        params,
        next_fire_at: s.nextFireAt,
        creation_time: s.now,
        update_time: s.now,
      })
      .onConflict((oc) => oc.columns(['vendor_type', 'vendor_id']).doNothing())
      .execute();
    return;
  }
  if (existing.cron === s.cron && existing.params === params) return;
  await db
    .updateTable('schedules')
    .set({ cron: s.cron, params, update_time: s.now, ...(existing.cron === s.cron ? {} : { next_fire_at: s.nextFireAt }) })
    .where('id', '=', existing.id)
    .execute();
}

export async function deleteSchedule(db: Db, vendorType: string, vendorId: number): Promise<void> {
  await db.deleteFrom('schedules').where('vendor_type', '=', vendorType).where('vendor_id', '=', vendorId).execute();
}

export function dueSchedules(db: Db, now: string, vendorTypes: string[]): Promise<ScheduleRow[]> {
  if (vendorTypes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('schedules')
    .selectAll()
    .where('next_fire_at', '<=', now)
    .where('vendor_type', 'in', vendorTypes)
    .orderBy('next_fire_at')
    .limit(100)
    .execute();
}

/** True for the one process whose update moved next_fire_at from the value it read: that process fires. */
export async function claimFiring(db: Db, s: ScheduleRow, nextFireAt: string): Promise<boolean> {
  const r = await db
    .updateTable('schedules')
    .set({ next_fire_at: nextFireAt })
    .where('id', '=', s.id)
    .where('next_fire_at', '=', s.next_fire_at)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function listSchedules(db: Db, page: { page: number; pageSize: number }): Promise<{ total: number; rows: ScheduleRow[] }> {
  const { total } = await db.selectFrom('schedules').select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('schedules')
    .selectAll()
    .orderBy('id')
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  return { total: Number(total), rows };
}

/** Brings the next firing forward to `at` when it is later (a system job that runs soon after start). */
export async function fireNoLaterThan(db: Db, vendorType: string, vendorId: number, at: string): Promise<void> {
  await db
    .updateTable('schedules')
    .set({ next_fire_at: at })
    .where('vendor_type', '=', vendorType)
    .where('vendor_id', '=', vendorId)
    .where('next_fire_at', '>', at)
    .execute();
}
