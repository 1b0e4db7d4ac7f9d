/**
 * Checks a robot request against Harbor's rules (handler/robot.go validate, validateName):
 * the name, the level, the duration, and a permission list whose every pair the permission
 * table offers robots. Messages name the console's fields.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { invalid, notFound } from '../../lib/errors.js';
import { ROBOT_NAME as NAME } from '../../api/contracts/rules/names.js';
import { passwordProblem } from '../../api/contracts/rules/users.js';
import { ROBOT_PROJECT_PERMISSIONS, ROBOT_SYSTEM_PERMISSIONS } from '../rbac/permissions.js';
import { findProjectById, findProjectByName, type Project } from '../projects/project.repository.js';
import type { RobotLevel, RobotPermission } from './robot-model.js';

const MAX_DURATION = 2 ** 31 - 1;
const DAY_S = 86_400;

export function checkRobotName(name: string | undefined): string {
  if (!name) throw invalid('Name is required.', 'name');
  if (name.length > 255 || !NAME.test(name)) {
    throw invalid('Name must be lower-case letters and digits, with single . _ or - between them.', 'name');
  }
  return name;
}

export function checkLevel(level: string | undefined): RobotLevel {
  if (level !== 'system' && level !== 'project') throw invalid('Level must be system or project.', 'level');
  return level;
}

export function checkDuration(duration: number): number {
  if (!Number.isInteger(duration) || !(duration === -1 || (duration > 0 && duration < MAX_DURATION))) {
    throw invalid('Expiration must be -1 (never) or a positive number of days.', 'duration');
  }
  return duration;
}

/** Epoch seconds the robot stops working, counted from its creation; -1 for never. */
export const expiryOf = (duration: number, creationTime: string) =>
  duration === -1 ? -1 : Math.floor(new Date(creationTime).getTime() / 1000) + duration * DAY_S;

export function checkSecret(secret: string): string {
  const problem = passwordProblem(secret);
  if (problem) throw invalid(problem.replace('The password', 'The secret'), 'secret');
  return secret;
}

/** 32 characters of letters and digits, with at least one of each case and a digit (Harbor's rule). */
export function generateSecret(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (;;) {
    const secret = [...randomBytes(32)].map((b) => alphabet[b % alphabet.length]).join('');
    if (!passwordProblem(secret)) return secret;
  }
}

const offered = (kind: string) =>
  new Set((kind === 'system' ? ROBOT_SYSTEM_PERMISSIONS : ROBOT_PROJECT_PERMISSIONS).map(({ resource, action }) => `${resource}:${action}`));

async function projectNamed(db: Kysely<Database>, namespace: string): Promise<Project> {
  const project = /^\d+$/.test(namespace) ? await findProjectById(db, Number(namespace)) : await findProjectByName(db, namespace);
  if (!project) throw notFound(`Permissions name project ${namespace}, which does not exist.`);
  return project;
}

export interface CheckedPermissions {
  permissions: RobotPermission[];
  /** The project of a project-level robot. */
  project: Project | null;
}

/**
 * Harbor's rules: at least one entry, each with access; a project robot has exactly one project
 * entry; system robots may name projects, "*" (every project) or the system ("/"). Project names
 * are stored as names even when given as ids.
 */
export async function checkPermissions(db: Kysely<Database>, level: RobotLevel, given: RobotPermission[] | undefined): Promise<CheckedPermissions> {
  if (!given?.length) throw invalid('Permissions are required: choose at least one.', 'permissions');
  if (level === 'project' && (given.length !== 1 || given[0]!.kind !== 'project')) {
    throw invalid('A project robot account has permissions in its own project only.', 'permissions');
  }
  let project: Project | null = null;
  const permissions: RobotPermission[] = [];
  for (const entry of given) {
    if (entry.kind !== 'project' && entry.kind !== 'system') throw invalid(`Permission kind must be project or system, not ${entry.kind}.`, 'permissions');
    if (!entry.access?.length) throw invalid('Each permission needs at least one resource and action.', 'permissions');
    const pairs = offered(entry.kind);
    for (const access of entry.access) {
      if (!pairs.has(`${access.resource}:${access.action}`)) {
        throw invalid(`A robot account cannot be given ${access.action} on ${access.resource} at ${entry.kind} level.`, 'permissions');
      }
      if (access.effect !== undefined && access.effect !== 'allow' && access.effect !== 'deny') {
        throw invalid('Effect must be allow or deny.', 'permissions');
      }
    }
    let namespace = entry.namespace;
    if (entry.kind === 'system') namespace = '/';
    else if (namespace === '*') {
      if (level === 'project') throw invalid('A project robot account cannot cover every project.', 'permissions');
    } else {
      const named = await projectNamed(db, namespace ?? '');
      if (level === 'project') project = named;
      namespace = named.name;
    }
    const access = entry.access.map(({ resource, action, effect }) => ({ resource, action, effect: effect ?? 'allow' }));
    permissions.push({ kind: entry.kind, namespace, access });
  }
  return { permissions, project };
}
