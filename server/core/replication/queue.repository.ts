/** replication_queue: at most one waiting execution per rule, with the events folded into it. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isUniqueViolation } from '../../db/db-errors.js';
import { isoNow } from '../../lib/time.js';
import type { ReplicationEvent } from './planner.js';

type Db = Kysely<Database>;

/** Events kept per waiting execution; past this it plans the whole rule instead. */
const MAX_EVENTS = 1000;

export interface QueuedRun {
  policyId: number;
  executionId: number;
  full: boolean;
  events: ReplicationEvent[];
}

const parse = (text: string): ReplicationEvent[] => {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? (value as ReplicationEvent[]) : [];
  } catch {
    return [];
  }
};

export async function findQueued(db: Db, policyId: number): Promise<QueuedRun | undefined> {
  const row = await db.selectFrom('replication_queue').selectAll().where('policy_id', '=', policyId).executeTakeFirst();
  return row && { policyId: row.policy_id, executionId: row.execution_id, full: row.full_run === 1, events: parse(row.events) };
}

/** Queues the execution; false when another was queued first (the caller folds into that one). */
export async function insertQueued(db: Db, run: QueuedRun): Promise<boolean> {
  try {
    await db
      .insertInto('replication_queue')
      .values({
        policy_id: run.policyId,
        execution_id: run.executionId,
        full_run: run.full ? 1 : 0,
        events: JSON.stringify(run.events.slice(0, MAX_EVENTS)),
        creation_time: isoNow(),
      })
      .execute();
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** Folds a trigger into the waiting execution of the rule; returns its execution id, or undefined when none waits. */
export async function foldIntoQueued(db: Db, policyId: number, full: boolean, events: ReplicationEvent[]): Promise<number | undefined> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('replication_queue').selectAll().where('policy_id', '=', policyId).executeTakeFirst();
    if (!row) return undefined;
    const merged = [...parse(row.events), ...events];
    const overflow = merged.length > MAX_EVENTS;
    await trx
      .updateTable('replication_queue')
      .set({ full_run: full || overflow || row.full_run === 1 ? 1 : 0, events: JSON.stringify(overflow ? merged.filter((e) => e.kind === 'delete').slice(-MAX_EVENTS) : merged) })
      .where('policy_id', '=', policyId)
      .execute();
    return row.execution_id;
  });
}

/** Takes the waiting execution of a rule, if any: the delete is the claim, so one process gets it. */
export async function claimQueued(db: Db, policyId: number): Promise<QueuedRun | undefined> {
  const row = await db.deleteFrom('replication_queue').where('policy_id', '=', policyId).returningAll().executeTakeFirst();
  return row && { policyId: row.policy_id, executionId: row.execution_id, full: row.full_run === 1, events: parse(row.events) };
}

export async function queuedPolicyIds(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('replication_queue').select('policy_id').orderBy('creation_time').execute();
  return rows.map((r) => r.policy_id);
}
