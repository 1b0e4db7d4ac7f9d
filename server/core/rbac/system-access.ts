/**
 * Harbor's RequireSystemAccess: a system-level action (replication rules, executions...) is
 * allowed when the permission table lists it and the caller holds the system permissions, which
 * only system admins do. Anonymous callers are UNAUTHORIZED, other users DENIED.
 */
import { denied } from '../../lib/errors.js';
import { requireUser, type Actor } from '../security/actor.js';
import type { User } from '../users/user.repository.js';
import { canAdminister } from './access.js';
import { SYSTEM_PERMISSIONS } from './permissions.js';

export function requireSystemAccess(actor: Actor, resource: string, action: string): User {
  const user = requireUser(actor);
  const listed = SYSTEM_PERMISSIONS.some((p) => p.resource === resource && p.action === action);
  // An action missing from the table is a programmer's slip, not the caller's: fail loudly.
  if (!listed) throw new Error(`system permission ${resource}:${action} is not in the permission table`);
  if (!canAdminister(actor.subject)) throw denied(`Only system admins may ${action} ${resource.replace(/-/g, ' ')}s.`);
  return user;
}
