/**
 * `can()`: whether a subject may act on a project's resource. The caller's standing in a
 * project (public flag, roles) is looked up once per request with `projectAccess()`; `can()`
 * itself is a pure function of that, so the token service, the registry and the API share it.
 * A system admin may do everything; a project that does not exist allows nothing.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { findRolesOf } from '../members/member.repository.js';
import type { RoleId } from '../members/roles.js';
import { robotGrantsIn } from '../robots/robot-grants.js';
import { principalOf, type Subject } from '../security/subject.js';
import {
  ACTIONS,
  PROJECT_RESOURCES,
  PUBLIC_PROJECT_PERMISSIONS,
  REGISTRY_ACTIONS,
  ROLE_PERMISSIONS,
  type Action,
  type Permission,
  type ProjectResource,
  type RegistryAction,
} from './permissions.js';

/** The caller's standing in one project. */
export interface ProjectAccess {
  projectId: number;
  public: boolean;
  /**
   * The caller's roles there: their own and their groups' (empty for non-members and anonymous
   * callers). can() allows what any of them allows, so the effective role is the strongest.
   */
  roles: RoleId[];
  sysadmin: boolean;
  /** A robot's grants in the project, rows of the same table (core/robots/robot-grants.ts). */
  grants?: ReadonlySet<Permission>;
}

export async function projectAccess(
  db: Kysely<Database>,
  subject: Subject,
  project: { id: number; public: boolean; name: string },
): Promise<ProjectAccess> {
  const sysadmin = subject.kind === 'user' && subject.user.sysadmin;
  const principal = principalOf(subject);
  const roles = principal && !sysadmin ? await findRolesOf(db, project.id, principal) : [];
  const grants = subject.kind === 'robot' ? robotGrantsIn(subject.robot, project) : undefined;
  return { projectId: project.id, public: project.public, roles, sysadmin, grants };
}

export function can(access: ProjectAccess | null, resource: ProjectResource, action: Action): boolean {
  if (!access) return false;
  if (access.sysadmin) return true;
  const permission: Permission = `${resource}:${action}`;
  if (access.public && PUBLIC_PROJECT_PERMISSIONS.has(permission)) return true;
  if (access.grants?.has(permission)) return true;
  return access.roles.some((role) => ROLE_PERMISSIONS[role].has(permission));
}

/** Every permission the caller holds in the project: GET /users/current/permissions. */
export function permissionsIn(access: ProjectAccess | null): { resource: ProjectResource; action: Action }[] {
  return PROJECT_RESOURCES.flatMap((resource) =>
    ACTIONS.filter((action) => can(access, resource, action)).map((action) => ({ resource, action })),
  );
}

/** The registry actions (pull, push, delete) the caller holds: what a token may grant. */
export function registryActions(access: ProjectAccess | null): RegistryAction[] {
  return (Object.keys(REGISTRY_ACTIONS) as RegistryAction[]).filter((action) => {
    const [resource, verb] = REGISTRY_ACTIONS[action].split(':') as [ProjectResource, Action];
    return can(access, resource, verb);
  });
}

/**
 * Who holds a permission, for queries that list what a caller may see: the roles that grant it,
 * and whether a public project grants it to everyone. Read from the same table as can().
 */
export function holdersOf(resource: ProjectResource, action: Action): { roles: RoleId[]; publicProjects: boolean } {
  const permission: Permission = `${resource}:${action}`;
  const roles = (Object.keys(ROLE_PERMISSIONS).map(Number) as RoleId[]).filter((role) => ROLE_PERMISSIONS[role].has(permission));
  return { roles, publicProjects: PUBLIC_PROJECT_PERMISSIONS.has(permission) };
}

/** System-level resources (users, audit log, configuration, catalog...): system admins only. */
export const canAdminister = (subject: Subject) => subject.kind === 'user' && subject.user.sysadmin;
