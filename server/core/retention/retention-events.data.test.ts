/**
 * 'retention.finished' on the event bus, on each dialect: the job service (real, on a test
 * database) runs a retention execution of a project and, when it ends, the bus carries the
 * execution, the project, whether it was a dry run, its status and its totals, once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DbHandle } from '../../db/connect.js';
import { migrateUp } from '../../db/migrate.js';
import { DatabaseJobService } from '../../jobs/job-service.js';
import { silentLoggers } from '../../log/loggers.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../testing/dialects.js';
import { AuditLog } from '../audit/audit-log.js';
import type { CoreContext } from '../context.js';
import { EventBus, type BerthEvent } from '../events/bus.js';
import { startRetention } from './executions.service.js';
import { findRetentionPolicy, insertRetentionPolicy } from './policy.repository.js';
import { registerRetention } from './triggers.js';

type Finished = Extract<BerthEvent, { type: 'retention.finished' }>;

describe.each(DIALECTS)('retention.finished on %s', (dialect) => {
  let testDb: TestDatabase;
  let handle: DbHandle;
  let logDir: string;
  let jobs: DatabaseJobService;
  let ctx: CoreContext;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    handle = testDb.open();
    await migrateUp(handle.db);
    logDir = await mkdtemp(path.join(os.tmpdir(), 'berth-retention-logs-'));
    const logger = pino({ level: 'silent' });
    jobs = new DatabaseJobService({ db: handle.db, logDir, concurrency: 1, logger, timing: { pollMs: 50 } });
    // The parts retention uses, all real: the database, the job service, the bus, loggers.
    ctx = { db: handle.db, audit: new AuditLog(), jobs, events: new EventBus(logger), loggers: silentLoggers() } as unknown as CoreContext;
    registerRetention(ctx);
    await jobs.start();
  });

  afterAll(async () => {
    await jobs.stop();
    await handle.close();
    await testDb.drop();
    await rm(logDir, { recursive: true, force: true });
  });

  test('an ended execution is announced once, with its project, dry-run flag, status and totals', async () => {
    const at = new Date().toISOString();
    const user = await handle.db.insertInto('users').values({ username: 'owner', email: null, password_hash: null, ldap_dn: null, password_changed_at: null, creation_time: at, update_time: at }).returning('user_id').executeTakeFirstOrThrow();
    const project = await handle.db.insertInto('projects').values({ name: 'quiet', owner_id: user.user_id, creation_time: at, update_time: at }).returning('project_id').executeTakeFirstOrThrow();
    const rules = [{ action: 'retain', template: 'always', params: {}, tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**' }], scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] } }];
    const id = await insertRetentionPolicy(handle.db, { projectId: project.project_id, algorithm: 'or', rules, trigger: { kind: 'Schedule', settings: { cron: '' } } }, at);
    const seen: Finished[] = [];
    ctx.events.on('retention.finished', (event) => void seen.push(event));

    const executionId = await startRetention(ctx, (await findRetentionPolicy(handle.db, id))!, 'MANUAL', true, 'dora');
    const end = Date.now() + 10_000;
    while (seen.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
    expect(seen).toEqual([
      expect.objectContaining({ type: 'retention.finished', operator: 'dora', executionId, projectId: project.project_id, project: 'quiet', dryRun: true, status: 'Success', total: 0, retained: 0, deleted: [] }),
    ]);
  });
});
