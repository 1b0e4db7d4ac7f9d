/**
 * How many audit rows a scope holds, from the counters triggers keep (migration 0027 on
 * PostgreSQL, 0030 on SQLite): an unfiltered audit list's exact total without counting 200,000
 * rows for every page.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isPostgres } from '../../db/dialect.js';
import { rowsOfPrincipal } from '../members/member.repository.js';
import { ROLE } from '../members/roles.js';
import type { AuditScope } from './audit.repository.js';

type Db = Kysely<Database>;

/** The projects whose audit rows a user who is no system admin may read: those they administer. */
export function projectsAdministeredBy(db: Db, scope: Extract<AuditScope, { kind: 'administered-by' }>) {
  return db
    .selectFrom('project_members')
    .select('project_id')
    .where((m) => rowsOfPrincipal(m, { userId: scope.userId, groupIds: scope.groupIds ?? [] }))
    .where('role', '=', ROLE.projectAdmin);
}

/**
 * The counter rows of `scope`'s projects, with PostgreSQL's pending deltas, read in one statement
 * (one snapshot: a fold committing between two reads would count its deltas twice, or not at all).
 */
export async function countAuditRows(db: Db, scope: AuditScope): Promise<number> {
  const kept = db
    .selectFrom((eb) => {
      const counters = eb.selectFrom('audit_log_counts').select(['project_id', 'entries']);
      return (isPostgres(db) ? counters.unionAll(eb.selectFrom('audit_log_count_deltas').select(['project_id', 'entries'])) : counters).as('c');
    })
    .select(sql<string>`coalesce(sum(c.entries), 0)`.as('entries'));
  const scoped = (() => {
    switch (scope.kind) {
      case 'all':
        return kept;
      case 'project':
        return kept.where('c.project_id', '=', scope.projectId);
      case 'administered-by':
        return kept.where('c.project_id', 'in', projectsAdministeredBy(db, scope));
    }
  })();
  return Number((await scoped.executeTakeFirstOrThrow()).entries);
}
