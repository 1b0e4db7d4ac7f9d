/**
 * GET /search's repositories are read in the order of migration 0033's index, on both dialects:
 * the scan stops at the limit instead of reading and sorting every repository whose name matches.
 */
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DbHandle } from '../../db/connect.js';
import { isPostgres } from '../../db/dialect.js';
import { migrateUp } from '../../db/migrate.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../testing/dialects.js';
import { insertProject } from '../projects/project.repository.js';
import { insertUser } from '../users/user.repository.js';
import { ensureRepository } from './repository.repository.js';
import { searchQuery, searchRepositoryRows } from './repository-list.repository.js';

const AT = '2026-06-30T00:00:00.000Z';

describe.each(DIALECTS)('repository search on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: DbHandle;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    handle = testDb.open();
    await migrateUp(handle.db);
    const owner = await insertUser(handle.db, { username: 'olga', password_hash: 'x', creation_time: AT, update_time: AT });
    const project = await insertProject(handle.db, { name: 'bench', owner_id: owner.id, creation_time: AT, update_time: AT });
    for (const name of ['bench/app', 'bench/a', 'bench/zz-long-name', 'bench/b', 'bench/aa', 'bench/other']) await ensureRepository(handle.db, project.id, name, AT);
  });

  afterAll(async () => {
    await handle.close();
    await testDb.drop();
  });

  test('shortest names first, then by name, stopping at the limit', async () => {
    const found = await searchRepositoryRows(handle.db, { all: true }, 'bench/', 4);
    expect(found.map((r) => r.name)).toEqual(['bench/a', 'bench/b', 'bench/aa', 'bench/app']);
  });

  test('the repositories are read in index order, with no sort', async () => {
    const query = searchQuery(handle.db, { all: true }, 'bench', 100);
    if (isPostgres(handle.db)) {
      const plan = await handle.db.transaction().execute(async (trx) => {
        // The table is tiny: without this a sequential scan and a sort cost less than any index.
        await sql`set local enable_seqscan = off`.execute(trx);
        return sql<{ 'QUERY PLAN': string }>`explain ${query}`.execute(trx);
      });
      const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(text).toMatch(/Index Scan using repositories_search_order on repositories r\b/);
      expect(text).not.toMatch(/Sort/);
    } else {
      const compiled = query.compile();
      const plan = await handle.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]));
      const text = plan.rows.map((r) => r.detail).join('\n');
      expect(text).toMatch(/SCAN r USING INDEX repositories_search_order/);
      expect(text).not.toMatch(/TEMP B-TREE/);
    }
  });
});
