/**
 * Robots signing in with Basic (`robot$<name>` and the secret) on every surface, and the check
 * that keeps a disabled, expired or deleted robot from using a token it was already given.
 *
 * The secret is a slow hash, so a secret that checked out is remembered for a minute by a digest
 * of the pair, but every use still reads the robot's row: a disabled, expired, deleted or
 * refreshed robot is refused on its next request, on every process.
 *
 * Tokens carry the robot's full name in `sub`. The registry asks `robotTokenRevoked` on each
 * Bearer request; the answer is remembered for LIVENESS_TTL_MS (sessions/credential-memory.ts) per name, and this app forgets
 * it at once when it changes the robot itself (an expiry is remembered as a time, so it counts
 * at once everywhere). So a disabled or deleted robot keeps pulling with a token it holds for at
 * most LIVENESS_TTL_MS (10 s) on another process, and not at all on this one.
 */
import { createHash } from 'node:crypto';
import type { CoreContext } from '../context.js';
import { verifyPassword } from '../../lib/password.js';
import type { Subject } from '../security/subject.js';
import { recordFailure, recordSuccess, refuseWhileLocked, throttleKeys } from '../sessions/login-throttle.js';
import { findUserByUsername } from '../users/user.repository.js';
import { isExpired, type Robot } from './robot-model.js';
import { findRobotRowById, findRobotRowByName, toRobot } from './robot.repository.js';

/** The app's memory (ctx.credentials) holds the checked secrets' digests and the robots' standing. */
type Ctx = Pick<CoreContext, 'db' | 'settings' | 'credentials'>;

const usable = (robot: Robot) => !robot.disabled && !isExpired(robot);

/** Drops what this process remembers about a robot, when it changes or goes. */
export function forgetRobot(ctx: Pick<CoreContext, 'credentials'>, fullName: string): void {
  ctx.credentials.robotStanding.delete(fullName);
  ctx.credentials.robots.deleteWhere(() => true);
}

/**
 * The robot subject for Basic credentials: undefined when the name is no robot's (a user's
 * then), null when it is one and the secret is wrong or the robot may not act.
 */
export async function robotSubjectFor(ctx: Ctx, username: string, secret: string, clientIp: string | null = null): Promise<Subject | null | undefined> {
  const prefix = await ctx.settings.get('robot_name_prefix');
  if (!username.startsWith(prefix)) return undefined;
  const digest = createHash('sha256').update(`${username}\0${secret}`).digest('base64');
  const verified = ctx.credentials.robots;
  const remembered = verified.get(digest);
  if (remembered) {
    const row = await findRobotRowById(ctx.db, remembered.robotId);
    if (row && row.secret_hash === remembered.secretHash) {
      await refuseWhileLocked(ctx.db, keysOf(row.id, clientIp), Date.now());
      return subjectOf(toRobot(row), prefix);
    }
    verified.delete(digest);
  }
  const row = await findRobotRowByName(ctx.db, username.slice(prefix.length));
  // No such robot: perhaps a user whose name begins with the prefix (which is configurable);
  // the user check hashes too, so timing does not tell which robots exist.
  if (!row) return undefined;
  // Wrong secrets count as users' wrong passwords do (sessions/login-throttle.ts): a chosen
  // secret may be as short as eight characters.
  const keys = keysOf(row.id, clientIp);
  const { accountHasFailures } = await refuseWhileLocked(ctx.db, keys, Date.now());
  if (!(await verifyPassword(secret, row.secret_hash))) {
    await recordFailure(ctx.db, keys, Date.now());
    return null;
  }
  if (accountHasFailures) await recordSuccess(ctx.db, keys);
  verified.set(digest, { robotId: row.id, secretHash: row.secret_hash });
  return subjectOf(toRobot(row), prefix);
}

const keysOf = (robotId: number, clientIp: string | null) => throttleKeys(`robot:${robotId}`, clientIp);

function subjectOf(robot: Robot, prefix: string): Subject | null {
  if (!usable(robot)) return null;
  const { id, level, projectId, permissions } = robot;
  return { kind: 'robot', robot: { id, fullName: `${prefix}${robot.name}`, level, projectId, permissions }, via: 'basic' };
}

/** Whether `username` names a robot account (which never signs in to the console). */
export async function isRobotName(ctx: Ctx, username: string): Promise<boolean> {
  const prefix = await ctx.settings.get('robot_name_prefix');
  return username.startsWith(prefix) && (await findRobotRowByName(ctx.db, username.slice(prefix.length))) !== undefined;
}

/** Whether a token's subject is a robot that is disabled, expired or gone. */
export async function robotTokenRevoked(ctx: Ctx, subject: string): Promise<boolean> {
  if (!subject) return false;
  const revoked = ctx.credentials.robotStanding;
  const known = revoked.get(subject);
  if (known !== undefined) return known.revoked || isExpired(known);
  const prefix = await ctx.settings.get('robot_name_prefix');
  let answer = { revoked: false, expiresAt: -1 };
  if (subject.startsWith(prefix)) {
    const row = await findRobotRowByName(ctx.db, subject.slice(prefix.length));
    const robot = row ? toRobot(row) : undefined;
    // A deleted robot leaves no row; a user whose name begins with the prefix is not one.
    answer = robot ? { revoked: !usable(robot), expiresAt: robot.expiresAt } : { revoked: !(await findUserByUsername(ctx.db, subject)), expiresAt: -1 };
  }
  revoked.set(subject, answer);
  return answer.revoked;
}
