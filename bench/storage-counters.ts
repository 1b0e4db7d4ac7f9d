/**
 * `npx tsx bench/storage-counters.ts [--quick]`: what the storage counters' triggers (migration
 * 0020b) cost a push, on SQLite and on PostgreSQL when one answers. A "push" here is the data
 * part of a manifest put: in one transaction, the blobs' row locks (claimBlobs), the artifact row
 * and its three blob links (its own config, two layers shared with the repository's other
 * artifacts, as successive builds do). Timed with the triggers, then again after dropping them
 * (0020b's down), each on a fresh repository. Never fails on a target.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { migrateUp } from '../server/db/migrate.js';
import * as triggers from '../server/db/migrations/2026_12_02_0020b_storage_usage_triggers.js';
import { createProject } from '../server/core/projects/project.service.js';
import { bootstrap } from '../server/core/system/bootstrap.js';
import { createTestDatabase, DIALECTS } from '../server/testing/dialects.js';

const pushes = process.argv.includes('--quick') ? 300 : 2000;
const NOW = '2026-12-02T00:00:00.000Z';
const lines: string[] = [];

for (const dialect of DIALECTS) {
  const testDb = await createTestDatabase(dialect);
  const handle = testDb.open();
  const db = handle.db;
  try {
    await migrateUp(db);
    await bootstrap(db, 'Harbor12345');
    const project = await createProject(db, { name: 'bench', ownerId: 1 });
    let serial = 0;
    const blob = async (size: number) =>
      (await db.insertInto('blobs').values({ digest: `sha256:${String(++serial).padStart(64, '0')}`, size, creation_time: NOW }).returning('blob_id').executeTakeFirstOrThrow()).blob_id;
    const run = async (label: string) => {
      const repository = (await db.insertInto('repositories').values({ project_id: project.id, name: `bench/${label}`, creation_time: NOW, update_time: NOW }).returning('repository_id').executeTakeFirstOrThrow()).repository_id;
      const layers = [await blob(5_000_000), await blob(3_000_000)];
      const configs: number[] = [];
      for (let i = 0; i < pushes; i++) configs.push(await blob(2000));
      const started = performance.now();
      for (let i = 0; i < pushes; i++) {
        await db.transaction().execute(async (trx) => {
          const blobs = [configs[i]!, ...layers];
          await trx.updateTable('blobs').set({ unreferenced_at: null }).where('blob_id', 'in', blobs).execute();
          const { artifact_id } = await trx
            .insertInto('artifacts')
            .values({ project_id: project.id, repository_id: repository, digest: `sha256:${String(++serial).padStart(64, 'a')}`, type: 'IMAGE', manifest_media_type: 'm', media_type: 'm', manifest: Buffer.from('{}'), manifest_size: 900, size: 0, push_time: NOW })
            .returning('artifact_id')
            .executeTakeFirstOrThrow();
          await trx.insertInto('artifact_blobs').values(blobs.map((blob_id) => ({ artifact_id, blob_id }))).execute();
        });
      }
      return (performance.now() - started) / pushes;
    };
    const withTriggers = await run('with');
    await triggers.down(db);
    const without = await run('without');
    await sql`select 1`.execute(db);
    lines.push(`${dialect.padEnd(12)} ${without.toFixed(2).padStart(8)} ${withTriggers.toFixed(2).padStart(8)} ${`${(((withTriggers - without) / without) * 100).toFixed(0)} %`.padStart(8)}`);
  } finally {
    await handle.close();
    await testDb.drop();
  }
}
process.stdout.write(`${pushes} pushes, ms each     without     with    extra\n${lines.join('\n')}\n`);
