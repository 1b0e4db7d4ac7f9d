/**
 * auth_mode ldap_auth: every password sign-in (console, API Basic, docker login through the
 * token service) is checked against the directory, and the first success makes the local record.
 * In db_auth mode there is no directory check and the local password decides.
 */
import type { CoreContext } from '../core/context.js';
import type { DirectoryCheck } from '../core/sessions/login.service.js';
import { findLdapGroupsByDn } from '../core/groups/group.repository.js';
import { verifyCliSecret } from '../core/oidc/cli-secret.service.js';
import type { LdapGroupLookup } from '../core/groups/group.service.js';
import { adoptDirectoryUser } from '../core/users/directory-user.service.js';
import { AppError } from '../lib/errors.js';
import { checkedAtProvider } from './oidc-refresh.js';

/**
 * What a signing-in client is told when the directory cannot check a password, whatever the
 * fault (down, too slow, refusing the search account or the search): a 503 on every surface, in
 * words meant for the person signing in. The LDAP error stays in the cause, for the server log;
 * an administrator's "Test LDAP server" shows it too.
 */
export const DIRECTORY_FAULT =
  'The LDAP directory cannot check the password right now. Try again later; if it persists, ask an administrator to check the LDAP settings.';

export async function directoryCheckFor(ctx: Pick<CoreContext, 'db' | 'settings' | 'secretBox' | 'credentials' | 'audit'>): Promise<DirectoryCheck | undefined> {
  const settings = await ctx.settings.all();
  // With OpenID Connect, a password sign-in (Basic: docker, tools) is a CLI secret's, but admin's.
  if (settings.auth_mode === 'oidc_auth') {
    return async (principal, secret) => {
      const user = await verifyCliSecret(ctx, principal, secret);
      return user && checkedAtProvider(ctx, user);
    };
  }
  if (settings.auth_mode !== 'ldap_auth') return undefined;
  return async (principal, password) => {
    // The LDAP client library (1.6 MiB of heap) is loaded with the first LDAP sign-in, not with the server.
    const { ldapAuthenticate } = await import('./ldap.js');
    const entry = await ldapAuthenticate(settings, principal, password).catch((err: unknown) => {
      throw new AppError('UNAVAILABLE', DIRECTORY_FAULT, { cause: err });
    });
    if (!entry) return null;
    const adopted = await adoptDirectoryUser(ctx.db, entry);
    if (adopted?.created) {
      await ctx.audit.write(ctx.db, {
        operation: 'create',
        resourceType: 'user',
        resource: entry.username,
        username: entry.username,
        description: `create user ${entry.username} from the LDAP directory at first sign-in`,
      });
    }
    if (!adopted) return null;
    // Group membership is read at each sign-in, so a user taken out of a directory group loses
    // the group's rights at their next sign-in. Only groups imported into Berth count.
    const groups = await findLdapGroupsByDn(ctx.db, entry.groupDns);
    const adminDn = settings.ldap_group_admin_dn.trim().toLowerCase();
    const adminRoleInAuth = adminDn !== '' && entry.groupDns.some((dn) => dn.toLowerCase() === adminDn);
    return { ...adopted.user, groupIds: groups.map((g) => g.id), adminRoleInAuth, sysadmin: adopted.user.sysadmin || adminRoleInAuth };
  };
}

/** Checks LDAP group DNs against the directory when LDAP is the auth mode; undefined otherwise. */
export async function ldapGroupLookupFor(ctx: Pick<CoreContext, 'settings'>): Promise<LdapGroupLookup | undefined> {
  const settings = await ctx.settings.all();
  if (settings.auth_mode !== 'ldap_auth') return undefined;
  return async (dn) => (await import('./ldap-groups.js')).ldapFindGroup(settings, dn);
}
