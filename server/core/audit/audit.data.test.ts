/** Audit log scopes and purging by age, on each dialect. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DbHandle } from '../../db/connect.js';
import { migrateUp } from '../../db/migrate.js';
import { SecretBox } from '../../lib/secret-box.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../testing/dialects.js';
import { buildListQuery } from '../lists/list-query.js';
import { insertMember } from '../members/member.repository.js';
import { ROLE } from '../members/roles.js';
import { insertProject } from '../projects/project.repository.js';
import { SettingsService } from '../settings/settings.service.js';
import { insertUser } from '../users/user.repository.js';
import { AuditLog } from './audit-log.js';
import { AUDIT_LIST, listAuditRows } from './audit.repository.js';
import { purgeAuditLogs, SYSTEM_OPERATOR } from './audit.service.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-30T00:00:00.000Z');
const audit = new AuditLog();

describe.each(DIALECTS)('audit log on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: DbHandle;
  let settings: SettingsService;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    handle = testDb.open();
    await migrateUp(handle.db);
    settings = new SettingsService(handle.db, new SecretBox('k'), { token_expiration: 30 });
  });

  afterAll(async () => {
    await handle.close();
    await testDb.drop();
  });

  test('thousands of rows written at once (a repository of 5,000 artifacts deleted) all land', async () => {
    const at = new Date(NOW).toISOString();
    const before = await handle.db.selectFrom('audit_logs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = Array.from({ length: 5000 }, (_, i) => ({ operation: 'delete' as const, resourceType: 'artifact' as const, resource: `bulk/app@${i}`, username: 'admin', at }));
    await audit.write(handle.db, ...rows);
    const after = await handle.db.selectFrom('audit_logs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(5000);
    await handle.db.deleteFrom('audit_logs').where('resource', 'like', 'bulk/app@%').execute();
  });

  test('a non-admin reads the rows of the projects they administer, and nothing outside projects', async () => {
    const at = new Date(NOW).toISOString();
    const user = (username: string) => insertUser(handle.db, { username, password_hash: 'x', creation_time: at, update_time: at });
    const frank = await user('frank');
    const owner = await user('olga');
    const project = (name: string) => insertProject(handle.db, { name, owner_id: owner.id, creation_time: at, update_time: at });
    const [ruled, developed, foreign] = [await project('ruled'), await project('developed'), await project('foreign')];
    await insertMember(handle.db, { projectId: ruled.id, userId: frank.id, role: ROLE.projectAdmin });
    await insertMember(handle.db, { projectId: developed.id, userId: frank.id, role: ROLE.developer });
    for (const p of [ruled, developed, foreign]) {
      await audit.write(handle.db, { projectId: p.id, operation: 'create', resourceType: 'project', resource: p.name, username: 'olga' });
    }
    await audit.write(handle.db, { operation: 'login', resourceType: 'user', resource: 'olga', username: 'olga' });
    const query = buildListQuery(AUDIT_LIST, { page: 1, page_size: 10 });
    const seen = await listAuditRows(handle.db, { kind: 'administered-by', userId: frank.id }, query);
    expect(seen.items.map((r) => r.resource)).toEqual(['ruled']);
    expect((await listAuditRows(handle.db, { kind: 'all' }, query)).total).toBe(4);
    expect((await listAuditRows(handle.db, { kind: 'project', projectId: foreign.id }, query)).items.map((r) => r.resource)).toEqual(['foreign']);
  });

  test('purge keeps everything at retention 0, then deletes rows older than the setting and records itself', async () => {
    await handle.db.deleteFrom('audit_logs').execute();
    for (const age of [40, 31, 29, 1]) {
      await audit.write(handle.db, {
        operation: 'create',
        resourceType: 'project',
        resource: `aged-${age}`,
        username: 'olga',
        at: new Date(NOW - age * DAY).toISOString(),
      });
    }
    expect(await purgeAuditLogs({ db: handle.db, settings, audit }, () => NOW)).toBe(0);
    await settings.update({ audit_log_retention_days: 30 });
    expect(await purgeAuditLogs({ db: handle.db, settings, audit }, () => NOW)).toBe(2);
    const rows = await handle.db.selectFrom('audit_logs').selectAll().orderBy('op_time').execute();
    expect(rows.map((r) => r.resource)).toEqual(['aged-29', 'aged-1', 'audit_log']);
    expect(rows.at(-1)).toMatchObject({
      operation: 'purge',
      resource_type: 'audit_log',
      username: SYSTEM_OPERATOR,
      operation_description: expect.stringContaining('2 entries older than 30 days'),
    });
    expect(await purgeAuditLogs({ db: handle.db, settings, audit }, () => NOW)).toBe(0);
    expect(await handle.db.selectFrom('audit_logs').select('id').execute()).toHaveLength(3);
  });
});
