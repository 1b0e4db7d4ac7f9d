/** /configurations, /email/ping and /ldap/*: thin handlers over core/settings and the auth clients. */
// The LDAP client library is loaded with the first LDAP request, not with the server (directory.ts).
const ldap = () => import('../auth/ldap.js');
import { pingMailServer } from '../auth/mail.js';
import type { CoreContext } from '../core/context.js';
import { requireSysadmin } from '../core/security/actor.js';
import { readConfigurations, updateConfigurations } from '../core/settings/configurations.service.js';
import { emailSettingsUnderTest, ldapSettingsUnderTest } from '../core/settings/settings-under-test.js';
import { importDirectoryUsersAs } from '../core/users/directory-import.service.js';
import { invalid } from '../lib/errors.js';
import { actorOf } from './authentication.js';
import type { configurationOperations } from './contracts/configurations.js';
import type { HandlersOf } from './route.js';

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
      const result = await pingMailServer(emailSettingsUnderTest(await ctx.settings.all(), body));
      if (!result.success) throw invalid(result.message);
      res.status(200).end();
    },
    pingLdap: async ({ body }, req, res) => {
      requireSysadmin(actorOf(req, res));
      res.json(await (await ldap()).ldapPing(ldapSettingsUnderTest(await ctx.settings.all(), body)));
    },
    searchLdapUser: async ({ query }, req, res) => {
      requireSysadmin(actorOf(req, res));
      const users = await (await ldap()).ldapSearchUsers(await ctx.settings.all(), query.username?.trim() || null);
      res.json(users.map((u) => ({ username: u.username, realname: u.realname, email: u.email ?? '' })));
    },
    importLdapUser: async ({ body }, req, res) => {
      const settings = await ctx.settings.all();
      const { ldapFindUser } = await ldap();
      const failed = await importDirectoryUsersAs(ctx, actorOf(req, res), body.ldap_uid_list, (uid) => ldapFindUser(settings, uid));
      if (failed.length) res.status(404).json(failed);
      else res.status(200).end();
    },
  };
}
