/**
 * A robot's permission list read as rows of the permission table: in a project, the pairs of
 * its "project" entries naming that project or "*", less any denied, and only pairs the table
 * offers robots (ROBOT_PROJECT_PERMISSIONS), so a stored list can never grant more than creation
 * accepted. can() then answers for robots as for users.
 */
import { ROBOT_PROJECT_PERMISSIONS, ROBOT_SYSTEM_PERMISSIONS, type Permission } from '../rbac/permissions.js';
import type { RobotIdentity, RobotPermission } from './robot-model.js';

const OFFERED = new Set<string>(ROBOT_PROJECT_PERMISSIONS.map(({ resource, action }) => `${resource}:${action}`));
const OFFERED_SYSTEM = new Set<string>(ROBOT_SYSTEM_PERMISSIONS.map(({ resource, action }) => `${resource}:${action}`));

/** Whether an entry names the project: by name, by id (Harbor accepts both), or "*". */
const names = (entry: RobotPermission, project: { id: number; name: string }) =>
  entry.namespace === '*' || entry.namespace === project.name || entry.namespace === String(project.id);

export function robotGrantsIn(robot: Pick<RobotIdentity, 'level' | 'projectId' | 'permissions'>, project: { id: number; name: string }): ReadonlySet<Permission> {
  // A project robot acts in its own project only, whatever its list says.
  if (robot.level === 'project' && robot.projectId !== project.id) return new Set();
  const entries = robot.permissions.filter((entry) => entry.kind === 'project' && names(entry, project));
  const allowed = new Set<Permission>();
  const deniedPairs = new Set<string>();
  for (const entry of entries) {
    for (const access of entry.access) {
      const pair = `${access.resource}:${access.action}`;
      if (access.effect === 'deny') deniedPairs.add(pair);
      else if (OFFERED.has(pair)) allowed.add(pair as Permission);
    }
  }
  for (const pair of deniedPairs) allowed.delete(pair as Permission);
  return allowed;
}

/** Whether a system robot holds a system-level pair (audit-log:list, project:create ...). */
export function robotHoldsSystem(robot: Pick<RobotIdentity, 'level' | 'permissions'>, resource: string, action: string): boolean {
  const pair = `${resource}:${action}`;
  if (robot.level !== 'system' || !OFFERED_SYSTEM.has(pair)) return false;
  const entries = robot.permissions.filter((entry) => entry.kind === 'system');
  const grants = entries.flatMap((entry) => entry.access.filter((a) => `${a.resource}:${a.action}` === pair));
  return grants.length > 0 && grants.every((a) => a.effect !== 'deny');
}
