/** The list infrastructure on each dialect: q conditions and sorts become the same SQL answers. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DbHandle } from '../../db/connect.js';
import { migrateUp } from '../../db/migrate.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../testing/dialects.js';
import { AuditLog } from '../audit/audit-log.js';
import { AUDIT_LIST, listAuditRows } from '../audit/audit.repository.js';
import { insertMember } from '../members/member.repository.js';
import { ROLE } from '../members/roles.js';
import { insertProject, listProjectRows, PROJECT_LIST } from '../projects/project.repository.js';
import { insertUser, listUserRows, USER_LIST, type User } from '../users/user.repository.js';
import { buildListQuery, UNPAGED_LIMIT, type ListSpec, type Paging } from './list-query.js';

const paging = (extra: Partial<Paging> = {}): Paging => ({ page: 1, page_size: 100, ...extra });
const auditLog = new AuditLog();

describe.each(DIALECTS)('lists on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: DbHandle;
  const users: Record<string, User> = {};

  const names = async (spec: ListSpec, p: Partial<Paging>) => {
    const page = await listUserRows(handle.db, buildListQuery(spec, paging(p)));
    return page.items.map((u) => u.username);
  };

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    handle = testDb.open();
    await migrateUp(handle.db);
    const people = ['Alice_Smith', 'AliceXSmith', 'bob', 'BOBBY', 'carol100%', 'dave', 'émile', 'Éloise'];
    for (const [i, username] of people.entries()) {
      const at = `2026-01-0${i + 1}T10:00:00.000Z`;
      users[username] = await insertUser(handle.db, {
        username,
        email: `${username.toLowerCase().replace(/[^a-z0-9]/g, '')}@example.com`,
        password_hash: 'not-a-real-hash',
        creation_time: at,
        update_time: at,
      });
    }
  });

  afterAll(async () => {
    await handle.close();
    await testDb.drop();
  });

  test('fuzzy match ignores ASCII case the same way on both dialects, and never other letters', async () => {
    expect(await names(USER_LIST, { q: 'username=~ALICE' })).toEqual(['AliceXSmith', 'Alice_Smith']);
    expect(await names(USER_LIST, { q: 'username=~bob' })).toEqual(['BOBBY', 'bob']);
    expect(await names(USER_LIST, { q: 'username=~émile' })).toEqual(['émile']);
    expect(await names(USER_LIST, { q: 'username=~ÉMILE' })).toEqual([]);
  });

  test('% and _ in a fuzzy value match themselves, not anything', async () => {
    expect(await names(USER_LIST, { q: 'username=~e_s' })).toEqual(['Alice_Smith']);
    expect(await names(USER_LIST, { q: 'username=~0%' })).toEqual(['carol100%']);
    expect(await names(USER_LIST, { q: 'username=~%' })).toEqual(['carol100%']);
  });

  test('exact, OR list, AND list and ranges of integers and times', async () => {
    expect(await names(USER_LIST, { q: 'username=bob' })).toEqual(['bob']);
    expect(await names(USER_LIST, { q: 'username={bob dave nobody}' })).toEqual(['bob', 'dave']);
    expect(await names(USER_LIST, { q: 'username=(bob dave)' })).toEqual([]);
    const ids = [users.bob!.id, users.dave!.id];
    expect(await names(USER_LIST, { q: `user_id=[${ids[0]}~${ids[1]}]`, sort: 'user_id' })).toEqual(['bob', 'BOBBY', 'carol100%', 'dave']);
    expect(await names(USER_LIST, { q: 'creation_time=[2026-01-07 00:00:00~]' })).toEqual(['émile', 'Éloise'].sort());
    expect(await names(USER_LIST, { q: 'creation_time=[~2026-01-01T10:00:00Z],email=~example' })).toEqual(['Alice_Smith']);
  });

  test('sorting by several keys, descending, with a stable tie-breaker; paging counts in the database', async () => {
    expect(await names(USER_LIST, { sort: '-creation_time', page_size: 3 })).toEqual(['Éloise', 'émile', 'dave']);
    const page2 = await listUserRows(handle.db, buildListQuery(USER_LIST, paging({ sort: '-creation_time', page: 2, page_size: 3 })));
    expect(page2).toMatchObject({ total: 8, page: 2, pageSize: 3 });
    expect(page2.items.map((u) => u.username)).toEqual(['carol100%', 'BOBBY', 'bob']);
    const beyond = await listUserRows(handle.db, buildListQuery(USER_LIST, paging({ page: 9, page_size: 3 })));
    expect(beyond).toMatchObject({ total: 8, items: [] });
  });

  test('unknown and unsortable keys are ignored as Harbor ignores them; values of the wrong type are refused with the key named', async () => {
    const q = (text: string) => () => buildListQuery(USER_LIST, paging({ q: text }));
    expect(await names(USER_LIST, { q: 'realname=x,username=bob' })).toEqual(['bob']);
    expect(await names(USER_LIST, { sort: 'comment' })).toEqual(await names(USER_LIST, {}));
    expect(await names(USER_LIST, { sort: 'comment,-username', page_size: 2 })).toEqual(['émile', 'Éloise']);
    expect(q('user_id=~1')).toThrow(expect.objectContaining({ field: 'q', message: expect.stringContaining('user_id cannot be matched') }));
    expect(q('user_id=one')).toThrow(expect.objectContaining({ field: 'q', message: expect.stringContaining('user_id must be an integer') }));
    expect(q('creation_time=[soon~]')).toThrow(expect.objectContaining({ message: expect.stringContaining('creation_time must be a time') }));
    expect(q('realname')).toThrow(expect.objectContaining({ field: 'q' }));
    expect(() => buildListQuery(PROJECT_LIST, paging({ q: 'public=maybe' }))).toThrow(expect.objectContaining({ field: 'q' }));
  });

  test('project visibility: a member sees public projects and their own; public=false narrows to their private ones', async () => {
    const owner = users.dave!;
    const member = users.bob!;
    const at = new Date().toISOString();
    const mk = (name: string, isPublic: boolean) =>
      insertProject(handle.db, { name, owner_id: owner.id, public: isPublic ? 1 : 0, creation_time: at, update_time: at });
    await mk('open-a', true);
    const mine = await mk('team-b', false);
    await mk('secret-c', false);
    await insertMember(handle.db, { projectId: mine.id, userId: member.id, role: ROLE.developer });
    const list = async (visibility: Parameters<typeof listProjectRows>[1], q?: string) =>
      (await listProjectRows(handle.db, visibility, buildListQuery(PROJECT_LIST, paging({ q })))).items.map((p) => p.name);

    expect(await list({ kind: 'member', userId: member.id, withPublic: true })).toEqual(['open-a', 'team-b']);
    expect(await list({ kind: 'member', userId: member.id, withPublic: false })).toEqual(['team-b']);
    expect(await list({ kind: 'public' })).toEqual(['open-a']);
    expect(await list({ kind: 'all' }, 'owner=dave,public=false')).toEqual(['secret-c', 'team-b']);
  });

  test('audit rows: newest first by default, filters on operation, username and a time range', async () => {
    for (const [i, op] of (['create', 'delete', 'create'] as const).entries()) {
      await auditLog.write(handle.db, {
        operation: op,
        resourceType: 'project',
        resource: `p${i}`,
        username: i === 2 ? 'Admin' : 'carol',
        at: `2026-02-0${i + 1}T00:00:00.000Z`,
      });
    }
    const audit = async (q?: string, sort?: string) =>
      (await listAuditRows(handle.db, { kind: 'all' }, buildListQuery(AUDIT_LIST, paging({ q, sort })))).items.map((a) => a.resource);
    expect(await audit()).toEqual(['p2', 'p1', 'p0']);
    expect(await audit('operation=create')).toEqual(['p2', 'p0']);
    expect(await audit('username=~admin')).toEqual(['p2']);
    expect(await audit('op_time=[2026-02-01 12:00:00~2026-02-03 00:00:00]', 'op_time')).toEqual(['p1', 'p2']);
  });

  test('page_size=0 reads the whole list (page 0 is page 1), up to UNPAGED_LIMIT items; past that it asks for pages', async () => {
    expect(await names(USER_LIST, { page: 0, page_size: 0, sort: 'user_id' })).toEqual(Object.keys(users));
    expect(await names(USER_LIST, { page: 0, page_size: 3, sort: 'user_id' })).toEqual(Object.keys(users).slice(0, 3));
    const rows = Array.from({ length: UNPAGED_LIMIT + 1 }, (_, i) => ({
      operation: 'pull' as const,
      resourceType: 'artifact' as const,
      resource: `bulk-${i}`,
      username: 'bulk',
      at: '2026-03-01T00:00:00.000Z',
    }));
    const audit = (q: string) => listAuditRows(handle.db, { kind: 'all' }, buildListQuery(AUDIT_LIST, paging({ page_size: 0, q })));
    await auditLog.write(handle.db, ...rows.slice(0, UNPAGED_LIMIT));
    expect((await audit('username=bulk')).items).toHaveLength(UNPAGED_LIMIT);
    await auditLog.write(handle.db, rows.at(-1)!);
    await expect(audit('username=bulk')).rejects.toMatchObject({ field: 'page_size', message: expect.stringContaining('read it in pages') });
  });
});
