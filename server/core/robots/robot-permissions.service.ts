/**
 * GET /permissions (Harbor's getPermissions): what a robot may be given, for the console's
 * permission picker. System admins see both levels; a user who may create robots in some project
 * (a project admin, by the permission table) sees the project level; anyone else is refused.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { denied } from '../../lib/errors.js';
import { rowsOfPrincipal } from '../members/member.repository.js';
import { canAdminister, holdersOf } from '../rbac/access.js';
import { ROBOT_PROJECT_PERMISSIONS, ROBOT_SYSTEM_PERMISSIONS } from '../rbac/permissions.js';
import { requireUser, type Actor } from '../security/actor.js';
import { principalOf } from '../security/subject.js';

export interface RobotPermissionOffer {
  system?: { resource: string; action: string }[];
  project?: { resource: string; action: string }[];
}

export async function robotPermissionOfferAs(db: Kysely<Database>, actor: Actor): Promise<RobotPermissionOffer> {
  requireUser(actor);
  const project = ROBOT_PROJECT_PERMISSIONS.map(({ resource, action }) => ({ resource, action }));
  if (canAdminister(actor.subject)) return { system: ROBOT_SYSTEM_PERMISSIONS.map(({ resource, action }) => ({ resource, action })), project };
  const principal = principalOf(actor.subject);
  const { roles } = holdersOf('robot', 'create');
  const row = principal
    ? await db
        .selectFrom('project_members')
        .select('id')
        .where((eb) => rowsOfPrincipal(eb, principal))
        .where('role', 'in', roles)
        .limit(1)
        .executeTakeFirst()
    : undefined;
  if (!row) throw denied('Only system admins and project admins may see what robot accounts can be given.');
  return { project };
}
