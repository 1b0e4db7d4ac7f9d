/**
 * Audit lists' totals on each dialect: exact through writes, purges and concurrent writers, and
 * read from the counters (migration 0027 on PostgreSQL, 0030 on SQLite) rather than counted.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DbHandle } from '../../db/connect.js';
import { isPostgres } from '../../db/dialect.js';
import { migrateUp } from '../../db/migrate.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../testing/dialects.js';
import { buildListQuery } from '../lists/list-query.js';
import { insertMember } from '../members/member.repository.js';
import { ROLE } from '../members/roles.js';
import { insertProject } from '../projects/project.repository.js';
import { insertUser } from '../users/user.repository.js';
import { countAuditRows } from './audit-counts.repository.js';
import { AUDIT_LIST, listAuditRows, type AuditScope } from './audit.repository.js';

const AT = '2026-06-30T00:00:00.000Z';

describe.each(DIALECTS)('audit list totals on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: DbHandle;
  let projects: number[];
  let adminOfFirst: number;

  const rowsOf = (projectId: number | null, count: number, tag: string) =>
    Array.from({ length: count }, (_, i) => ({
      project_id: projectId,
      operation: 'create',
      operation_description: 'create artifact',
      operation_result: 1,
      resource_type: 'artifact',
      resource: `${tag}-${i}`,
      username: 'olga',
      client_ip: null,
      op_time: AT,
    }));

  const base = () => handle.db.selectFrom('audit_logs').select((eb) => eb.fn.countAll<number>().as('n'));

  /** The list's X-Total-Count, and what count(*) says it must be. */
  async function totals(scope: AuditScope, where: (qb: ReturnType<typeof base>) => ReturnType<typeof base>) {
    const listed = await listAuditRows(handle.db, scope, buildListQuery(AUDIT_LIST, { page: 1, page_size: 10 }));
    const counted = await where(base()).executeTakeFirstOrThrow();
    return [listed.total, Number(counted.n)];
  }
  async function expectExact(): Promise<void> {
    const [all, counted] = await totals({ kind: 'all' }, (qb) => qb);
    expect(all).toBe(counted);
    for (const id of projects) {
      const [listed, counted] = await totals({ kind: 'project', projectId: id }, (qb) => qb.where('project_id', '=', id));
      expect(listed).toBe(counted);
    }
    const [administered, ofFirst] = await totals({ kind: 'administered-by', userId: adminOfFirst }, (qb) => qb.where('project_id', '=', projects[0]!));
    expect(administered).toBe(ofFirst);
  }

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    handle = testDb.open();
    await migrateUp(handle.db);
    const owner = await insertUser(handle.db, { username: 'olga', password_hash: 'x', creation_time: AT, update_time: AT });
    const admin = await insertUser(handle.db, { username: 'frank', password_hash: 'x', creation_time: AT, update_time: AT });
    adminOfFirst = admin.id;
    projects = [];
    for (const name of ['first', 'second']) projects.push((await insertProject(handle.db, { name, owner_id: owner.id, creation_time: AT, update_time: AT })).id);
    await insertMember(handle.db, { projectId: projects[0]!, userId: admin.id, role: ROLE.projectAdmin });
  });

  afterAll(async () => {
    await handle.close();
    await testDb.drop();
  });

  test('totals stay exact through inserts of many rows, rows of no project, and deletes', async () => {
    await handle.db.insertInto('audit_logs').values([...rowsOf(projects[0]!, 700, 'a'), ...rowsOf(projects[1]!, 300, 'b'), ...rowsOf(null, 20, 'c')]).execute();
    await handle.db.insertInto('audit_logs').values(rowsOf(projects[0]!, 5, 'd')).execute();
    await expectExact();
    await handle.db.deleteFrom('audit_logs').where('resource', 'like', 'a-1%').execute();
    await handle.db.deleteFrom('audit_logs').where('project_id', 'is', null).execute();
    await expectExact();
    expect((await listAuditRows(handle.db, { kind: 'project', projectId: projects[0]! }, buildListQuery(AUDIT_LIST, { page: 1, page_size: 10 }))).total).toBe(700 - 111 + 5);
  });

  test('concurrent writers to one project, one of them rolled back, leave the exact total', async () => {
    const before = await countAuditRows(handle.db, { kind: 'project', projectId: projects[1]! });
    await Promise.all(
      Array.from({ length: 6 }, (_, k) =>
        handle.db
          .transaction()
          .execute(async (trx) => {
            await trx.insertInto('audit_logs').values(rowsOf(projects[1]!, 10, `w${k}`)).execute();
            if (k === 5) throw new Error('rolled back');
          })
          .catch((err: Error) => expect(err.message).toBe('rolled back')),
      ),
    );
    await expectExact();
    expect(await countAuditRows(handle.db, { kind: 'project', projectId: projects[1]! })).toBe(before + 50);
  });

  test('the total is read from the counters, not counted from the rows', async () => {
    // A counter set off by 1,000 by hand: the unfiltered lists must show its figure.
    const listed = async (scope: AuditScope) => (await listAuditRows(handle.db, scope, buildListQuery(AUDIT_LIST, { page: 1, page_size: 10 }))).total;
    const [all, ofSecond] = [await listed({ kind: 'all' }), await listed({ kind: 'project', projectId: projects[1]! })];
    const shift = (by: number) => handle.db.updateTable('audit_log_counts').set((eb) => ({ entries: eb('entries', '+', by) })).where('project_id', '=', projects[1]!).execute();
    await shift(1000);
    try {
      expect(await listed({ kind: 'all' })).toBe(all + 1000);
      expect(await listed({ kind: 'project', projectId: projects[1]! })).toBe(ofSecond + 1000);
      // A filtered list counts its rows.
      expect((await listAuditRows(handle.db, { kind: 'project', projectId: projects[1]! }, buildListQuery(AUDIT_LIST, { page: 1, page_size: 10, q: 'operation=create' }))).total).toBe(ofSecond);
    } finally {
      await shift(-1000);
    }
  });

  test('SQLite keeps the counters with row triggers; PostgreSQL folds statement deltas', async () => {
    if (!isPostgres(handle.db)) {
      // One writer at a time: the counter rows are exact after each statement, with no deltas.
      await handle.db.insertInto('audit_logs').values(rowsOf(projects[0]!, 4, 'rowwise')).execute();
      const counters = await handle.db.selectFrom('audit_log_counts').select(['project_id', 'entries']).orderBy('project_id').execute();
      const counted = await sql<{ project_id: number; entries: number }>`select coalesce(project_id, 0) as project_id, count(*) as entries from audit_logs group by 1 order by 1`.execute(handle.db);
      expect(counters.filter((c) => Number(c.entries) !== 0).map((c) => [c.project_id, Number(c.entries)])).toEqual(counted.rows.map((c) => [c.project_id, Number(c.entries)]));
      return;
    }
    // Rows written with triggers off are not counted: the list must show the counters' figure.
    const all = await countAuditRows(handle.db, { kind: 'all' });
    await handle.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await trx.insertInto('audit_logs').values(rowsOf(projects[1]!, 3, 'uncounted')).execute();
    });
    expect((await listAuditRows(handle.db, { kind: 'all' }, buildListQuery(AUDIT_LIST, { page: 1, page_size: 10 }))).total).toBe(all);
    await handle.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await trx.deleteFrom('audit_logs').where('resource', 'like', 'uncounted-%').execute();
    });
  });
});
