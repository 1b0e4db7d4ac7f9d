/**
 * The rest of the large project's neighbourhood for the API benchmark, written straight into
 * the database like the artifacts: users who are its members, labels, robots, webhook policies,
 * a replication policy's executions (one of them with many tasks) and GC history. These lists
 * are short next to the artifacts but are on the same pages of the console.
 */
import type { DbHandle } from '../../server/db/connect.js';
import { at } from './api-seed.js';

type Db = DbHandle['db'];

const BATCH = 500;

async function inBatches<T>(count: number, row: (i: number) => T, insert: (rows: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < count; start += BATCH) {
    await insert(Array.from({ length: Math.min(BATCH, count - start) }, (_, k) => row(start + k)));
  }
}

export interface ExtraSizes {
  /** Users, each a member of the project. */
  users: number;
  labels: number;
  robots: number;
  webhooks: number;
  /** Executions of one replication policy; the latest holds `tasks` tasks. */
  executions: number;
  tasks: number;
  gcRuns: number;
}

/** Returns the ids the endpoints name: the replication policy and its latest execution. */
export async function seedProjectExtras(db: Db, projectId: number, sizes: ExtraSizes): Promise<{ policyId: number; executionId: number }> {
  await inBatches(
    sizes.users,
    (i) => ({ username: `user${i}`, email: `user${i}@example.com`, realname: `User ${i}`, password_hash: null, creation_time: at(i), update_time: at(i) }),
    async (rows) => {
      const ids = await db.insertInto('users').values(rows).returning('user_id').execute();
      await db
        .insertInto('project_members')
        .values(ids.map(({ user_id }, k) => ({ project_id: projectId, entity_id: user_id, entity_type: 'u', role: 1 + (k % 4), creation_time: at(k), update_time: at(k) })))
        .execute();
    },
  );
  await inBatches(
    sizes.labels,
    (i) => ({ name: `label-${i}`, scope: 'p', project_id: projectId, creation_time: at(i), update_time: at(i) }),
    (rows) => db.insertInto('labels').values(rows).execute(),
  );
  await inBatches(
    sizes.robots,
    (i) => ({
      name: `robot$bench+r${i}`,
      level: 'project',
      project_id: projectId,
      secret_hash: 'unused',
      duration: -1,
      expires_at: -1,
      creator_type: 'local',
      creator_ref: 1,
      creation_time: at(i),
      update_time: at(i),
    }),
    (rows) => db.insertInto('robots').values(rows).execute(),
  );
  await inBatches(
    sizes.webhooks,
    (i) => ({
      project_id: projectId,
      name: `hook-${i}`,
      targets: JSON.stringify([{ type: 'http', address: `http://127.0.0.1:9/${i}`, auth_header: '', skip_cert_verify: false }]),
      event_types: JSON.stringify(['PUSH_ARTIFACT']),
      creation_time: at(i),
      update_time: at(i),
    }),
    (rows) => db.insertInto('webhook_policies').values(rows).execute(),
  );
  const policy = await db
    .insertInto('replication_policies')
    .values({ name: 'bench-policy', src_registry_id: null, dest_registry_id: null, enabled: 0, creation_time: at(0), update_time: at(0) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const execution = (vendorType: string, vendorId: number) => (i: number) => ({
    vendor_type: vendorType,
    vendor_id: vendorId,
    status: 'Succeed',
    trigger: 'MANUAL',
    sealed: 1,
    start_time: at(i),
    end_time: at(i + 5),
    update_time: at(i + 5),
  });
  await inBatches(sizes.executions, execution('REPLICATION', policy.id), (rows) => db.insertInto('executions').values(rows).execute());
  const latest = await db.insertInto('executions').values(execution('REPLICATION', policy.id)(sizes.executions)).returning('id').executeTakeFirstOrThrow();
  await inBatches(
    sizes.tasks,
    (i) => ({
      execution_id: latest.id,
      job_type: 'REPLICATION',
      status: 'Success',
      run_count: 1,
      extra_attrs: JSON.stringify({ resource_type: 'image', src_resource: `bench/r-${i % 1000}:t-${i}`, dst_resource: `copy/r-${i % 1000}:t-${i}`, operation: 'copy' }),
      next_attempt_at: at(i),
      creation_time: at(i),
      start_time: at(i),
      end_time: at(i + 1),
      update_time: at(i + 1),
    }),
    (rows) => db.insertInto('tasks').values(rows).execute(),
  );
  await inBatches(sizes.gcRuns, execution('GARBAGE_COLLECTION', 0), (rows) => db.insertInto('executions').values(rows).execute());
  return { policyId: policy.id, executionId: latest.id };
}
