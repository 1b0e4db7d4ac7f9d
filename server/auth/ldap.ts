/**
 * Directory sign-in (auth_mode ldap_auth): search for the user with the search DN under the base
 * DN (filter, uid attribute, scope), then bind as the entry found with the given password. The
 * directory is never trusted with an empty password (an LDAP "unauthenticated bind" succeeds).
 * ldaps:// and StartTLS are supported, with certificate verification on unless switched off.
 */
import { Client, escapeFilter, InvalidCredentialsError, ResultCodeError, type Entry } from 'ldapts';
import type { Settings } from '../core/settings/definitions.js';
import { AppError } from '../lib/errors.js';

export type LdapSettings = Pick<
  Settings,
  | 'ldap_url'
  | 'ldap_search_dn'
  | 'ldap_search_password'
  | 'ldap_base_dn'
  | 'ldap_filter'
  | 'ldap_uid'
  | 'ldap_scope'
  | 'ldap_timeout'
  | 'ldap_verify_cert'
  | 'ldap_starttls'
> &
  Partial<Pick<Settings, 'ldap_group_membership_attribute'>>;

export interface DirectoryUser {
  dn: string;
  username: string;
  email: string | null;
  realname: string;
  /** The DNs of the groups the entry's membership attribute (memberof) names. */
  groupDns: string[];
}

/** Harbor 2's ldap_scope numbers (as its API and Terraform provider send them). */
export const SCOPES = { 0: 'base', 1: 'one', 2: 'sub' } as const;
const ATTRIBUTES = ['mail', 'cn', 'displayName', 'givenName', 'sn'];

/**
 * Why a call to the directory failed. A server that answered with an LDAP result code is
 * reachable and refuses what the settings ask (a filter it cannot parse, an anonymous bind it
 * does not allow): the administrator should look at the settings, not at the network.
 */
export function unreachable(settings: Pick<LdapSettings, 'ldap_url'>, err: unknown): AppError {
  const reason = err instanceof Error ? err.message : String(err);
  if (err instanceof ResultCodeError) {
    return new AppError('PRECONDITION', `The LDAP server at ${settings.ldap_url} refused the request (${reason}); check the LDAP settings.`, { cause: err });
  }
  return new AppError('UNAVAILABLE', `The LDAP server at ${settings.ldap_url} cannot be reached: ${reason}`, { cause: err });
}

/** A connected client, TLS upgraded when asked, bound as the search DN when one is set. */
async function connect(settings: LdapSettings, bindAs?: { dn: string; password: string }): Promise<Client> {
  if (!/^ldaps?:\/\//i.test(settings.ldap_url)) {
    throw new AppError('PRECONDITION', 'LDAP is not configured: ldap_url must start with ldap:// or ldaps://.', { field: 'ldap_url' });
  }
  const timeout = settings.ldap_timeout * 1000;
  const tlsOptions = { rejectUnauthorized: settings.ldap_verify_cert };
  // ldapts speaks TLS from the first byte whenever tlsOptions is given, so only pass it for ldaps://.
  const implicitTls = settings.ldap_url.toLowerCase().startsWith('ldaps://');
  const client = new Client({
    url: settings.ldap_url,
    timeout,
    connectTimeout: timeout,
    strictDN: false,
    ...(implicitTls ? { tlsOptions } : {}),
  });
  try {
    if (settings.ldap_starttls && !implicitTls) await client.startTLS(tlsOptions);
    const identity = bindAs ?? (settings.ldap_search_dn ? { dn: settings.ldap_search_dn, password: settings.ldap_search_password } : null);
    if (identity) await client.bind(identity.dn, identity.password);
    return client;
  } catch (err) {
    await client.unbind().catch(() => undefined);
    if (err instanceof InvalidCredentialsError) throw err;
    throw unreachable(settings, err);
  }
}

/** A client bound as the search DN. A refused bind is the settings' fault, never the signing-in user's password. */
export function connectAsService(settings: LdapSettings): Promise<Client> {
  return connect(settings).catch((err: unknown) => {
    if (err instanceof InvalidCredentialsError) throw new AppError('PRECONDITION', 'The LDAP search DN or its password is wrong.', { cause: err });
    throw err;
  });
}

