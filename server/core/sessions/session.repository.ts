/** Data access for console login sessions. */
import type { Kysely } from 'kysely';
import type { Insertable } from 'kysely';
import type { Database, SessionRow, SessionsTable } from '../../db/schema.js';
import { toUser, type User } from '../users/user.repository.js';

type Db = Kysely<Database>;

/** Ends every session of a user (password changed or reset, user removed). Returns how many. */
export async function deleteSessionsOfUser(db: Db, userId: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertSession(db: Db, row: Insertable<SessionsTable>): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/** The session with this id and its user, in one query (it runs on every console request). */
export async function findSessionWithUser(db: Db, sessionId: string): Promise<{ session: SessionRow; user: User } | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.user_id', 's.user_id')
    .selectAll('u')
    .select(['s.session_id', 's.csrf_token', 's.creation_time as session_created', 's.last_seen', 's.expires_at', 's.group_ids', 's.admin_in_auth'])
    .where('s.session_id', '=', sessionId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { session_id, csrf_token, session_created, last_seen, expires_at, group_ids, admin_in_auth, ...user } = row;
  return {
    session: { session_id, user_id: user.user_id, csrf_token, creation_time: session_created, last_seen, expires_at, group_ids, admin_in_auth },
    user: toUser(user),
  };
}

export async function extendSession(db: Db, sessionId: string, lastSeen: string, expiresAt: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen: lastSeen, expires_at: expiresAt }).where('session_id', '=', sessionId).execute();
}

/** Deletes one session; returns whether it existed. */
export async function deleteSession(db: Db, sessionId: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('session_id', '=', sessionId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
