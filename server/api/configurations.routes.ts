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

interface SecretBinding<T> {
  /** The secret's key, and the label the console shows it under (messages name labels, not keys). */
  secret: keyof T & string;
  label: string;
  /** The account the secret signs in as: when the typed one is empty, no secret is needed. */
  account: keyof T & string;
  /** The settings the stored secret is bound to. */
  boundTo: readonly (keyof T & string)[];
}

/**
 * Unsaved form values over the stored settings, so "Test" tries what is typed. A left-out
 * password means the stored one, but only for the saved server and account: the stored secret
 * is never sent anywhere else (a "test" against a server of the caller's choosing would
 * otherwise hand it over). Elsewhere, with no account typed, the test signs in with none.
 */
function withOverrides<T extends object>(stored: T, overrides: Partial<T> | undefined, binding: SecretBinding<T>): T {
  const given = Object.fromEntries(Object.entries(overrides ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
  const elsewhere = binding.boundTo.some((key) => key in given && given[key] !== stored[key]);
  const merged = { ...stored, ...given };
  if (given[binding.secret] === undefined && elsewhere) {
    if (!merged[binding.account]) return { ...merged, [binding.secret]: '' };
    throw invalid(
      `Type the ${binding.label.toLowerCase()} to test another server or account: the saved one is only sent to the saved server and account.`,
      binding.secret,
    );
  }
  return merged;
}
const EMAIL_BINDING = ['email_host', 'email_port', 'email_username', 'email_ssl', 'email_starttls'] as const;
const LDAP_BINDING = ['ldap_url', 'ldap_search_dn', 'ldap_starttls'] as const;

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
      const result = await pingMailServer(withOverrides(await ctx.settings.all(), body, { secret: 'email_password', label: 'Password', account: 'email_username', boundTo: EMAIL_BINDING }));
      if (!result.success) throw invalid(result.message);
      res.status(200).end();
    },
    pingLdap: async ({ body }, req, res) => {
      requireSysadmin(actorOf(req, res));
      res.json(await ldapPing(withOverrides(await ctx.settings.all(), body, { secret: 'ldap_search_password', label: 'Search password', account: 'ldap_search_dn', boundTo: LDAP_BINDING })));
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
