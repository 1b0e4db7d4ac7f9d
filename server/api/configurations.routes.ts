/** /configurations, /email/ping and /ldap/*: thin handlers over core/settings and the auth clients. */
import { ldapFindUser, ldapPing, ldapSearchUsers } from '../auth/ldap.js';
import { pingMailServer } from '../auth/mail.js';
import { writeAudit } from '../core/audit/audit.repository.js';
import type { CoreContext } from '../core/context.js';
import { auditedBy, requireSysadmin } from '../core/security/actor.js';
import { readConfigurations, updateConfigurations } from '../core/settings/configurations.service.js';
import { adoptDirectoryUser } from '../core/users/directory-user.service.js';
import { invalid } from '../lib/errors.js';
import { actorOf } from './authentication.js';
import type { configurationOperations } from './contracts/configurations.js';
import type { HandlersOf } from './route.js';

/** Unsaved form values over the stored settings; a left-out password means the stored one. */
const withOverrides = <T extends object>(stored: T, overrides: Partial<T> | undefined): T => ({
  ...stored,
  ...Object.fromEntries(Object.entries(overrides ?? {}).filter(([, v]) => v !== undefined)),
});

export function configurationHandlers(ctx: CoreContext): HandlersOf<typeof configurationOperations> {
  return {
    getConfigurations: async (_input, req, res) => {
      res.json(await readConfigurations(ctx, actorOf(req, res)));
    },
    updateConfigurations: async ({ body }, req, res) => {
      await updateConfigurations(ctx, actorOf(req, res), body);
      res.status(200).end();
    },
    pingEmail: async ({ body }, req, res) => {
      requireSysadmin(actorOf(req, res));
      const result = await pingMailServer(withOverrides(await ctx.settings.all(), body));
      if (!result.success) throw invalid(result.message);
      res.status(200).end();
    },
    pingLdap: async ({ body }, req, res) => {
      requireSysadmin(actorOf(req, res));
      res.json(await ldapPing(withOverrides(await ctx.settings.all(), body)));
    },
    searchLdapUser: async ({ query }, req, res) => {
      requireSysadmin(actorOf(req, res));
      const users = await ldapSearchUsers(await ctx.settings.all(), query.username?.trim() || null);
      res.json(users.map((u) => ({ username: u.username, realname: u.realname, email: u.email ?? '' })));
    },
    importLdapUser: async ({ body }, req, res) => {
      const actor = actorOf(req, res);
      requireSysadmin(actor);
      const settings = await ctx.settings.all();
      const failed: { uid: string; error: string }[] = [];
      for (const uid of new Set(body.ldap_uid_list)) {
        const entry = await ldapFindUser(settings, uid);
        if (!entry) {
          failed.push({ uid, error: 'No single directory entry has this uid under the base DN and filter.' });
          continue;
        }
        const adopted = await adoptDirectoryUser(ctx.db, entry);
        if (!adopted) failed.push({ uid, error: 'A local account already holds this name.' });
        else if (adopted.created) {
          await writeAudit(ctx.db, {
            operation: 'create',
            resourceType: 'user',
            resource: entry.username,
            description: `create user ${entry.username} imported from the LDAP directory`,
            ...auditedBy(actor),
          });
        }
      }
      if (failed.length) res.status(404).json(failed);
      else res.status(200).end();
    },
  };
}
