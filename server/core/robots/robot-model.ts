/**
 * A robot account as the rest of Berth sees it, and Harbor's permission list. No imports: the
 * security subject and the permission table both name these types.
 */

/** One grant in Harbor's shape; effect "deny" takes the pair away again. */
export interface RobotAccess {
  resource: string;
  action: string;
  effect?: string;
}

/**
 * Harbor's RobotPermission: `kind` is "project" (namespace a project name, or "*" for every
 * project, system robots only) or "system" (namespace "/").
 */
export interface RobotPermission {
  kind: string;
  namespace: string;
  access: RobotAccess[];
}

export type RobotLevel = 'system' | 'project';

export interface Robot {
  id: number;
  /** As stored: `<project>+<name>` for project robots, `<name>` for system robots; no prefix. */
  name: string;
  description: string;
  level: RobotLevel;
  projectId: number | null;
  duration: number;
  /** Epoch seconds; -1 never. */
  expiresAt: number;
  disabled: boolean;
  permissions: RobotPermission[];
  creatorType: string;
  creatorRef: number;
  creationTime: string;
  updateTime: string;
}

/** The robot behind a request: what it may do and the name it signs with (prefix included). */
export interface RobotIdentity {
  id: number;
  fullName: string;
  level: RobotLevel;
  projectId: number | null;
  permissions: RobotPermission[];
}

export const isExpired = (robot: Pick<Robot, 'expiresAt'>, now = Date.now()) => robot.expiresAt !== -1 && robot.expiresAt * 1000 <= now;
