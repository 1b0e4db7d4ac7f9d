/**
 * LDAP groups (Harbor's ldap_group_* settings): searching groups under ldap_group_base_dn by name
 * (ldap_group_attribute_name) or by DN, with ldap_group_search_filter and _scope. A user's groups
 * come from their entry's membership attribute (memberof), read at sign-in (ldap.ts).
 */
import { escapeFilter, type Client } from 'ldapts';
import type { Settings } from '../core/settings/definitions.js';
import { AppError } from '../lib/errors.js';
import { attributeOf, connectAsService, SCOPES, texts, unreachable, type LdapSettings } from './ldap.js';

export type LdapGroupSettings = LdapSettings &
  Pick<Settings, 'ldap_group_base_dn' | 'ldap_group_search_filter' | 'ldap_group_attribute_name' | 'ldap_group_search_scope'>;

export interface DirectoryGroup {
  dn: string;
  name: string;
}

const nameAttribute = (settings: LdapGroupSettings) => settings.ldap_group_attribute_name.trim() || 'cn';

/** The group filter (objectClass=groupOfNames by default), and the name match when one is given. */
function groupFilter(settings: LdapGroupSettings, name: string | null): string {
  const base = settings.ldap_group_search_filter.trim() || '(objectClass=groupOfNames)';
  const wrapped = base.startsWith('(') ? base : `(${base})`;
  if (name === null) return wrapped;
  const value = name.split('*').map((part) => escapeFilter`${part}`).join('*');
  return `(&${wrapped}(${nameAttribute(settings)}=${value}))`;
}

async function searchGroups(client: Client, settings: LdapGroupSettings, base: string, scope: 0 | 1 | 2, name: string | null): Promise<DirectoryGroup[]> {
  const attribute = nameAttribute(settings);
  const { searchEntries } = await client.search(base, { scope: SCOPES[scope], filter: groupFilter(settings, name), attributes: [attribute], sizeLimit: 100 });
  return searchEntries.map((entry) => ({ dn: entry.dn, name: texts(attributeOf(entry, attribute))[0] ?? '' }));
}

/**
 * Directory groups by name (`*` wildcards allowed) under the group base DN, or the one group at
 * `dn`. A DN outside the group base DN is not a group Berth may use.
 */
export async function ldapSearchGroups(settings: LdapGroupSettings, query: { name?: string; dn?: string }): Promise<DirectoryGroup[]> {
  const groupBase = settings.ldap_group_base_dn.trim() || settings.ldap_base_dn;
  if (!groupBase) throw new AppError('PRECONDITION', 'LDAP groups are not configured: set ldap_group_base_dn.', { field: 'ldap_group_base_dn' });
  const client = await connectAsService(settings);
  try {
    if (query.dn) {
      if (!query.dn.toLowerCase().replace(/\s+/g, '').endsWith(groupBase.toLowerCase().replace(/\s+/g, ''))) return [];
      return await searchGroups(client, settings, query.dn, 0, null).catch((err: unknown) => {
        // An entry that does not exist is no group, not a fault (LDAP noSuchObject, 32).
        if ((err as { code?: number }).code === 32) return [];
        throw err;
      });
    }
    return await searchGroups(client, settings, groupBase, settings.ldap_group_search_scope, query.name?.trim() || '*');
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw unreachable(settings, err);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/** The directory group at `dn`, or null; for importing a group by DN. */
export async function ldapFindGroup(settings: LdapGroupSettings, dn: string): Promise<DirectoryGroup | null> {
  const found = await ldapSearchGroups(settings, { dn });
  return found[0] ?? null;
}
