/** Data access for password reset tokens (hashes only). */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

export interface ResetTokenRow {
  userId: number;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

/** Stores a new token and voids the user's earlier unused ones: only the newest link works. */
export async function replaceResetToken(db: Db, userId: number, tokenHash: string, createdAt: string, expiresAt: string): Promise<void> {
  await voidResetTokens(db, userId);
  await db.insertInto('password_reset_tokens').values({ token_hash: tokenHash, user_id: userId, created_at: createdAt, expires_at: expiresAt, used_at: null }).execute();
}

export async function findResetToken(db: Db, tokenHash: string): Promise<ResetTokenRow | undefined> {
  const row = await db.selectFrom('password_reset_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return row && { userId: row.user_id, createdAt: row.created_at, expiresAt: row.expires_at, usedAt: row.used_at };
}

/** Marks the token used; false when another request used it first. */
export async function useResetToken(db: Db, tokenHash: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('password_reset_tokens')
    .set({ used_at: at })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Voids the user's unused links (their e-mail address changed: a link mailed to the old one must not work). */
export async function voidResetTokens(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('password_reset_tokens').where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

/** Removes tokens that expired before `before`. */
export async function deleteExpiredResetTokens(db: Db, before: string): Promise<number> {
  const result = await db.deleteFrom('password_reset_tokens').where('expires_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
