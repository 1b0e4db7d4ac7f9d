/**
 * Password reset by e-mailed link. Harbor 1.x had it with tokens that never expired and an
 * answer that told whether an address had an account; Berth's tokens are 32 random bytes of
 * which only a hash is stored, valid 30 minutes, usable once, void after a newer request or a
 * password change, and the request answers the same whatever the address.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { invalid } from '../../lib/errors.js';
import { passwordProblem } from '../../api/contracts/rules/users.js';
import { hashPassword } from '../../lib/password.js';
import type { CoreContext } from '../context.js';
import { deleteSessionsOfUser } from '../sessions/session.repository.js';
import { findResetToken, replaceResetToken, useResetToken } from './password-reset.repository.js';
import { findUserById, setPasswordHash, type User } from './user.repository.js';

type Db = Kysely<Database>;

export const RESET_TOKEN_TTL_MS = 30 * 60_000;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new token for the user (earlier ones stop working). Only its hash is stored. */
export async function issueResetToken(db: Db, user: User, now: () => number = Date.now): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const at = now();
  await replaceResetToken(db, user.id, hashOf(token), new Date(at).toISOString(), new Date(at + RESET_TOKEN_TTL_MS).toISOString());
  return token;
}

const NOT_VALID = 'This password reset link is not valid: it was used, expired, or replaced by a newer one. Ask for a new link.';

/** The user a live token resets, or the NOT_VALID refusal (used, expired, replaced, or its user changed). */
async function liveTokenUser(db: Db, tokenHash: string, at: string): Promise<User> {
  const row = await findResetToken(db, tokenHash);
  if (!row || row.usedAt || row.expiresAt <= at) throw invalid(NOT_VALID, 'token');
  const user = await findUserById(db, row.userId);
  if (!user || user.authSource !== 'db') throw invalid(NOT_VALID, 'token');
  if (user.passwordChangedAt && user.passwordChangedAt > row.createdAt) throw invalid(NOT_VALID, 'token');
  return user;
}

/** Whether the link still works, asked when it is opened: a dead link says so before anything is typed. */
export async function checkResetToken(db: Db, token: string, now: () => number = Date.now): Promise<void> {
  await liveTokenUser(db, hashOf(token), new Date(now()).toISOString());
}

/** Sets the password the link's owner chose, ends all of their sessions, and audits it. */
export async function resetPasswordWithToken(
  ctx: Pick<CoreContext, 'db' | 'audit'>,
  token: string,
  password: string,
  clientIp: string | null,
  now: () => number = Date.now,
): Promise<User> {
  const problem = passwordProblem(password);
  if (problem) throw invalid(problem, 'password');
  const passwordHash = await hashPassword(password);
  const tokenHash = hashOf(token);
  return inTransaction(ctx.db, async (trx) => {
    const at = new Date(now()).toISOString();
    const user = await liveTokenUser(trx, tokenHash, at);
    if (!(await useResetToken(trx, tokenHash, at))) throw invalid(NOT_VALID, 'token');
    await setPasswordHash(trx, user.id, passwordHash, at);
    await deleteSessionsOfUser(trx, user.id);
    await ctx.audit.write(trx, {
      operation: 'update',
      resourceType: 'user',
      resource: user.username,
      description: `reset password of user ${user.username} with an e-mailed link; all sessions ended`,
      username: user.username,
      clientIp,
      at,
    });
    return user;
  });
}
