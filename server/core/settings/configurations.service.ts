/**
 * The runtime settings as administrators see and change them (GET/PUT /configurations): every
 * change is validated as a whole, audited with the names of what changed (never the values),
 * and the authentication mode is locked once users other than admin exist, as in Harbor.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { invalid } from '../../lib/errors.js';
import type { CoreContext } from '../context.js';
import { auditedBy, requireSysadmin, type Actor } from '../security/actor.js';
import { countUsers } from '../users/user.repository.js';
import { SECRET_SETTINGS, isSettingKey, type SettingKey } from './definitions.js';

type Deps = Pick<CoreContext, 'db' | 'settings' | 'audit'>;

export interface ConfigItem {
  value: unknown;
  editable: boolean;
}

/** Whether only the built-in admin exists: the authentication mode may change only then. */
async function authModeIsFree(db: Kysely<Database>): Promise<boolean> {
  return (await countUsers(db)) <= 1;
}

export async function readConfigurations(deps: Deps, actor: Actor): Promise<Record<string, ConfigItem>> {
  requireSysadmin(actor);
  const settings = await deps.settings.all();
  const authModeEditable = await authModeIsFree(deps.db);
  const out: Record<string, ConfigItem> = {};
  for (const [key, value] of Object.entries(settings) as [SettingKey, unknown][]) {
    if (SECRET_SETTINGS.has(key)) continue;
    out[key] = { value, editable: key === 'auth_mode' ? authModeEditable : true };
  }
  return out;
}

export async function updateConfigurations(deps: Deps, actor: Actor, changes: Record<string, unknown>): Promise<SettingKey[]> {
  requireSysadmin(actor);
  const current = await deps.settings.all();
  // Keys whose value is what is stored already are not changes (the console sends whole forms).
  const effective = Object.fromEntries(
    Object.entries(changes).filter(([key, value]) => !isSettingKey(key) || SECRET_SETTINGS.has(key) || current[key] !== value),
  );
  // Harbor's rule (controller/config verifySkipAuditLogCfg): skipping the database needs a forwarder.
  const merged = { ...current, ...changes };
  if (('skip_audit_log_database' in changes || 'audit_log_forward_endpoint' in changes) && merged.skip_audit_log_database === true && !merged.audit_log_forward_endpoint) {
    throw invalid('audit log forward endpoint should be configured before enable skip audit log in database', 'skip_audit_log_database');
  }
  if ('auth_mode' in effective && !(await authModeIsFree(deps.db))) {
    throw invalid(
      'The authentication mode cannot change once users other than admin exist: their accounts belong to the current mode.',
      'auth_mode',
    );
  }
  return deps.settings.update(effective, async (trx, changed) => {
    if (changed.length) {
      await deps.audit.write(trx, {
        operation: 'update',
        resourceType: 'configuration',
        resource: 'configurations',
        description: `update configuration: ${changed.join(', ')}`,
        ...auditedBy(actor),
      });
    }
  });
}
