/**
 * Who asks for a change and from where: what core services need to decide permissions and to
 * write the audit row. The API builds one per request from its subject and client address.
 */
import { denied, unauthorized } from '../../lib/errors.js';
import { SYSTEM_PERMISSIONS } from '../rbac/permissions.js';
import { robotHoldsSystem } from '../robots/robot-grants.js';
import type { User } from '../users/user.repository.js';
import { subjectName, type Subject } from './subject.js';

export interface Actor {
  subject: Subject;
  /** The client address, for the audit log and sign-in limits. */
  clientIp: string | null;
}

export const actorName = (actor: Actor) => subjectName(actor.subject);

/**
 * Who the registry's audit rows and events name: an actor reduced to its name. A /v2 Bearer
 * token carries only the name, and the registry decides from the token without reading the
 * user's row, so manifest pushes, pulls and deletes take this rather than a whole Actor.
 */
export interface Operator {
  /** A username, a robot's full name, or "anonymous". */
  name: string;
  clientIp: string | null;
}

export const operatorOf = (actor: Actor): Operator => ({ name: actorName(actor), clientIp: actor.clientIp });

/** The signed-in user, or UNAUTHORIZED for anonymous callers. */
export function requireUser(actor: Actor): User {
  if (actor.subject.kind !== 'user') throw unauthorized('You need to sign in for this.');
  return actor.subject.user;
}

/** The signed-in system admin; UNAUTHORIZED when anonymous, DENIED for other users. */
export function requireSysadmin(actor: Actor): User {
  const user = requireUser(actor);
  if (!user.sysadmin) throw denied('Only system admins may do this.');
  return user;
}

/**
 * The caller, for an action of SYSTEM_PERMISSIONS (core/rbac/permissions.ts): a system admin, or
 * a system robot given that row (core/robots/robot-grants.ts). A pair missing from the table is
 * a programming error. Answers who it is, by name (the robot's full name for a robot).
 */
export function requireSystemPermission(actor: Actor, resource: string, action: string): { username: string } {
  if (!SYSTEM_PERMISSIONS.some((p) => p.resource === resource && p.action === action)) {
    throw new Error(`no system permission ${resource}:${action} in the permission table`);
  }
  if (actor.subject.kind === 'robot') {
    if (robotHoldsSystem(actor.subject.robot, resource, action)) return { username: actor.subject.robot.fullName };
    throw denied(`This robot account may not ${action} ${resource}.`);
  }
  return requireSysadmin(actor);
}

/** The audit fields that say who did it. */
export const auditedBy = (actor: Actor) => ({ username: actorName(actor), clientIp: actor.clientIp });
