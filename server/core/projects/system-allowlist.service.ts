/**
 * The system CVE allowlist (Harbor's SystemCVEAllowlist): read by every signed-in caller,
 * replaced whole by system admins; projects with reuse_sys_cve_allowlist=true use it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { invalid } from '../../lib/errors.js';
import { isoNow } from '../../lib/time.js';
import type { CoreContext } from '../context.js';
import { auditedBy, requireSysadmin, requireUser, type Actor } from '../security/actor.js';
import { findSystemAllowlist, saveSystemAllowlist, type AllowlistInput, type CveAllowlist } from './allowlist.repository.js';
import { allowlistProblem } from './project.service.js';

type Db = Kysely<Database>;

export async function getSystemAllowlistAs(db: Db, actor: Actor): Promise<CveAllowlist> {
  requireUser(actor);
  return findSystemAllowlist(db);
}

export async function putSystemAllowlistAs(ctx: Pick<CoreContext, 'db' | 'audit'>, actor: Actor, input: AllowlistInput): Promise<void> {
  requireSysadmin(actor);
  const problem = allowlistProblem(input.cveIds);
  if (problem) throw invalid(problem.replace('cve_allowlist.items', 'items'), 'items');
  await inTransaction(ctx.db, async (trx) => {
    const at = isoNow();
    await saveSystemAllowlist(trx, input, at);
    await ctx.audit.write(trx, { operation: 'update', resourceType: 'configuration', resource: 'system CVE allowlist', at, ...auditedBy(actor) });
  });
}
