/**
 * First start: the admin account (from harbor_admin_password, which, as in Harbor, applies only
 * then) and the public project `library`. A flag in system_config records that it ran, so a
 * deleted `library` is not re-created and a changed admin password is not reset.
 */
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../db/db-errors.js';
import type { Database } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { isAppError } from '../../lib/errors.js';
import { isoNow } from '../../lib/time.js';
import { createProject } from '../projects/project.service.js';
import { insertSettingRow, readSettingRow } from '../settings/settings.repository.js';
import { createLocalUser } from '../users/user.service.js';

const DONE_KEY = 'berth.bootstrapped_at';

export interface BootstrapResult {
  /** True when this call created the admin and `library`. */
  created: boolean;
}

async function isDone(db: Kysely<Database>): Promise<boolean> {
  return (await readSettingRow(db, DONE_KEY)) !== undefined;
}

export async function bootstrap(db: Kysely<Database>, adminPassword: string): Promise<BootstrapResult> {
  if (await isDone(db)) return { created: false };
  try {
    await inTransaction(db, async (trx) => {
      // Harbor's rule for later passwords does not bind the initial one (Harbor12345 passes anyway).
      const admin = await createLocalUser(trx, {
        username: 'admin',
        email: 'admin@example.com',
        realname: 'system admin',
        comment: 'admin user',
        password: adminPassword,
        sysadmin: true,
        skipPolicy: true,
      });
      await createProject(trx, { name: 'library', ownerId: admin.id, public: true });
      const now = isoNow();
      await insertSettingRow(trx, DONE_KEY, JSON.stringify(now), now);
    });
    return { created: true };
  } catch (err) {
    // Another instance sharing the database bootstrapped at the same moment.
    const conflict = isUniqueViolation(err) || (isAppError(err) && err.kind === 'CONFLICT');
    if (conflict && (await isDone(db))) return { created: false };
    throw err;
  }
}
