/**
 * /metrics' per-project figures read the maintained storage counters (migration 0020), not the
 * artifacts: counting those walked every artifact and blob link, 300 ms of SQLite's event loop
 * per scrape at 200,000 artifacts. A counter changed by hand is what the summary says.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DbHandle } from '../../db/connect.js';
import { migrateUp } from '../../db/migrate.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../testing/dialects.js';
import { bootstrap } from '../system/bootstrap.js';
import { readProjectSummaries } from './summary.repository.js';

describe.each(DIALECTS)('the metrics summary on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: DbHandle;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    handle = testDb.open();
    await migrateUp(handle.db);
    await bootstrap(handle.db, 'Harbor12345');
  });

  afterAll(async () => {
    await handle.close();
    await testDb.drop();
  });

  test("a project's artifacts and storage are its counters' figures", async () => {
    const library = await handle.db.selectFrom('projects').select('project_id').where('name', '=', 'library').executeTakeFirstOrThrow();
    expect((await readProjectSummaries(handle.db)).find((p) => p.name === 'library')).toMatchObject({ artifacts: 0, storage: 0 });
    await handle.db.deleteFrom('storage_counters').where('scope', '=', 'p').where('scope_id', '=', library.project_id).execute();
    await handle.db
      .insertInto('storage_counters')
      .values({ scope: 'p', scope_id: library.project_id, artifact_count: 7, manifest_bytes: 100, blob_bytes: 23, unique_blob_bytes: 0, logical_blob_bytes: 0, stored_blob_bytes: 0 })
      .execute();
    expect((await readProjectSummaries(handle.db)).find((p) => p.name === 'library')).toMatchObject({ public: true, artifacts: 7, storage: 123, repositories: 0 });
  });
});