/** `(objectClass=person)` or `objectClass=person`, combined with the uid match. */
function userFilter(settings: LdapSettings, username: string | null, wildcards = false): string {
  const base = settings.ldap_filter.trim();
  const extra = base ? (base.startsWith('(') ? base : `(${base})`) : '';
  // Only the user's input is escaped (RFC 4515); the attribute name is the administrator's.
  // A search may keep `*` as a wildcard; a sign-in never does.
  const escaped = (text: string) => escapeFilter`${text}`;
  const value = username === null ? '*' : wildcards ? username.split('*').map(escaped).join('*') : escaped(username);
  const match = `(${settings.ldap_uid}=${value})`;
  return extra ? `(&${extra}${match})` : match;
}

export const text = (value: Entry[string] | undefined): string | null => {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return null;
  return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
};

/** Every value of an attribute, as text. */
export const texts = (value: Entry[string] | undefined): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)).trim());

const membershipAttribute = (settings: LdapSettings) => settings.ldap_group_membership_attribute || 'memberof';

/** An attribute by name in any case: the server answers memberOf to a request for memberof. */
export const attributeOf = (entry: Entry, name: string): Entry[string] | undefined => {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : entry[key];
};

function toUser(settings: LdapSettings, entry: Entry): DirectoryUser {
  return {
    dn: entry.dn,
    username: text(entry[settings.ldap_uid]) ?? '',
    email: text(entry.mail)?.toLowerCase() ?? null,
    realname: text(entry.displayName) ?? text(entry.cn) ?? '',
    groupDns: texts(attributeOf(entry, membershipAttribute(settings))),
  };
}

async function search(
  client: Client,
  settings: LdapSettings,
  query: { username: string | null; wildcards: boolean },
  limit: number,
): Promise<DirectoryUser[]> {
  const { searchEntries } = await client.search(settings.ldap_base_dn, {
    scope: SCOPES[settings.ldap_scope],
    filter: userFilter(settings, query.username, query.wildcards),
    attributes: [...ATTRIBUTES, settings.ldap_uid, membershipAttribute(settings)],
    sizeLimit: limit,
  });
  return searchEntries.map((entry) => toUser(settings, entry)).filter((u) => u.username);
}

/**
 * The directory user whose uid is `username` and whose password is `password`, or null when
 * there is no such user or the password is wrong. Throws UNAVAILABLE when the directory cannot be
 * reached or does not answer within ldap_timeout.
 */
export async function ldapAuthenticate(settings: LdapSettings, username: string, password: string): Promise<DirectoryUser | null> {
  if (!username || !password) return null;
  let found: DirectoryUser[];
  const searcher = await connectAsService(settings);
  try {
    found = await search(searcher, settings, { username, wildcards: false }, 2);
  } catch (err) {
    throw unreachable(settings, err);
  } finally {
    await searcher.unbind().catch(() => undefined);
  }
  // Ambiguous matches are refused rather than guessed.
  if (found.length !== 1) return null;
  const user = found[0]!;
  try {
    const bound = await connect(settings, { dn: user.dn, password });
    await bound.unbind().catch(() => undefined);
    return user;
  } catch (err) {
    if (err instanceof InvalidCredentialsError) return null;
    throw err;
  }
}

/** Directory users whose uid matches (`*` wildcards allowed), for the console's import search. */
export function ldapSearchUsers(settings: LdapSettings, username: string | null, limit = 100): Promise<DirectoryUser[]> {
  return searchAsService(settings, { username, wildcards: true }, limit);
}

/** The one directory user whose uid is exactly `uid` (import), or null. */
export async function ldapFindUser(settings: LdapSettings, uid: string): Promise<DirectoryUser | null> {
  const found = await searchAsService(settings, { username: uid, wildcards: false }, 2);
  return found.length === 1 ? found[0]! : null;
}

async function searchAsService(
  settings: LdapSettings,
  query: { username: string | null; wildcards: boolean },
  limit: number,
): Promise<DirectoryUser[]> {
  const client = await connectAsService(settings);
  try {
    return await search(client, settings, query, limit);
  } catch (err) {
    throw unreachable(settings, err);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/** "Test LDAP server": connects and binds as the search DN, then runs one search. */
export async function ldapPing(settings: LdapSettings): Promise<{ success: boolean; message: string }> {
  try {
    const users = await ldapSearchUsers(settings, null, 1);
    return { success: true, message: `Connected to ${settings.ldap_url}; the search found ${users.length ? 'users' : 'no users'} under ${settings.ldap_base_dn}.` };
  } catch (err) {
    return { success: false, message: err instanceof Error ? err.message : String(err) };
  }
}
