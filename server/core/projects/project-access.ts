/**
 * Finding a project by name or id and checking what the caller may do there, with Harbor's
 * answers: 404 when there is no such project, 401 for an anonymous caller who lacks the
 * permission, 403 for a signed-in one.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { denied, notFound, unauthorized } from '../../lib/errors.js';
import type { Action, ProjectResource } from '../rbac/permissions.js';
import { can, projectAccess, type ProjectAccess } from '../rbac/access.js';
import type { Actor } from '../security/actor.js';
import { findProjectById, findProjectByName, type Project } from './project.repository.js';

type Db = Kysely<Database>;

/** A project as a request names it: an id, or a name. */
export type ProjectRef = { id: number } | { name: string };

const describe = (ref: ProjectRef) => ('id' in ref ? String(ref.id) : ref.name);

export async function findProject(db: Db, ref: ProjectRef): Promise<Project> {
  const project = 'id' in ref ? await findProjectById(db, ref.id) : await findProjectByName(db, ref.name);
  if (!project) throw notFound(`project ${describe(ref)} not found`);
  return project;
}

/** Throws unless the caller holds `resource:action` in the project. */
export function requireCan(actor: Actor, project: Project, access: ProjectAccess, resource: ProjectResource, action: Action): void {
  if (can(access, resource, action)) return;
  if (actor.subject.kind === 'anonymous') throw unauthorized('You need to sign in for this.');
  const what = resource === 'project' ? `project ${project.name}` : `the ${resource} of project ${project.name}`;
  throw denied(`You may not ${action} ${what}.`);
}

/** The project, once the caller is known to hold `resource:action` there. */
export async function projectFor(
  db: Db,
  actor: Actor,
  ref: ProjectRef,
  resource: ProjectResource,
  action: Action,
): Promise<{ project: Project; access: ProjectAccess }> {
  const project = await findProject(db, ref);
  const access = await projectAccess(db, actor.subject, project);
  requireCan(actor, project, access, resource, action);
  return { project, access };
}
