/**
 * Reading a policy's deliveries: its executions under both vendor types (WEBHOOK for http
 * targets, SLACK for slack), which the job service's one-vendor filter cannot list together.
 * Writes stay with the job service.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ExecutionRow } from '../jobs/job-types.js';
import { WEBHOOK_VENDORS } from './event-types.js';

type Db = Kysely<Database>;

export interface ExecutionPage {
  total: number;
  rows: ExecutionRow[];
}

export async function listPolicyExecutions(
  db: Db,
  policyId: number,
  filter: { statuses?: string[] },
  page: { page: number; pageSize: number; ascending?: boolean },
): Promise<ExecutionPage> {
  let q = db.selectFrom('executions').where('vendor_type', 'in', [...WEBHOOK_VENDORS]).where('vendor_id', '=', policyId);
  if (filter.statuses?.length) q = q.where('status', 'in', filter.statuses);
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const direction = page.ascending ? 'asc' : 'desc';
  const rows = await q
    .selectAll()
    .orderBy('start_time', direction)
    .orderBy('id', direction)
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  return { total: Number(total), rows };
}

/** The start of the policy's newest delivery per event type (Harbor's last trigger time). */
export async function lastTriggerTimes(db: Db, policyId: number): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('executions')
    .select(['extra_attrs', 'start_time'])
    .where('vendor_type', 'in', [...WEBHOOK_VENDORS])
    .where('vendor_id', '=', policyId)
    .orderBy('start_time', 'desc')
    .limit(200)
    .execute();
  const times = new Map<string, string>();
  for (const row of rows) {
    const type = (JSON.parse(row.extra_attrs) as { event_type?: string }).event_type;
    if (type && !times.has(type)) times.set(type, row.start_time);
  }
  return times;
}
