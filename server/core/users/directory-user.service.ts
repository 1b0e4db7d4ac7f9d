/**
 * Local records of directory (LDAP) users: made at their first sign-in or on import, with e-mail
 * and name from the directory, and kept in step afterwards. They hold no password; the
 * directory checks it each time.
 */
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../db/db-errors.js';
import type { Database } from '../../db/schema.js';
import { isoNow } from '../../lib/time.js';
import { findUserByEmail, findUserByUsername, insertUser, updateDirectoryFields, type User } from './user.repository.js';

export interface DirectoryEntry {
  dn: string;
  username: string;
  email: string | null;
  realname: string;
}

export interface Adopted {
  user: User;
  /** True when this call made the local record. */
  created: boolean;
}

/**
 * The local user for a directory entry, made when missing. Null when a local (database) account
 * already holds the name: a directory entry never takes over a local account.
 */
export async function adoptDirectoryUser(db: Kysely<Database>, entry: DirectoryEntry): Promise<Adopted | null> {
  const existing = await findUserByUsername(db, entry.username);
  if (existing) {
    if (existing.authSource !== 'ldap') return null;
    if (existing.email !== entry.email || existing.realname !== entry.realname || existing.ldapDn !== entry.dn) {
      const email = entry.email && (await emailIsFree(db, entry.email, existing.id)) ? entry.email : existing.email;
      await updateDirectoryFields(db, existing.id, { email, realname: entry.realname, ldap_dn: entry.dn }, isoNow());
      return { user: (await findUserByUsername(db, entry.username))!, created: false };
    }
    return { user: existing, created: false };
  }
  const now = isoNow();
  try {
    const user = await insertUser(db, {
      username: entry.username,
      // An address another account already uses is left out rather than blocking the sign-in.
      email: entry.email && (await emailIsFree(db, entry.email)) ? entry.email : null,
      realname: entry.realname.slice(0, 255),
      password_hash: null,
      auth_source: 'ldap',
      ldap_dn: entry.dn,
      creation_time: now,
      update_time: now,
    });
    return { user, created: true };
  } catch (err) {
    // Two first sign-ins at once: the other one made the record.
    const raced = isUniqueViolation(err) || (err as { kind?: string }).kind === 'CONFLICT';
    const again = raced ? await findUserByUsername(db, entry.username) : undefined;
    if (again?.authSource === 'ldap') return { user: again, created: false };
    throw err;
  }
}

async function emailIsFree(db: Kysely<Database>, email: string, ownerId?: number): Promise<boolean> {
  const holder = await findUserByEmail(db, email);
  return !holder || holder.id === ownerId;
}
