/**
 * Data access for retention policies (Harbor's retention_policy). A project has at most one; its
 * id is also kept in the project's `retention_id` metadata, as Harbor keeps it, so the console
 * finds the policy from the project.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { RetentionPolicyRow } from '../../db/schema-retention.js';
import type { RetentionRule } from './rules.js';

type Db = Kysely<Database>;

export interface RetentionTrigger {
  kind: string;
  settings: { cron?: string };
  references?: Record<string, unknown>;
}

export interface RetentionPolicy {
  id: number;
  projectId: number;
  algorithm: string;
  rules: RetentionRule[];
  trigger: RetentionTrigger;
}

const toPolicy = (row: RetentionPolicyRow): RetentionPolicy => ({
  id: row.id,
  projectId: row.project_id,
  algorithm: row.algorithm,
  rules: JSON.parse(row.rules) as RetentionRule[],
  trigger: JSON.parse(row.trigger) as RetentionTrigger,
});

export async function findRetentionPolicy(db: Db, id: number): Promise<RetentionPolicy | undefined> {
  const row = await db.selectFrom('retention_policies').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toPolicy(row);
}

export async function findProjectRetentionPolicy(db: Db, projectId: number): Promise<RetentionPolicy | undefined> {
  const row = await db.selectFrom('retention_policies').selectAll().where('project_id', '=', projectId).executeTakeFirst();
  return row && toPolicy(row);
}

export async function insertRetentionPolicy(db: Db, policy: Omit<RetentionPolicy, 'id'>, at: string): Promise<number> {
  const row = await db
    .insertInto('retention_policies')
    .values({
      project_id: policy.projectId,
      algorithm: policy.algorithm,
      rules: JSON.stringify(policy.rules),
      trigger: JSON.stringify(policy.trigger),
      creation_time: at,
      update_time: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateRetentionPolicy(db: Db, policy: RetentionPolicy, at: string): Promise<void> {
  await db
    .updateTable('retention_policies')
    .set({ algorithm: policy.algorithm, rules: JSON.stringify(policy.rules), trigger: JSON.stringify(policy.trigger), update_time: at })
    .where('id', '=', policy.id)
    .execute();
}

export async function deleteRetentionPolicy(db: Db, id: number): Promise<void> {
  await db.deleteFrom('retention_policies').where('id', '=', id).execute();
}

/** Sets (or with null removes) the project's `retention_id` metadata. */
export async function setRetentionId(db: Db, projectId: number, id: number | null, at: string): Promise<void> {
  const row = await db.selectFrom('projects').select('metadata').where('project_id', '=', projectId).executeTakeFirst();
  if (!row) return;
  const metadata = JSON.parse(row.metadata) as Record<string, string>;
  if (id === null) delete metadata.retention_id;
  else metadata.retention_id = String(id);
  await db.updateTable('projects').set({ metadata: JSON.stringify(metadata), update_time: at }).where('project_id', '=', projectId).execute();
}
