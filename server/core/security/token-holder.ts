/**
 * Who holds a registry token, for what they may do beyond what the token itself grants (a mount
 * from a repository the token does not name, the catalog): the user the token names, read now,
 * so a change since the token was issued counts.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { findUserByUsername } from '../users/user.repository.js';
import { ANONYMOUS, type Subject } from './subject.js';

/**
 * The subject for a token's `sub`: anonymous for an empty one; undefined when no user has the
 * name (a robot's token, or a user deleted since).
 */
export async function tokenHolder(db: Kysely<Database>, name: string): Promise<Subject | undefined> {
  if (!name) return ANONYMOUS;
  const user = await findUserByUsername(db, name);
  return user ? { kind: 'user', user, via: 'token' } : undefined;
}
