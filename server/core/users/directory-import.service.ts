/**
 * Importing directory (LDAP) users before their first sign-in, so they can join projects: each
 * uid found in the directory gets its local record (directory-user.service.ts), and each record
 * made is audited. The directory lookup is passed in: core does not talk to LDAP itself.
 */
import type { CoreContext } from '../context.js';
import { auditedBy, requireSysadmin, type Actor } from '../security/actor.js';
import { adoptDirectoryUser, type DirectoryEntry } from './directory-user.service.js';

export interface ImportFailure {
  uid: string;
  error: string;
}

/** Imports the uids (each once); answers the ones that could not be, with why. System admins only. */
export async function importDirectoryUsersAs(
  ctx: Pick<CoreContext, 'db' | 'audit'>,
  actor: Actor,
  uids: readonly string[],
  findInDirectory: (uid: string) => Promise<DirectoryEntry | null>,
): Promise<ImportFailure[]> {
  requireSysadmin(actor);
  const failed: ImportFailure[] = [];
  for (const uid of new Set(uids)) {
    const entry = await findInDirectory(uid);
    if (!entry) {
      failed.push({ uid, error: 'No single directory entry has this uid under the base DN and filter.' });
      continue;
    }
    const adopted = await adoptDirectoryUser(ctx.db, entry);
    if (!adopted) failed.push({ uid, error: 'A local account already holds this name.' });
    else if (adopted.created) {
      await ctx.audit.write(ctx.db, {
        operation: 'create',
        resourceType: 'user',
        resource: entry.username,
        description: `create user ${entry.username} imported from the LDAP directory`,
        ...auditedBy(actor),
      });
    }
  }
  return failed;
}
