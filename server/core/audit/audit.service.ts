/**
 * Reading the audit log, and purging it by age.
 *
 * Who reads what (Harbor's rules): system admins the whole log; other signed-in users the rows
 * of the projects where they are project admin; a project's own log needs log:list there.
 * Rows outside any project (sign-ins, users, settings) are for system admins only.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { isoNow } from '../../lib/time.js';
import type { CoreContext } from '../context.js';
import { buildListQuery, type Page, type Paging } from '../lists/list-query.js';
import { projectFor } from '../projects/project-access.js';
import { requireUser, type Actor } from '../security/actor.js';
import { AUDIT_LIST, deleteAuditRowsBefore, listAuditRows, type AuditRecord, type AuditScope } from './audit.repository.js';

type Db = Kysely<Database>;

/** The name audit rows carry for what Berth does by itself. `$` cannot appear in a username. */
export const SYSTEM_OPERATOR = 'system$';


/** The whole log for system admins; the projects they administer for others. */
export async function listAuditAs(db: Db, actor: Actor, paging: Paging): Promise<Page<AuditRecord>> {
  const user = requireUser(actor);
  const scope: AuditScope = user.sysadmin ? { kind: 'all' } : { kind: 'administered-by', userId: user.id, groupIds: user.groupIds ?? [] };
  return listAuditRows(db, scope, buildListQuery(AUDIT_LIST, paging));
}

/** One project's log; needs log:list there (project admins, system admins). */
export async function listProjectAuditAs(db: Db, actor: Actor, projectName: string, paging: Paging): Promise<Page<AuditRecord>> {
  const { project } = await projectFor(db, actor, { name: projectName }, 'log', 'list');
  return listAuditRows(db, { kind: 'project', projectId: project.id }, buildListQuery(AUDIT_LIST, paging));
}

const DAY_MS = 86_400_000;

/**
 * Deletes the rows older than the audit_log_retention_days setting (0 keeps everything), and
 * records the purge itself in the same transaction. Returns how many rows went.
 */
export async function purgeAuditLogs(ctx: Pick<CoreContext, 'db' | 'settings' | 'audit'>, now: () => number = Date.now): Promise<number> {
  const days = await ctx.settings.get('audit_log_retention_days');
  if (days <= 0) return 0;
  const cutoff = new Date(now() - days * DAY_MS).toISOString();
  return inTransaction(ctx.db, async (trx) => {
    const purged = await deleteAuditRowsBefore(trx, cutoff);
    if (purged > 0) {
      await ctx.audit.write(trx, {
        operation: 'purge',
        resourceType: 'audit_log',
        resource: 'audit_log',
        description: `purge audit log: ${purged} entries older than ${days} days (before ${cutoff})`,
        username: SYSTEM_OPERATOR,
        at: isoNow(now),
      });
    }
    return purged;
  });
}
