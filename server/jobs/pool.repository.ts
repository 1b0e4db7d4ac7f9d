/** Data access for the processes running workers (Harbor's worker pools) and the paused state of job queues. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { JobProcessRow } from '../db/schema-jobs.js';

type Db = Kysely<Database>;

export async function registerProcess(
  db: Db,
  p: { identity: string; host: string; pid: number; concurrency: number; now: string },
): Promise<void> {
  await db
    .insertInto('job_processes')
    .values({ identity: p.identity, host: p.host, pid: p.pid, concurrency: p.concurrency, start_time: p.now, heartbeat_at: p.now })
    .onConflict((oc) => oc.column('identity').doUpdateSet({ heartbeat_at: p.now }))
    .execute();
}

export async function beatProcess(db: Db, identity: string, now: string): Promise<void> {
  await db.updateTable('job_processes').set({ heartbeat_at: now }).where('identity', '=', identity).execute();
}

export async function removeProcess(db: Db, identity: string): Promise<void> {
  await db.deleteFrom('job_processes').where('identity', '=', identity).execute();
}

/** Forgets processes silent since `before` or known dead: their tasks are recovered by the orphan check. */
export async function removeSilentProcesses(db: Db, before: string, isDead: (identity: string) => boolean): Promise<void> {
  await db.deleteFrom('job_processes').where('heartbeat_at', '<', before).execute();
  const dead = (await db.selectFrom('job_processes').select('identity').execute()).map((p) => p.identity).filter(isDead);
  if (dead.length) await db.deleteFrom('job_processes').where('identity', 'in', dead).execute();
}

export function liveProcesses(db: Db): Promise<JobProcessRow[]> {
  return db.selectFrom('job_processes').selectAll().orderBy('start_time').orderBy('identity').execute();
}

export function findProcess(db: Db, identity: string): Promise<JobProcessRow | undefined> {
  return db.selectFrom('job_processes').selectAll().where('identity', '=', identity).executeTakeFirst();
}

export async function pausedJobTypes(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('job_queues').select('job_type').where('paused', '=', 1).execute();
  return new Set(rows.map((r) => r.job_type));
}

export async function setQueuePaused(db: Db, jobTypes: string[], paused: boolean, now: string): Promise<void> {
  for (const jobType of jobTypes) {
    await db
      .insertInto('job_queues')
      .values({ job_type: jobType, paused: paused ? 1 : 0, update_time: now })
      .onConflict((oc) => oc.column('job_type').doUpdateSet({ paused: paused ? 1 : 0, update_time: now }))
      .execute();
  }
}
